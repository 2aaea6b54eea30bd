import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { captureLog, LEVEL, type LogLine } from '../helpers/log-capture.ts';
import { pngClaiming } from '../helpers/png-header.ts';
import { until } from '../helpers/wait.ts';

// Requests that are the client's fault (a malformed body, a connection closed mid-body) get a 4xx
// with a stable code and are logged at info at most: never a 500, never an error line.
let t: TestApp;
let editor: AdminClient;
let base: string;
const log = captureLog();
const errors = (): LogLine[] => log.lines.filter((l) => l.level >= LEVEL.error);

before(async () => {
  t = await startTestApp({ seed: false, app: { logger: log.logger } });
  editor = await signedIn(t.app, t.services, 'editor', 'Hostile Editor');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  assert.ok(address && typeof address === 'object');
  base = `127.0.0.1:${address.port}`;
});
after(async () => {
  await t.close();
});

describe('malformed multipart uploads', () => {
  const boundary = 'xyzzy';
  const bodies: [string, string, string][] = [
    ['boundary, body garbage', `multipart/form-data; boundary=${boundary}`, 'garbage'],
    ['no boundary', 'multipart/form-data', 'garbage'],
    ['empty boundary', 'multipart/form-data; boundary=', `--\r\n\r\n`],
    ['part header without a colon', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nnot a header\r\n\r\nabc\r\n--${boundary}--\r\n`],
    ['file part cut short', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff`],
    ['empty body', `multipart/form-data; boundary=${boundary}`, ''],
    ['boundary only', `multipart/form-data; boundary=${boundary}`, `--${boundary}--\r\n`],
    ['field without a name', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--${boundary}--\r\n`],
  ];

  test('answer 400 with a stable code on both upload routes, log nothing as an error, store nothing', async () => {
    const before = await t.services.storage.media.list('', { limit: 1, offset: 0 });
    for (const [what, contentType, payload] of bodies) {
      for (const url of ['/admin/api/media', `/admin/media/?_csrf=${encodeURIComponent(editor.csrf)}`]) {
        const res = await editor.request({ method: 'POST', url, headers: { 'content-type': contentType }, payload: Buffer.from(payload, 'latin1') });
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${what} at ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (url.startsWith('/admin/api/')) assert.match(res.json().error.code, /^BS_ERR_REQUEST_(INVALID|MEDIA_TYPE|TOO_LARGE)$/, `${what} at ${url}`);
        else assert.match(res.body, /class="flash flash-error"/, `${what} at ${url}: the page says what was wrong`);
      }
    }
    assert.deepEqual(errors(), []);
    assert.equal((await t.services.storage.media.list('', { limit: 1, offset: 0 })).total, before.total);
  });
});

describe('images over the pixel limit', () => {
  test('are refused with the limit named, not as "not an image"', async () => {
    for (const [w, h] of [[20_000, 20_000], [100_000, 501], [7072, 7072]]) {
      const boundary = 'pixelsboundary';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`),
        pngClaiming(w as number, h as number),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await editor.request({ method: 'POST', url: '/admin/api/media', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, 'BS_ERR_MEDIA_REJECTED');
      assert.match(res.json().error.message, new RegExp(`${(w as number).toLocaleString('en-US')} × ${(h as number).toLocaleString('en-US')} pixels.*the limit is 50,000,000 pixels`));
    }
  });
});

describe('clients that go away mid-request', () => {
  /** Sends the head and part of a body over a real socket, then closes the connection. */
  async function abandon(head: string, partialBody: string): Promise<void> {
    const [host, port] = base.split(':') as [string, string];
    const socket = connect(Number(port), host);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write(`${head}\r\n\r\n${partialBody}`);
    // The server has the head once it answers nothing yet but has read it; give it the bytes, then close.
    await new Promise<void>((resolve) => socket.end(resolve));
    socket.destroy();
  }

  test('a chunked beacon, a login form and a JSON call closed mid-body are logged at info, not as errors', async () => {
    const cases = [
      `POST /_/v HTTP/1.1\r\nHost: ${base}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked`,
      `POST /admin/login HTTP/1.1\r\nHost: ${base}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked`,
      `POST /admin/api/tags HTTP/1.1\r\nHost: ${base}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nCookie: ${[...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}\r\nX-CSRF-Token: ${editor.csrf}`,
    ];
    for (const head of cases) await abandon(head, '5\r\n{"a":');
    await until(() => log.lines.filter((l) => String(l.msg).includes('BS_ERR_REQUEST_ABORTED')).length >= cases.length, 'three aborted requests logged at info');
    const aborted = log.lines.filter((l) => String(l.msg).includes('BS_ERR_REQUEST_ABORTED'));
    assert.ok(aborted.every((l) => l.level === LEVEL.info));
    assert.deepEqual(errors(), [], 'no error lines');
    assert.ok(!log.lines.some((l) => String(l.msg).includes('BS_ERR_DB_UNAVAILABLE')), 'never classified as the database');
  });

  test('a beacon with a Content-Length whose body never arrives in full leaves no error either, and the server goes on', async () => {
    await abandon(`POST /_/v HTTP/1.1\r\nHost: ${base}\r\nContent-Type: application/json\r\nContent-Length: 40`, '{"a":1');
    const res = await fetch(`http://${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(errors(), []);
  });
});
