import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cacheKeys } from '../../src/core/content/cache-keys.ts';
import { hourBucket } from '../../src/core/ranking/ranking-service.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let t: TestApp;
let articleId: number;
before(async () => {
  t = await startTestApp();
  const page = await t.services.storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 });
  articleId = (page.items[0] as { id: number }).id;
});
after(async () => {
  await t.close();
});

function beacon(body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/views',
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Views of the article stored in the current hour's bucket, after flushing. */
async function storedViews(id: number): Promise<number> {
  await t.services.views.flush();
  const totals = await t.services.storage.views.totalsSince(hourBucket(t.clock.now()));
  return totals.get(id) ?? 0;
}

describe('view beacon', () => {
  test('a browser view is counted and flushed to the database in a batch', async () => {
    const before = await storedViews(articleId);
    for (let i = 0; i < 3; i++) assert.equal((await beacon({ articleId })).statusCode, 204);
    assert.equal(t.services.views.pendingCount, 3, 'held in memory until the flush');
    assert.equal(await storedViews(articleId), before + 3);
  });

  test('sendBeacon text/plain bodies are accepted', async () => {
    const before = await storedViews(articleId);
    const res = await beacon(JSON.stringify({ articleId }), { 'content-type': 'text/plain;charset=UTF-8' });
    assert.equal(res.statusCode, 204);
    assert.equal(await storedViews(articleId), before + 1);
  });

  test('bots, prefetches and requests without a user agent are answered but not counted', async () => {
    const before = await storedViews(articleId);
    assert.equal((await beacon({ articleId }, { 'user-agent': GOOGLEBOT })).statusCode, 204);
    assert.equal((await beacon({ articleId }, { 'sec-purpose': 'prefetch;prerender' })).statusCode, 204);
    assert.equal((await beacon({ articleId }, { purpose: 'prefetch' })).statusCode, 204);
    assert.equal((await beacon({ articleId }, { 'user-agent': '' })).statusCode, 204);
    assert.equal(await storedViews(articleId), before);
  });

  test('bad bodies get 400 with a stable code and count nothing', async () => {
    const before = await storedViews(articleId);
    const cases: unknown[] = [
      {},
      { articleId: 'abc' },
      { articleId: -1 },
      { articleId: 0 },
      { articleId: 1.5 },
      { articleId: `${articleId}abc` },
      { articleId, extra: 'x' },
      { articleId: "1 OR 1=1" },
      '{"articleId":',
      'null',
      '[]',
    ];
    for (const body of cases) {
      const res = await beacon(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().error.code, 'BS_ERR_REQUEST_INVALID', JSON.stringify(body));
    }
    assert.equal(await storedViews(articleId), before);
  });

  test('an unknown or unpublished article is 404; oversized and wrong-type bodies are 413 and 415', async () => {
    const unknown = await beacon({ articleId: 999_999 });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'BS_ERR_VIEW_UNKNOWN_ARTICLE');
    const big = await beacon(JSON.stringify({ articleId, pad: 'x'.repeat(5000) }));
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.code, 'BS_ERR_REQUEST_TOO_LARGE');
    const xml = await beacon('<view/>', { 'content-type': 'application/xml' });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json().error.code, 'BS_ERR_REQUEST_MEDIA_TYPE');
  });

  test('GET on the beacon is 404 with the API error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/views' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'BS_ERR_NOT_FOUND');
  });

  test('counted views reach the access ranking on refresh, and pages showing the ranking are re-rendered', async () => {
    // An article with no views in the demo history climbs to first place.
    const all = await t.services.storage.articles.list({ kind: 'all' }, { limit: 100, offset: 0 });
    const last = all.items.at(-1) as { id: number; headline: string };
    const home = await t.app.inject({ url: '/' });
    assert.doesNotMatch(home.body.split('ranking-list')[1] ?? '', new RegExp(last.headline.slice(0, 30)));
    for (let i = 0; i < 20_000; i++) t.services.views.record(last.id);
    await t.services.views.flush();
    const changed = await t.services.ranking.refresh();
    assert.ok(changed.includes(cacheKeys.ranking('site')));
    t.services.cache.invalidate(changed);
    const after = await t.app.inject({ url: '/' });
    const firstRanked = /<ol class="ranking-list"><li><a href="[^"]+">(?:<span[^>]*>[^<]*<\/span>)?([^<]+)/.exec(after.body)?.[1];
    assert.equal(firstRanked, last.headline);
  });
});
