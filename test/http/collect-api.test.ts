import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cacheKeys } from '../../src/core/content/cache-keys.ts';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { leadStoryPath, parsePage, viewTokenOf } from '../helpers/dom.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let t: TestApp;
let page: { id: number; token: string; path: string };
before(async () => {
  t = await startTestApp();
  const home = await t.app.inject('/');
  const path = leadStoryPath(home.body);
  page = { ...viewTokenOf((await t.app.inject(path)).body), path };
});
after(async () => {
  await t.close();
});

function beacon(body: unknown, headers: Record<string, string> = {}, remoteAddress = '198.51.100.1') {
  return t.app.inject({
    method: 'POST',
    url: '/_/v',
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    remoteAddress,
  });
}

const counted = () => t.services.collector.outcomes.get('counted') ?? 0;

describe('the view beacon at /_/v', () => {
  test('the article page carries its id and a signed token, and is re-rendered when the token’s hour ends', async () => {
    assert.ok(page.id > 0);
    assert.match(page.token, /^[\w-]{22}$/);
    assert.ok(t.services.tokens.verify(page.id, page.token, t.clock.now()));
    const cached = t.services.cache.get(page.path);
    assert.ok(cached?.expiresAt !== undefined && cached.expiresAt <= t.clock.now() + 60 * 60_000);
  });

  test('a browser view is counted once; the answer is 204, uncacheable and unindexed', async () => {
    const before = counted();
    const res = await beacon({ a: page.id, t: page.token });
    assert.equal(res.statusCode, 204);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-robots-tag'], 'noindex');
    assert.equal(counted(), before + 1);
    await beacon({ a: page.id, t: page.token });
    assert.equal(counted(), before + 1, 'the same reader again: not counted');
    assert.equal((await beacon({ a: page.id, t: page.token }, {}, '198.51.100.2')).statusCode, 204);
    assert.equal(counted(), before + 2, 'another reader: counted');
  });

  test('sendBeacon’s text/plain body is read as JSON', async () => {
    const before = counted();
    assert.equal((await beacon(JSON.stringify({ a: page.id, t: page.token }), { 'content-type': 'text/plain;charset=UTF-8' }, '198.51.100.3')).statusCode, 204);
    assert.equal(counted(), before + 1);
  });

  test('bots, prefetches, forged tokens and staff get the same 204 and are not counted', async () => {
    const before = counted();
    const forged = page.token.startsWith('A') ? `B${page.token.slice(1)}` : `A${page.token.slice(1)}`;
    const cases: [unknown, Record<string, string>][] = [
      [{ a: page.id, t: page.token }, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
      [{ a: page.id, t: page.token }, { 'sec-purpose': 'prefetch;prerender' }],
      [{ a: page.id, t: page.token }, { 'user-agent': '' }],
      [{ a: page.id, t: forged }, {}],
      [{ a: page.id + 1, t: page.token }, {}],
      [{ a: page.id, t: page.token }, { cookie: 'bs_staff=1' }],
    ];
    for (const [i, [body, headers]] of cases.entries()) {
      const res = await beacon(body, headers, `198.51.100.${50 + i}`);
      assert.equal(res.statusCode, 204, JSON.stringify(headers));
    }
    assert.equal(counted(), before);
  });

  test('a newsroom login marks the browser as staff for the beacon', async () => {
    const editor = await signedIn(t.app, t.services, 'editor', 'Beacon Editor');
    const staff = editor.cookies.get('bs_staff');
    assert.equal(staff, '1');
    const login = await new AdminClient(t.app).get('/admin/login');
    assert.equal(login.cookies.find((c) => c.name === 'bs_staff'), undefined, 'not before login');
  });

  test('bad bodies get 400 with a stable code and count nothing; wrong types 415; too big 413', async () => {
    const before = counted();
    const cases: unknown[] = [
      {}, { a: page.id }, { t: page.token }, { a: 'abc', t: page.token }, { a: -1, t: page.token }, { a: 1.5, t: page.token },
      { a: page.id, t: 'short' }, { a: page.id, t: page.token, extra: 1 }, { a: "1 OR 1=1", t: page.token }, '{"a":', 'null', '[]',
      { articleId: page.id },
    ];
    for (const body of cases) {
      const res = await beacon(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().error.code, 'BS_ERR_REQUEST_INVALID');
    }
    assert.equal((await beacon('<v/>', { 'content-type': 'application/xml' })).statusCode, 415);
    assert.equal((await beacon(JSON.stringify({ a: page.id, t: page.token, pad: 'x'.repeat(400) }))).statusCode, 413);
    assert.equal((await t.app.inject({ method: 'GET', url: '/_/v' })).statusCode, 404);
    assert.equal(counted(), before);
  });

  test('counted views reach the ranking and its JSON API; pages showing the list are re-rendered', async () => {
    const all = await t.services.storage.articles.list({ kind: 'all' }, { limit: 100, offset: 0 });
    const last = all.items.at(-1)!;
    const token = t.services.tokens.mint(last.id, t.clock.now());
    for (let i = 0; i < 3000; i++) {
      await beacon({ a: last.id, t: token }, { 'user-agent': `${BROWSER} r${i}` }, `10.${i >> 8}.${i & 255}.1`);
    }
    await t.services.flushViews();
    const changed = await t.services.refreshRanking();
    assert.ok(changed.includes(cacheKeys.ranking('site')));
    const home = await t.app.inject('/');
    const ranked = parsePage(home.body);
    const first = ranked.$('ol.ranking-list > li').first().find('a').first();
    first.find('span').remove();
    assert.equal(first.text(), last.headline);
    const note = ranked.$('time[datetime="2026-03-06T15:00:00+09:00"]').parent();
    assert.equal(note.text(), 'Most read, past 24 hours · as of 15:00 JST');
    const api = await t.app.inject('/api/ranking?window=24h&scope=site&limit=3');
    assert.equal(api.statusCode, 200);
    const json = api.json();
    assert.equal(json.items[0].id, last.id);
    assert.equal(json.items[0].headline, last.headline);
    assert.match(json.items[0].url, /^\/[a-z-]+\/[a-z-]+\/\d{8}-\d+\/$/);
    assert.equal(json.items.length, 3);
    assert.equal(json.computedAt, '2026-03-06T15:00:00+09:00');
    const again = await t.app.inject({ url: '/api/ranking?window=24h&scope=site&limit=3', headers: { 'if-none-match': api.headers.etag as string } });
    assert.equal(again.statusCode, 304);
    for (const bad of ['window=2d', 'scope=everything', 'limit=500', 'limit=0', 'scope=tag:abc', 'x=1']) {
      assert.equal((await t.app.inject(`/api/ranking?${bad}`)).statusCode, 400, bad);
    }
  });
});
