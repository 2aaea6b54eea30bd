import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';

let t: TestApp;
let editor: AdminClient;
before(async () => {
  t = await startTestApp();
  editor = await signedIn(t.app, t.services, 'editor', 'Tax Editor');
});
after(async () => {
  await t.close();
});

describe('curating tags and sections', () => {
  test('describe a tag, merge one into another (its address redirects), delete one (its articles lose it)', async () => {
    const page = await editor.get('/admin/taxonomy/');
    await assertValidHtml(page.body, 'taxonomy page');
    const tags = (await t.services.storage.tags.search('', 100)).filter((x) => x.articles > 0);
    const [a, b, c] = tags as [typeof tags[number], typeof tags[number], typeof tags[number]];
    assert.equal((await editor.post(`/admin/taxonomy/tags/${b.id}/describe`, { description: 'Everything about the harbour.' })).statusCode, 200);
    assert.equal(parsePage((await t.app.inject({ url: `/tag/${b.slug}/` })).body).text('.listing-description'), 'Everything about the harbour.');

    const aArticles = (await t.services.storage.articles.list({ kind: 'tag', id: a.id }, { limit: 100, offset: 0 })).items.map((x) => x.id);
    const merged = await editor.post(`/admin/taxonomy/tags/${a.id}/merge`, { into: String(b.id) });
    assert.equal(merged.statusCode, 200);
    const old = await t.app.inject({ url: `/tag/${a.slug}/` });
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, `/tag/${b.slug}/`);
    const bArticles = (await t.services.storage.articles.list({ kind: 'tag', id: b.id }, { limit: 200, offset: 0 })).items.map((x) => x.id);
    assert.ok(aArticles.every((id) => bArticles.includes(id)), 'the merged tag’s articles carry the other tag');

    const cArticles = (await t.services.storage.articles.list({ kind: 'tag', id: c.id }, { limit: 100, offset: 0 })).items.map((x) => x.id);
    assert.equal((await editor.post(`/admin/taxonomy/tags/${c.id}/delete`, {})).statusCode, 200);
    assert.equal((await t.app.inject({ url: `/tag/${c.slug}/` })).statusCode, 404);
    const article = (await t.services.storage.articles.findForEdit(cArticles[0]!))!;
    assert.ok(!article.content.tagIds.includes(c.id));
    assert.equal((await editor.post(`/admin/taxonomy/tags/${b.id}/merge`, { into: String(b.id) })).statusCode, 422, 'not into itself');
  });

  test('move a section up: the navigation order follows on every page; a section with articles cannot be deleted', async () => {
    const nav = async () => parsePage((await t.app.inject({ url: '/' })).body).texts('nav.sections-nav a').slice(1);
    const before = await nav();
    const roots = (await t.services.storage.sections.listAll()).filter((s) => s.parentId === null);
    const second = roots[1]!;
    assert.equal((await editor.post(`/admin/taxonomy/sections/${second.id}/move`, { direction: 'up' })).statusCode, 200);
    const after = await nav();
    assert.deepEqual(after.slice(0, 2), [before[1], before[0]]);
    const refused = await editor.post(`/admin/taxonomy/sections/${second.id}/delete`, {});
    assert.equal(refused.statusCode, 422);
    assert.match(parsePage(refused.body).text('.flash'), /only an empty section can be deleted/);
    const created = await editor.post('/admin/taxonomy/sections', { name: 'Obituaries', parentId: '', description: '' });
    assert.equal(created.statusCode, 200);
    const obits = (await t.services.storage.sections.listAll()).find((s) => s.slug === 'obituaries')!;
    assert.equal((await editor.post(`/admin/taxonomy/sections/${obits.id}/delete`, {})).statusCode, 200);
    assert.ok(!(await nav()).includes('Obituaries'));
  });
});
