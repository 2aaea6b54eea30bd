import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PageCache, type RenderedPage } from '../../src/web/shared/page-cache.ts';
import { chooseEncoding, etagMatches } from '../../src/web/shared/http-headers.ts';

const page = (html: string, deps: string[], ttlMs?: number): RenderedPage => ({ status: 200, html, deps, ...(ttlMs ? { ttlMs } : {}) });

test('a burst on a cold page renders it once', async () => {
  const cache = new PageCache({ maxBytes: 1e7, now: () => 0 });
  let renders = 0;
  let finish: () => void = () => undefined;
  const rendering = new Promise<void>((resolve) => (finish = resolve));
  const render = async () => {
    renders++;
    await rendering;
    return page('<p>hello</p>', ['article:1']);
  };
  // All 50 ask while the first render is still running.
  const burst = Promise.all(Array.from({ length: 50 }, () => cache.getOrRender('/a/', render)));
  finish();
  const results = await burst;
  assert.equal(renders, 1);
  assert.ok(results.every((r) => r === results[0]));
  await cache.getOrRender('/a/', render);
  assert.equal(renders, 1, 'then served from memory');
  assert.deepEqual(cache.stats.hits, 1);
});

test('invalidation drops exactly the pages that depend on a key', async () => {
  const cache = new PageCache({ maxBytes: 1e7, now: () => 0 });
  await cache.getOrRender('/a/', async () => page('a', ['article:1', 'home']));
  await cache.getOrRender('/b/', async () => page('b', ['article:2']));
  await cache.getOrRender('/c/', async () => page('c', ['tag:1', 'article:1']));
  assert.equal(cache.invalidate(['article:1']), 2);
  assert.equal(cache.get('/a/'), undefined);
  assert.equal(cache.get('/c/'), undefined);
  assert.ok(cache.get('/b/'));
  assert.equal(cache.invalidate(['nothing']), 0);
});

test('a render that races an invalidation of its dependencies is served but not kept', async () => {
  const cache = new PageCache({ maxBytes: 1e7, now: () => 0 });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const pending = cache.getOrRender('/a/', async () => {
    await gate;
    return page('old', ['article:1']);
  });
  cache.invalidate(['article:1']);
  release();
  assert.equal((await pending).body.toString(), 'old');
  assert.equal(cache.get('/a/'), undefined, 'the stale render was not stored');
  // An invalidation before a render starts does not count as a race.
  await cache.getOrRender('/a/', async () => page('new', ['article:1']));
  assert.equal(cache.get('/a/')?.body.toString(), 'new');
});

test('pages with a time-to-live expire; pages without stay until invalidated', async () => {
  let now = 1000;
  const cache = new PageCache({ maxBytes: 1e7, now: () => now });
  await cache.getOrRender('/rel/', async () => page('2 hours ago', ['home'], 60_000));
  await cache.getOrRender('/abs/', async () => page('June 18', ['home']));
  now += 59_999;
  assert.ok(cache.get('/rel/'));
  now += 1;
  assert.equal(cache.get('/rel/'), undefined);
  now += 1e9;
  assert.ok(cache.get('/abs/'));
});

test('the cache stays under its byte budget, evicting the least recently used', async () => {
  const body = 'x'.repeat(10_000);
  const cache = new PageCache({ maxBytes: 100_000, now: () => 0 });
  for (let i = 0; i < 30; i++) await cache.getOrRender(`/${i}/`, async () => page(`${body}${i}`, [`article:${i}`]));
  assert.ok(cache.stats.bytes <= 100_000, `${cache.stats.bytes} bytes`);
  assert.ok(cache.get('/29/'));
  assert.equal(cache.get('/0/'), undefined);
});

test('bodies are compressed once, in both encodings, and the ETag follows the bytes', async () => {
  const cache = new PageCache({ maxBytes: 1e7, now: () => 0 });
  const html = `<!DOCTYPE html>${'<p>news</p>'.repeat(500)}`;
  const a = await cache.getOrRender('/a/', async () => page(html, []));
  assert.equal(gunzipSync(a.gzip as Buffer).toString(), html);
  assert.equal(brotliDecompressSync(a.br as Buffer).toString(), html);
  const small = await cache.getOrRender('/s/', async () => page('<p>tiny</p>', []));
  assert.equal(small.gzip, undefined, 'tiny bodies are not worth compressing');
  const b = await cache.getOrRender('/b/', async () => page(html, []));
  assert.equal(a.etag, b.etag);
  const c = await cache.getOrRender('/c/', async () => page(`${html}!`, []));
  assert.notEqual(a.etag, c.etag);
});

test('Accept-Encoding and If-None-Match parsing', () => {
  assert.equal(chooseEncoding(undefined), 'identity');
  assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
  assert.equal(chooseEncoding('gzip'), 'gzip');
  assert.equal(chooseEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(chooseEncoding('br;q=0, gzip;q=0'), 'identity');
  assert.equal(chooseEncoding('*'), 'br');
  assert.equal(chooseEncoding('identity'), 'identity');
  assert.ok(etagMatches('"abc"', '"abc"'));
  assert.ok(etagMatches('W/"abc", "def"', '"abc"'));
  assert.ok(etagMatches('*', '"abc"'));
  assert.ok(!etagMatches('"abd"', '"abc"'));
});
