import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { actorOf } from '../../src/core/access/types.ts';
import { createDraft } from '../../src/core/newsroom/create-draft.ts';
import { AdminClient, signedIn, TEST_PASSWORD } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { parsePage } from '../helpers/dom.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

function multipart(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer }) {
  const boundary = `----broadsheet${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
  parts.push(file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('CSRF', () => {
  let editor: AdminClient;
  let articleId: number;
  before(async () => {
    editor = await signedIn(t.app, t.services, 'editor', 'Csrf Editor');
    ({ id: articleId } = await createDraft({ storage: t.services.storage, clock: t.clock }, actorOf(editor.user!), { headline: 'CSRF target', subsectionId: (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id }));
  });

  test('a form post without the token, or with a wrong one, is refused with 403 and changes nothing', async () => {
    const before = await t.services.storage.articles.findForEdit(articleId);
    for (const token of [undefined, '', 'forged-token', `${editor.csrf}x`]) {
      const res = await editor.request({ method: 'POST', url: `/admin/articles/${articleId}/workflow`, form: { version: '1', action: 'publish', ...(token !== undefined ? { _csrf: token } : {}) }, withCsrf: false });
      assert.equal(res.statusCode, 403, `token ${token}`);
      assert.match(res.body, /BS_ERR_AUTH_CSRF/);
    }
    assert.deepEqual(await t.services.storage.articles.findForEdit(articleId), before);
  });

  test('the JSON API needs the token in X-CSRF-Token', async () => {
    const res = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Unprotected' }, withCsrf: false });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'BS_ERR_AUTH_CSRF');
    const ok = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Protected' } });
    assert.equal(ok.statusCode, 201);
  });

  test('a token is bound to its session: another user’s token does not work', async () => {
    const other = await signedIn(t.app, t.services, 'editor', 'Other Editor');
    const res = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Stolen token' }, headers: { 'x-csrf-token': other.csrf }, withCsrf: false });
    assert.equal(res.statusCode, 403);
  });

  test('cross-site requests are refused even with a token', async () => {
    const crossSite = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Cross' }, headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.statusCode, 403);
    const foreignOrigin = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Cross' }, headers: { origin: 'https://evil.example' } });
    assert.equal(foreignOrigin.statusCode, 403);
    const sameOrigin = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: 'Same' }, headers: { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' } });
    assert.equal(sameOrigin.statusCode, 201);
  });

  test('the login form itself is protected (no login CSRF)', async () => {
    const anon = new AdminClient(t.app);
    const res = await anon.request({ method: 'POST', url: '/admin/login', form: { email: 'x@example.com', password: 'whatever it is' }, withCsrf: false });
    assert.equal(res.statusCode, 403);
  });
});

describe('logins', () => {
  test('the same answer for an unknown account and a wrong password', async () => {
    await signedIn(t.app, t.services, 'writer', 'Known Writer');
    const a = new AdminClient(t.app);
    await a.get('/admin/login');
    const unknown = await a.post('/admin/login', { email: 'nobody@example.com', password: 'some wrong password' });
    const wrong = await a.post('/admin/login', { email: 'knownwriter@example.com', password: 'some wrong password' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.statusCode, 401);
    const message = (body: string) => parsePage(body).text('.flash.flash-error p');
    assert.equal(message(unknown.body), message(wrong.body));
    assert.equal(message(unknown.body), 'The email or password is not right');
  });

  test('throttled per account: after 5 failures even the right password waits, with Retry-After', async () => {
    await signedIn(t.app, t.services, 'writer', 'Target Writer');
    const a = new AdminClient(t.app);
    await a.get('/admin/login');
    for (let i = 0; i < 5; i++) assert.equal((await a.post('/admin/login', { email: 'targetwriter@example.com', password: `wrong guess ${i}` })).statusCode, 401);
    const blocked = await a.post('/admin/login', { email: 'targetwriter@example.com', password: TEST_PASSWORD });
    assert.equal(blocked.statusCode, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(a.cookies.get('bs_session'), undefined);
  });

  test('throttled per address, and X-Forwarded-For from an untrusted client changes nothing', async () => {
    await signedIn(t.app, t.services, 'writer', 'Spray Target');
    const a = new AdminClient(t.app);
    await a.get('/admin/login');
    for (let i = 0; i < 20; i++) {
      await a.request({ method: 'POST', url: '/admin/login', form: { email: `spray${i}@example.com`, password: 'password guess here' }, headers: { 'x-forwarded-for': `203.0.113.${i}` }, remoteAddress: '198.51.100.7' });
    }
    const res = await a.request({ method: 'POST', url: '/admin/login', form: { email: 'spraytarget@example.com', password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.250' }, remoteAddress: '198.51.100.7' });
    assert.equal(res.statusCode, 429, 'the address is throttled whatever it claims');
    const elsewhere = await a.request({ method: 'POST', url: '/admin/login', form: { email: 'spraytarget@example.com', password: TEST_PASSWORD }, remoteAddress: '198.51.100.8' });
    assert.equal(elsewhere.statusCode, 303, 'the account itself is fine from elsewhere');
  });
});

describe('sessions and cookies', () => {
  test('a session id planted before login is replaced, and never becomes valid', async () => {
    const user = await signedIn(t.app, t.services, 'writer', 'Fixation Writer');
    const victim = new AdminClient(t.app);
    victim.cookies.set('bs_session', 'attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    await victim.get('/admin/login');
    const res = await victim.post('/admin/login', { email: user.user!.email, password: TEST_PASSWORD });
    assert.equal(res.statusCode, 303);
    const issued = victim.cookies.get('bs_session');
    assert.ok(issued && issued !== 'attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const attacker = new AdminClient(t.app);
    attacker.cookies.set('bs_session', 'attacker-chosen-value-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    const probe = await attacker.get('/admin/articles/');
    assert.equal(probe.statusCode, 303);
    assert.match(String(probe.headers.location), /^\/admin\/login/);
    // A second login also issues a new id.
    await victim.post('/admin/login', { email: user.user!.email, password: TEST_PASSWORD }).catch(() => undefined);
  });

  test('cookies are HttpOnly, SameSite, scoped to /admin; reader pages set none', async () => {
    const anon = new AdminClient(t.app);
    await anon.get('/admin/login');
    const res = await anon.post('/admin/login', { email: 'root@example.com', password: TEST_PASSWORD });
    const session = res.cookies.find((c) => c.name === 'bs_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.path, '/admin');
    assert.equal(session.secure, undefined, 'plain http: not Secure (https sets it)');
    const csrfCookie = (await anon.get('/admin/login')).cookies.find((c) => c.name === 'bs_csrf');
    void csrfCookie;
    const page = await t.app.inject({ url: '/', headers: { cookie: `bs_session=${session.value}` } });
    assert.equal(page.headers['set-cookie'], undefined);
    const admin = await anon.get('/admin/articles/');
    assert.equal(admin.headers['cache-control'], 'no-store');
    assert.match(String(admin.headers['x-robots-tag']), /noindex/);
  });

  test('logout ends the session on the server', async () => {
    const c = await signedIn(t.app, t.services, 'writer', 'Logout Writer');
    const token = c.cookies.get('bs_session')!;
    assert.equal((await c.post('/admin/logout')).statusCode, 303);
    const replay = new AdminClient(t.app);
    replay.cookies.set('bs_session', token);
    assert.equal((await replay.get('/admin/articles/')).statusCode, 303);
  });

  test('disabling a user ends their sessions at once', async () => {
    const admin = await signedIn(t.app, t.services, 'admin', 'Disabling Admin');
    const victim = await signedIn(t.app, t.services, 'writer', 'Disabled Writer');
    assert.equal((await victim.get('/admin/articles/')).statusCode, 200);
    await admin.get('/admin/users/');
    const res = await admin.post(`/admin/users/${victim.user!.id}`, { role: 'writer', status: 'disabled' });
    assert.equal(res.statusCode, 200);
    assert.equal((await victim.get('/admin/articles/')).statusCode, 303);
  });
});

describe('uploads', () => {
  let writer: AdminClient;
  before(async () => {
    writer = await signedIn(t.app, t.services, 'contributor', 'Upload Contributor');
  });

  async function upload(name: string, type: string, bytes: Buffer) {
    const { payload, contentType } = multipart({ caption: 'c', credit: 'k', alt: 'a' }, { name, type, bytes });
    return writer.request({ method: 'POST', url: '/admin/api/media', payload, headers: { 'content-type': contentType } });
  }

  test('a script named .jpg is refused by its content; nothing is stored', async () => {
    const before = (await t.services.storage.media.list('', { limit: 1, offset: 0 })).total;
    for (const [name, type, body] of [
      ['photo.jpg', 'image/jpeg', '<script>alert(document.cookie)</script>'],
      ['photo.php.jpg', 'image/jpeg', '<?php system($_GET["c"]); ?>'],
      ['vector.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'],
      ['page.png', 'image/png', '<!DOCTYPE html><html><body onload=alert(1)>'],
    ] as const) {
      const res = await upload(name, type, Buffer.from(body));
      assert.equal(res.statusCode, 422, name);
      assert.equal(res.json().error.code, 'BS_ERR_MEDIA_REJECTED', name);
    }
    assert.equal((await t.services.storage.media.list('', { limit: 1, offset: 0 })).total, before);
  });

  test('a real photo with a script appended is accepted, re-encoded, and the script is gone', async () => {
    const jpeg = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#884422' } }).jpeg().toBuffer();
    const res = await upload('polyglot.jpg', 'image/jpeg', Buffer.concat([jpeg, Buffer.from('<script>alert(1)</script>')]));
    assert.equal(res.statusCode, 201);
    const media = res.json().media;
    assert.equal(media.mime, 'image/jpeg');
    assert.ok(media.variants.length >= 2);
    const file = await t.app.inject({ url: `/media/${media.key}` });
    assert.equal(file.statusCode, 200);
    assert.ok(!file.rawPayload.includes(Buffer.from('<script>')), 'the stored file has no script');
    assert.match(String(file.headers['content-security-policy']), /sandbox/);
  });

  test('too large is 413; the wrong encoding is 415', async () => {
    const big = await upload('big.jpg', 'image/jpeg', Buffer.alloc(21 * 1024 * 1024, 1));
    assert.equal(big.statusCode, 413);
    const notMultipart = await writer.request({ method: 'POST', url: '/admin/api/media', json: { file: 'x' } });
    assert.equal(notMultipart.statusCode, 415);
  });
});

describe('contributors are untrusted', () => {
  test('script-capable input never reaches a page as markup', async () => {
    const payload = `"</script><svg onload=alert(1)><img src=x onerror=alert(2)>&{{7*7}}`;
    const contributor = await signedIn(t.app, t.services, 'contributor', 'Xss Contributor');
    const editor = await signedIn(t.app, t.services, 'editor', 'Xss Editor');
    const sub = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!;
    await contributor.get('/admin/articles/new');
    const created = await contributor.post('/admin/articles/', { headline: `Headline ${payload}`, subsectionId: String(sub.id) });
    assert.equal(created.statusCode, 303);
    const id = Number(/\/admin\/articles\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    await editor.get(`/admin/articles/${id}/`);
    const tag = await editor.request({ method: 'POST', url: '/admin/api/tags', json: { name: `Tag ${payload}`.slice(0, 60) } });
    const tagId = tag.json().tag.id;
    const save = await editor.request({
      method: 'PUT',
      url: `/admin/api/articles/${id}`,
      json: {
        version: 1,
        content: {
          headline: `Headline ${payload}`, summary: `Summary ${payload}`, dateline: `DATELINE ${payload}`.slice(0, 120),
          bodyHtml: `<p>Body ${payload}</p><p onclick="alert(3)">x<a href="javascript:alert(4)">link</a></p>`,
          subsectionId: sub.id, tagIds: [tagId], authorIds: [editor.user!.authorId], seriesId: null, leadMediaId: 1,
          leadCaption: `Caption ${payload}`, leadCredit: `Credit ${payload}`.slice(0, 200), leadAlt: `Alt ${payload}`, isTopStory: true,
        },
      },
    });
    assert.equal(save.statusCode, 200, save.body);
    const publish = await editor.request({ method: 'POST', url: `/admin/api/articles/${id}/workflow`, json: { version: save.json().version, action: 'publish' } });
    assert.equal(publish.statusCode, 200, publish.body);
    const article = await t.services.storage.articles.findPublished(id);
    const path = `/society/general-news/${t.services.time.dateKey(article!.publishedAt)}-${id}/`;
    const pages = [path, '/', '/society/', '/society/general-news/', `/tag/${tag.json().tag.slug}/`, `/admin/articles/${id}/`, `/admin/articles/${id}/preview`, '/admin/articles/', `/admin/articles/${id}/revisions/`];
    for (const url of pages) {
      const res = url.startsWith('/admin') ? await editor.get(url) : await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes('<svg onload'), `${url} has raw <svg onload`);
      assert.ok(!res.body.includes('<img src=x onerror'), `${url} has raw onerror image`);
      assert.ok(!res.body.includes('</script><svg'), `${url} breaks out of a script`);
      assert.ok(!/onclick=|javascript:alert/.test(res.body), `${url} keeps an event handler or javascript: URL`);
    }
  });
});
