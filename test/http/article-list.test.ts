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
  editor = await signedIn(t.app, t.services, 'editor', 'List Editor');
  writer = await signedIn(t.app, t.services, 'writer', 'List Writer');
});
after(async () => {
  await t.close();
});

/** The list's rows as headline, published cell, views cell and live link. */
async function rows(client: AdminClient, query: string) {
  const res = await client.get(`/admin/articles/${query}`);
  assert.equal(res.statusCode, 200, query);
  const page = parsePage(res.body);
  return {
    body: res.body,
    rows: page.$('table.data tbody tr').toArray().map((tr) => {
      const cells = page.$(tr).find('td').toArray().map((td) => page.$(td).text().trim());
      return { headline: cells[0] ?? '', published: cells[4] ?? '', views: cells[6] ?? '', live: page.$(tr).find('td:last-child a').attr('href'), edit: page.$(tr).find('td:first-child a').attr('href') };
    }),
  };
}

describe('the article list as a desk uses it', () => {
  test('sorted by headline, by publication and by last change; the sorted column says so', async () => {
    const byHeadline = await rows(editor, '?sort=headline');
    const names = byHeadline.rows.map((r) => r.headline.toLowerCase());
    assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    assert.equal(parsePage(byHeadline.body).$('th[aria-sort]').text().trim().replace(/\s*▲$/, ''), 'Headline');
    await assertValidHtml(byHeadline.body, 'the sorted list');
    const byPublished = await rows(editor, '?sort=published&status=published');
    const times = (await Promise.all(byPublished.rows.map(async (r) => (await t.services.storage.articles.findForEdit(Number(/(\d+)\/$/.exec(r.edit ?? '')?.[1])))!.publishedAt!)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest publication first');
  });

  test('each published row has its publication time, its views over 7 days and a link to the live page that answers', async () => {
    const { rows: list } = await rows(editor, '?status=published&sort=published');
    assert.ok(list.length > 5);
    let someViews = false;
    for (const row of list) {
      const id = Number(/(\d+)\/$/.exec(row.edit ?? '')?.[1]);
      assert.match(row.published, /\d{2}:\d{2} JST, \w+ \d{1,2}, \d{4}/);
      const now = t.clock.now();
      const from = Math.floor(now / 86_400_000) * 86_400_000 - 6 * 86_400_000;
      const expected = (await t.services.viewSource.series(id, '1d', from, now + 86_400_000)).reduce((s, b) => s + b.views, 0);
      assert.equal(row.views, expected.toLocaleString('en-US'), row.headline);
      if (expected > 0) someViews = true;
      assert.ok(row.live, `${row.headline} links its live page`);
      assert.equal((await t.app.inject({ url: row.live! })).statusCode, 200, row.live);
    }
    assert.ok(someViews, 'the demo has read articles');
  });

  test('filters: mine, a publication date range in the edition’s zone, and the quick links', async () => {
    await writer.get('/admin/articles/new');
    await writer.post('/admin/articles/', { headline: 'The writer’s own draft', subsectionId: String((await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id) });
    const mine = await rows(editor, '?mine=1');
    assert.equal(mine.rows.length, 0, 'the editor started none');
    const writers = await rows(writer, '?mine=1');
    assert.deepEqual(writers.rows.map((r) => r.headline), ['The writer’s own draft']);

    const all = (await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 1000, offset: 0 })).items;
    const day = t.services.time.localInput(all[0]!.publishedAt!).slice(0, 10);
    const start = t.services.time.parseLocal(`${day}T00:00`)!;
    const expected = all.filter((a) => a.publishedAt! >= start && a.publishedAt! < start + 86_400_000).map((a) => a.headline).sort();
    const { rows: onDay } = await rows(editor, `?from=${day}&to=${day}&status=published`);
    assert.deepEqual(onDay.map((r) => r.headline).sort(), expected);
    assert.ok(expected.length > 0);
    const junk = await editor.get('/admin/articles/?from=yesterday&to=2026-13-45');
    assert.equal(junk.statusCode, 200, 'a date that is not one is ignored, not an error');
    const badSort = await editor.get('/admin/articles/?sort=views;drop');
    assert.equal(badSort.statusCode, 400);
    assert.match(parsePage((await editor.get('/admin/articles/')).body).$('.quick-filters').text(), /Mine.*In review.*Scheduled/s);
  });
});
