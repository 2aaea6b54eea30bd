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
  editor = await signedIn(t.app, t.services, 'editor', 'Front Editor');
  writer = await signedIn(t.app, t.services, 'writer', 'Front Writer');
});
after(async () => {
  await t.close();
});

/** Article ids in the home page's top-stories block, in order. */
async function homeTop(): Promise<number[]> {
  const page = parsePage((await t.app.inject({ url: '/' })).body);
  return page.$('.top-stories a[href]').toArray().map((a) => Number(/-(\d+)\/(?:[a-z0-9-]+\/)?$/.exec(page.$(a).attr('href') ?? '')?.[1])).filter((n, i, all) => n > 0 && all.indexOf(n) === i);
}

describe('front page curation without scripts', () => {
  test('the positions, removals and an added story become the home page order at once; a writer cannot', async () => {
    const screen = await editor.get('/admin/front-page/');
    assert.equal(screen.statusCode, 200);
    await assertValidHtml(screen.body, 'front page screen');
    const page = parsePage(screen.body);
    const current = page.attrs('#top-stories input[name="ids[]"]', 'value').map(Number);
    assert.ok(current.length >= 3, 'the demo has top stories');
    const candidate = Number(page.attrs('#add option[value]', 'value').find((v) => v !== ''));
    await homeTop(); // rendered and cached before the change
    // Reverse the order by position numbers, drop the last, add a candidate.
    const res = await editor.post('/admin/front-page/', {
      'ids[]': current.map(String),
      'positions[]': current.map((_, i) => String(current.length - i)),
      'remove[]': String(current[0]),
      add: String(candidate),
    });
    assert.equal(res.statusCode, 303);
    const expected = [...current.slice(1).reverse(), candidate];
    assert.deepEqual((await t.services.storage.articles.list({ kind: 'top' }, { limit: 50, offset: 0 })).items.map((a) => a.id), expected);
    const shown = await homeTop();
    assert.deepEqual(shown.slice(0, 3), expected.slice(0, 3), 'the home page follows on the next request');
    const audit = await t.services.storage.audit.recent(20);
    assert.ok(audit.some((e) => e.action === 'frontpage.arrange' && e.detail === expected.join(',')));

    assert.equal((await writer.get('/admin/front-page/')).statusCode, 403);
    assert.equal((await writer.post('/admin/front-page/', { 'ids[]': ['1'] })).statusCode, 403);
  });

  test('bad input is a 4xx naming the problem, and the order stays as it was', async () => {
    const before = (await t.services.storage.articles.list({ kind: 'top' }, { limit: 50, offset: 0 })).items.map((a) => a.id);
    const draft = (await t.services.storage.articles.listForNewsroom({ status: 'draft' }, { limit: 1, offset: 0 })).items[0];
    const cases: Record<string, string | string[]>[] = [
      { 'ids[]': ['abc'] },
      { 'ids[]': [String(before[0]), String(before[0])] },
      { 'ids[]': ['999999'] },
      { 'ids[]': before.map(String), 'positions[]': before.map(() => 'x') },
      ...(draft ? [{ 'ids[]': [String(draft.id)] }] : []),
    ];
    for (const form of cases) {
      const res = await editor.post('/admin/front-page/', form);
      assert.ok(res.statusCode === 400 || res.statusCode === 422, `${JSON.stringify(form)} → ${res.statusCode}`);
    }
    assert.deepEqual((await t.services.storage.articles.list({ kind: 'top' }, { limit: 50, offset: 0 })).items.map((a) => a.id), before);
  });
});
