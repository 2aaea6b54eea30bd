import { test } from 'node:test';
import { signedIn } from '../test/helpers/admin-client.ts';
import { startTestApp } from '../test/helpers/demo-app.ts';
test('mp', async () => {
  const t = await startTestApp({ seed: false });
  const ed = await signedIn(t.app, t.services, 'editor', 'Ed');
  for (const [ct, body] of [['multipart/form-data; boundary=x', 'garbage'], ['multipart/form-data', 'garbage'], ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc'], ['multipart/form-data; boundary=x', '--x\r\nbad header\r\n\r\nabc\r\n--x--']]) {
    for (const url of ['/admin/api/media', `/admin/media/?_csrf=${encodeURIComponent(ed.csrf)}`]) {
      const r = await ed.request({ method: 'POST', url, headers: { 'content-type': ct }, payload: body });
      console.log(url.slice(0, 16), JSON.stringify(ct), r.statusCode, r.body.slice(0, 100).replace(/\n/g, ' '));
    }
  }
  await t.close();
});
