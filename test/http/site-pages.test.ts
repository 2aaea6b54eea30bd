import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';

let t: TestApp;
let editor: AdminClient;
let writer: AdminClient;
before(async () => {
  t = await startTestApp();
  editor = await signedIn(t.app, t.services, 'editor', 'Site Editor');
  writer = await signedIn(t.app, t.services, 'writer', 'Site Writer');
});
after(async () => {
  await t.close();
});

describe('static pages', () => {
  test('an editor creates a page, drafts are not public, publishing puts it at /pages/{slug}/ with its body sanitized; each save is a revision', async () => {
    const list = await editor.get('/admin/pages/');
    assert.equal(list.statusCode, 200);
    await assertValidHtml(list.body, 'pages list');
    assert.match(list.body, /Corrections policy/, 'the demo has its pages');
    const created = await editor.post('/admin/pages/', { title: 'Ethics code', slug: 'ethics' });
    assert.equal(created.statusCode, 303);
    const id = Number(/\/admin\/pages\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    const editing = await editor.get(`/admin/pages/${id}/`);
    await assertValidHtml(editing.body, 'page editor');
    assert.equal((await t.app.inject({ url: '/pages/ethics/' })).statusCode, 404, 'a draft is not public');
    const saved = await editor.post(`/admin/pages/${id}/`, {
      version: '1', title: 'Ethics code', slug: 'ethics', status: 'published',
      bodyHtml: '<p>We do not pay sources.<script>alert(1)</script><img src=x onerror=alert(2)></p><blockquote class="pull-quote"><p>Fair to all.</p></blockquote>',
    });
    assert.equal(saved.statusCode, 200);
    const page = await t.app.inject({ url: '/pages/ethics/' });
    assert.equal(page.statusCode, 200);
    await assertValidHtml(page.body, 'static page');
    const view = parsePage(page.body);
    assert.equal(view.text('h1'), 'Ethics code');
    assert.doesNotMatch(page.body, /<script>alert|onerror/);
    assert.equal(view.$('.story-body .pull-quote').length, 1);
    const stale = await editor.post(`/admin/pages/${id}/`, { version: '1', title: 'Stale', slug: 'ethics', status: 'published', bodyHtml: '<p>x</p>' });
    assert.equal(stale.statusCode, 409);
    const taken = await editor.post(`/admin/pages/${id}/`, { version: '2', title: 'Ethics code', slug: 'about', status: 'published', bodyHtml: '<p>x</p>' });
    assert.equal(taken.statusCode, 409, 'a slug another page has');
    const revisions = await t.services.storage.pages.revisions(id, { limit: 10, offset: 0 });
    assert.deepEqual(revisions.items.map((r) => r.version), [2, 1]);
    assert.equal((await writer.get('/admin/pages/')).statusCode, 403);
    assert.equal((await writer.post('/admin/pages/', { title: 'Mine', slug: 'mine' })).statusCode, 403);
  });

  test('a correction notice links to the published corrections policy', async () => {
    const live = (await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 1, offset: 0 })).items[0]!;
    const article = (await t.services.storage.articles.findForEdit(live.id))!;
    const res = await editor.request({ method: 'PUT', url: `/admin/api/articles/${live.id}`, json: { version: article.version, content: { ...article.content, seo: undefined }, publicChange: { kind: 'correction', note: 'An earlier version misspelled the mayor’s name.' } } });
    assert.equal(res.statusCode, 200, res.body);
    const path = (await t.services.reader.article(live.id, ''))?.kind === 'redirect' ? ((await t.services.reader.article(live.id, '')) as { location: string }).location : '';
    const page = parsePage((await t.app.inject({ url: path })).body);
    assert.equal(page.$('.story-history .policy-link a').attr('href'), '/pages/corrections-policy/');
  });
});

describe('menus', () => {
  test('an editor edits the footer menu and every page shows it at once; bad links are refused and change nothing', async () => {
    const before = parsePage((await t.app.inject({ url: '/' })).body).texts('footer nav a');
    assert.ok(before.includes('Corrections policy'));
    const menus = await editor.get('/admin/menus/');
    await assertValidHtml(menus.body, 'menus page');
    const refused = await editor.post('/admin/menus/footer', { 'label[]': ['Bad', 'Worse'], 'href[]': ['javascript:alert(1)', '//evil.example/'] });
    assert.equal(refused.statusCode, 422);
    assert.match(parsePage(refused.body).text('.flash'), /link 1 address/);
    assert.deepEqual(parsePage((await t.app.inject({ url: '/' })).body).texts('footer nav a'), before);
    const saved = await editor.post('/admin/menus/footer', { 'label[]': ['Ethics <b>code</b>', '', 'Newsletter'], 'href[]': ['/pages/ethics/', '', 'https://news.example.org/letters'] });
    assert.equal(saved.statusCode, 200);
    for (const url of ['/', '/society/', '/pages/about/']) {
      const page = parsePage((await t.app.inject({ url })).body);
      assert.deepEqual(page.texts('footer nav a'), ['Ethics <b>code</b>', 'Newsletter'], url);
      assert.deepEqual(page.attrs('footer nav a', 'href'), ['/pages/ethics/', 'https://news.example.org/letters'], url);
    }
    const header = await editor.post('/admin/menus/header', { 'label[]': ['Politics', 'About'], 'href[]': ['/politics/', '/pages/about/'] });
    assert.equal(header.statusCode, 200);
    assert.deepEqual(parsePage((await t.app.inject({ url: '/' })).body).texts('nav.sections-nav a'), ['Home', 'Politics', 'About']);
    assert.equal((await writer.post('/admin/menus/footer', { 'label[]': ['x'], 'href[]': ['/x/'] })).statusCode, 403);
  });
});

