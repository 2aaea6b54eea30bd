import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

let t: TestApp;
let port: number;

before(async () => {
  t = await startTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
after(async () => {
  await t.close();
});

/** A real HTTP request (not inject: the fast path lives in the server's request handler). */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that legitimately differ between two responses. */
const comparable = (h: IncomingHttpHeaders) => {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = h;
  return rest;
};

describe('cached reader pages are answered before Fastify, identically', () => {
  test('same bytes and headers as the routed response, in every encoding, for GET and HEAD', async () => {
    for (const path of ['/', '/politics/', '/politics/politics-government/']) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const headers = { 'accept-encoding': encoding };
        const routed = await send('GET', path, headers); // a miss: rendered and cached by the route
        const hits = t.services.cache.stats.hits;
        const fast = await send('GET', path, headers);
        assert.equal(t.services.cache.stats.hits, hits, `${path} (${encoding}) was answered without the route`);
        assert.equal(fast.status, 200);
        assert.deepEqual(comparable(fast.headers), comparable(routed.headers), `${path} (${encoding}) headers`);
        assert.ok(fast.body.equals(routed.body), `${path} (${encoding}) body`);
        if (encoding !== 'identity') assert.equal(fast.headers['content-encoding'], encoding);
        const head = await send('HEAD', path, headers);
        assert.equal(head.status, 200);
        assert.equal(head.body.length, 0);
        assert.equal(head.headers['content-length'], fast.headers['content-length']);
      }
    }
  });

  test('idle connections are kept as long as Fastify keeps them, not Node’s 5 s (a proxy must close first)', async () => {
    assert.equal(t.app.server.keepAliveTimeout, 72_000);
    const res = await send('GET', '/');
    assert.equal(res.headers['keep-alive'], 'timeout=72');
  });

  test('If-None-Match answers 304 with no body', async () => {
    const first = await send('GET', '/');
    const again = await send('GET', '/', { 'if-none-match': String(first.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, first.headers.etag);
  });

  test('query strings, encoded paths, other methods and misses go through the routes', async () => {
    await send('GET', '/politics/');
    let hits = t.services.cache.stats.hits;
    const query = await send('GET', '/politics/?utm_source=x');
    assert.equal(query.status, 200);
    assert.equal(t.services.cache.stats.hits, hits + 1, 'the route answered (from the cache)');
    hits = t.services.cache.stats.hits;
    await send('GET', '/%70olitics/');
    assert.equal(t.services.cache.stats.hits, hits + 1, 'percent-encoded: the route decodes and canonicalizes');
    const post = await send('POST', '/politics/');
    assert.equal(post.status, 404, 'a POST to a cached page is not a page');
    const missing = await send('GET', '/no-such-section/');
    assert.equal(missing.status, 404);
    assert.match(missing.body.toString(), /BS_ERR_NOT_FOUND/);
  });

  test('an invalidated page is never answered from the fast path', async () => {
    const before = await send('GET', '/');
    const article = /href="(\/politics\/politics-government\/\d{8}-(\d+)\/)"/.exec(before.body.toString());
    assert.ok(article);
    const id = Number(article[2]);
    await t.services.applyInvalidations([`article:${id}`, 'home']);
    const hits = t.services.cache.stats.hits;
    const misses = t.services.cache.stats.misses;
    const after = await send('GET', '/');
    assert.equal(after.status, 200);
    assert.equal(t.services.cache.stats.misses, misses + 1, 'rendered again by the route');
    assert.equal(t.services.cache.stats.hits, hits);
  });
});
