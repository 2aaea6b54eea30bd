import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { clientAddress, createBeaconFastPath } from '../../src/web/api/beacon-fast-path.ts';
import { countedAfterBatch } from '../helpers/beacons.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { leadStoryPath, viewTokenOf } from '../helpers/dom.ts';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

let t: TestApp;
let page: { id: number; token: string };
/** The whole app, listening. */
let appPort: number;
/** The fast path alone in front of a handler that records what fell through to it. */
let barePort: number;
let bare: Server;
const fellThrough: string[] = [];

before(async () => {
  t = await startTestApp({ env: { BROADSHEET_TRUST_PROXY_HOPS: '1' } });
  const home = await t.app.inject('/');
  page = viewTokenOf((await t.app.inject(leadStoryPath(home.body))).body);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  appPort = (t.app.server.address() as AddressInfo).port;
  const fast = createBeaconFastPath(t.services.collector, 1);
  bare = createServer((req, res) => {
    if (fast(req, res)) return;
    fellThrough.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(599).end();
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  barePort = (bare.address() as AddressInfo).port;
});
after(async () => {
  await new Promise((resolve) => bare.close(resolve));
  await t.close();
});

/** A real HTTP request; `chunked` sends the body without a Content-Length. */
function send(
  port: number,
  options: { method?: string; path?: string; body?: string; headers?: Record<string, string>; chunked?: boolean },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const body = options.body ?? '';
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/_/v',
        headers: {
          'content-type': 'text/plain;charset=UTF-8',
          'user-agent': BROWSER,
          ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Counted views, once the collector's batch timer has classified every beacon answered so far. */
const counted = () => countedAfterBatch(t.services);
const beacon = () => JSON.stringify({ a: page.id, t: page.token });
const comparable = (h: IncomingHttpHeaders) => {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = h;
  return rest;
};

describe('view beacons are answered before Fastify', () => {
  test('a plain beacon is counted and answered 204 with the route’s headers, without reaching the route', async () => {
    const before = await counted();
    const fast = await send(barePort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.10' } });
    assert.equal(fast.status, 204);
    assert.deepEqual(fellThrough, []);
    assert.equal(await counted(), before + 1);
    const json = await send(barePort, { body: beacon(), headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.11' } });
    assert.equal(json.status, 204);
    assert.equal(await counted(), before + 2, 'application/json too');
    // The route's answer (inject never passes the fast path) carries the same headers.
    const routed = await t.app.inject({ method: 'POST', url: '/_/v', headers: { 'content-type': 'application/json', 'user-agent': BROWSER }, payload: beacon(), remoteAddress: '198.51.100.12' });
    assert.equal(routed.statusCode, 204);
    assert.deepEqual(comparable(fast.headers), comparable(routed.headers as IncomingHttpHeaders));
    // And through the whole app, on its real port.
    const whole = await send(appPort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.13' } });
    assert.equal(whole.status, 204);
    assert.equal(await counted(), before + 4);
  });

  test('the same reader again, a bot, a forged token and the staff marker are answered alike and not counted', async () => {
    const reader = { 'x-forwarded-for': '198.51.100.20' };
    assert.equal((await send(barePort, { body: beacon(), headers: reader })).status, 204);
    const before = await counted();
    const outcomes = { ...Object.fromEntries(t.services.collector.outcomes) };
    assert.equal((await send(barePort, { body: beacon(), headers: reader })).status, 204);
    assert.equal((await send(barePort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.21', 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } })).status, 204);
    const forged = JSON.stringify({ a: page.id, t: 'A'.repeat(21) + 'A' });
    assert.equal((await send(barePort, { body: forged, headers: { 'x-forwarded-for': '198.51.100.22' } })).status, 204);
    assert.equal((await send(barePort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.23', cookie: 'theme=dark; bs_staff=1' } })).status, 204);
    assert.equal((await send(barePort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.24', 'sec-purpose': 'prefetch' } })).status, 204);
    assert.equal(await counted(), before);
    const after = t.services.collector.outcomes;
    for (const outcome of ['duplicate', 'bot', 'token', 'staff', 'prefetch'] as const) {
      assert.equal(after.get(outcome), (outcomes[outcome] ?? 0) + 1, outcome);
    }
    assert.deepEqual(fellThrough, []);
  });

  test('a body that is not a beacon gets the route’s 400 code and counts nothing', async () => {
    const before = await counted();
    for (const body of ['not json', '{}', '[]', 'null', JSON.stringify({ a: page.id }), JSON.stringify({ a: -1, t: page.token }), JSON.stringify({ a: page.id, t: page.token, extra: 1 }), JSON.stringify({ a: String(page.id), t: page.token }), JSON.stringify({ a: page.id, t: 'short' }), '{"__proto__":{"a":1},"a":1,"t":"AAAAAAAAAAAAAAAAAAAAAA"}']) {
      const fast = await send(barePort, { body, headers: { 'x-forwarded-for': '198.51.100.30' } });
      assert.equal(fast.status, 400, body);
      assert.equal(fast.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(fast.headers['cache-control'], 'no-store');
      assert.equal(JSON.parse(fast.body).error.code, 'BS_ERR_REQUEST_INVALID', body);
      for (const type of ['text/plain', 'application/json']) {
        const routed = await t.app.inject({ method: 'POST', url: '/_/v', headers: { 'content-type': type, 'user-agent': BROWSER }, payload: body });
        assert.equal(routed.statusCode, 400, `the route agrees: ${body} (${type})`);
        assert.deepEqual(routed.json(), JSON.parse(fast.body), `the same answer: ${body} (${type})`);
      }
    }
    assert.equal(await counted(), before);
    assert.deepEqual(fellThrough, []);
  });

  test('anything unusual is left to the route: other methods and paths, other types, no length, too long', async () => {
    fellThrough.length = 0;
    await send(barePort, { method: 'GET', body: '' });
    await send(barePort, { path: '/_/v?x=1', body: beacon() });
    await send(barePort, { path: '/_/w', body: beacon() });
    await send(barePort, { body: '<v/>', headers: { 'content-type': 'application/xml' } });
    await send(barePort, { body: beacon(), chunked: true });
    await send(barePort, { body: JSON.stringify({ a: page.id, t: page.token, pad: 'x'.repeat(400) }) });
    assert.equal(fellThrough.length, 6, fellThrough.join(', '));
    // Through the whole app the route answers them as it always has.
    assert.equal((await send(appPort, { body: '<v/>', headers: { 'content-type': 'application/xml' } })).status, 415);
    assert.equal((await send(appPort, { body: JSON.stringify({ a: page.id, t: page.token, pad: 'x'.repeat(400) }) })).status, 413);
    assert.equal((await send(appPort, { body: beacon(), chunked: true, headers: { 'x-forwarded-for': '198.51.100.40' } })).status, 204);
    assert.equal((await send(appPort, { method: 'GET', body: '' })).status, 404);
  });
});

test('a client that hangs up halfway through a beacon counts nothing and breaks nothing', async () => {
  const before = await counted();
  await new Promise<void>((resolve, reject) => {
    const socket = connect(barePort, '127.0.0.1', () => {
      // Half the promised body, then the connection is gone.
      socket.write(`POST /_/v HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nUser-Agent: ${BROWSER}\r\nContent-Length: 60\r\n\r\n{"a":${page.id}`, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
  assert.equal(await counted(), before);
  // A later beacon is counted alone: had the broken one been counted late, this would show two.
  assert.equal((await send(barePort, { body: beacon(), headers: { 'x-forwarded-for': '198.51.100.50' } })).status, 204, 'the server still answers');
  assert.equal(await counted(), before + 1);
});

test('the client address is the one Fastify’s trustProxy gives, for every hop count', async () => {
  const cases: [string | undefined, string][] = [
    [undefined, '10.0.0.1'],
    ['203.0.113.7', '10.0.0.1'],
    ['203.0.113.7, 198.51.100.2', '10.0.0.1'],
    ['  203.0.113.7 ,198.51.100.2 , 192.0.2.3  ', '10.0.0.1'],
    ['203.0.113.7,,198.51.100.2', '10.0.0.1'],
    [' , ', '10.0.0.1'],
    ['2001:db8::1, 203.0.113.7', '::ffff:10.0.0.1'],
  ];
  for (const hops of [0, 1, 2, 3, 5]) {
    const fastify = Fastify({ trustProxy: (_address: string, hop: number) => hop < hops });
    fastify.get('/', async (request) => request.ip);
    for (const [forwarded, peer] of cases) {
      const res = await fastify.inject({ url: '/', remoteAddress: peer, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } });
      assert.equal(clientAddress(peer, forwarded, hops), res.body, `hops ${hops}, X-Forwarded-For ${forwarded}`);
    }
    await fastify.close();
  }
});