describe('redirects', () => {
  test('an archive’s thousands of redirects: the list pages and finds by old or new address; a percent-encoded address matches however its escapes are written', async () => {
    for (let i = 0; i < 130; i++) await t.services.storage.redirects.put({ from: `/archive/${String(i).padStart(3, '0')}/`, to: `/pages/about/?n=${i}`, createdAt: i, createdBy: null });
    const first = await editor.get('/admin/redirects/');
    assert.match(first.body, /Page 1 of 2/);
    assert.match(first.body, /rel="next"/);
    const found = await editor.get('/admin/redirects/?q=%2Farchive%2F12');
    assert.match(found.body, /10 redirects matching/);
    const second = await editor.get('/admin/redirects/?page=2');
    await assertValidHtml(second.body, 'redirects page 2');
    assert.match(second.body, /Page 2 of 2/);
    assert.equal((await editor.get('/admin/redirects/?page=abc')).statusCode, 400);
    assert.equal((await editor.get('/admin/redirects/?q=100%25_')).statusCode, 200, 'LIKE wildcards are matched literally');
    assert.equal((await editor.post('/admin/redirects/', { from: '/tag/%e6%97%a5%e6%9c%ac/', to: '/tag/japan/' })).statusCode, 200);
    for (const spelling of ['/tag/%E6%97%A5%E6%9C%AC/', '/tag/%e6%97%a5%e6%9c%ac/']) {
      const res = await t.app.inject({ url: spelling });
      assert.equal(res.statusCode, 301, spelling);
      assert.equal(res.headers.location, '/tag/japan/');
    }
    for (let i = 0; i < 130; i++) await t.services.storage.redirects.remove(`/archive/${String(i).padStart(3, '0')}/`);
  });

  test('an editor redirects old addresses (with or without a query string); a live page is never hidden; bad addresses are refused', async () => {
    const list = await editor.get('/admin/redirects/');
    assert.equal(list.statusCode, 200);
    await assertValidHtml(list.body, 'redirects page');
    assert.equal((await t.app.inject({ url: '/2019/05/harbour-lights/' })).statusCode, 404);
    assert.equal((await editor.post('/admin/redirects/', { from: '/2019/05/harbour-lights/', to: '/pages/about/' })).statusCode, 200);
    assert.equal((await editor.post('/admin/redirects/', { from: '/?p=123', to: '/society/' })).statusCode, 200);
    assert.equal((await editor.post('/admin/redirects/', { from: '/tag/old-harbour/', to: '/pages/contact/' })).statusCode, 200);
    assert.equal((await editor.post('/admin/redirects/', { from: '/society/', to: '/pages/about/' })).statusCode, 200);
    for (const [from, to] of [['/2019/05/harbour-lights/', '/pages/about/'], ['/?p=123', '/society/'], ['/tag/old-harbour/', '/pages/contact/'], ['/2019/05/harbour-lights/?utm_source=x', '/pages/about/']]) {
      const res = await t.app.inject({ url: from! });
      assert.equal(res.statusCode, 301, from);
      assert.equal(res.headers.location, to, from);
    }
    assert.equal((await t.app.inject({ url: '/society/' })).statusCode, 200, 'a live page is never hidden by a redirect');
    for (const [from, to] of [['no-slash', '/x/'], ['//evil.example/', '/x/'], ['/a b', '/x/'], ['/ok/', 'javascript:alert(1)'], ['/ok/', '//evil.example/'], ['/same/', '/same/']]) {
      const res = await editor.post('/admin/redirects/', { from: from!, to: to! });
      assert.equal(res.statusCode, 422, `${from} → ${to}`);
    }
    assert.equal((await editor.post('/admin/redirects/remove', { from: '/2019/05/harbour-lights/' })).statusCode, 200);
    assert.equal((await t.app.inject({ url: '/2019/05/harbour-lights/' })).statusCode, 404);
    assert.equal((await writer.post('/admin/redirects/', { from: '/x/', to: '/y/' })).statusCode, 403);
  });
});
