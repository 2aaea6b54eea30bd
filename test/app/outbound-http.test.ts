import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { isBroadsheetError } from '../../src/core/errors.ts';
import { GuardedHttp, isPublicAddress } from '../../src/storage/outbound/guarded-http.ts';

/*
 * The outbound client against real servers on the loopback interface: what it refuses (before any
 * connection), what it allows only when told to, redirects re-checked, timeouts and size limits.
 */

let server: Server;
let base: string;
const hits: string[] = [];

before(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/ok') return void res.end('hello');
    if (req.url === '/to-other-loopback') return void res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as AddressInfo).port}/ok` }).end();
    if (req.url === '/to-metadata') return void res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    if (req.url === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
    if (req.url === '/big') return void res.end(Buffer.alloc(2 * 1024 * 1024, 97));
    if (req.url === '/post') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(`got ${req.method} ${body}`));
      return;
    }
    // /slow: never answers
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function refused(p: Promise<unknown>, code: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => isBroadsheetError(err) && err.code === code && (!pattern || pattern.test(err.message)));
}

test('only public unicast addresses count as public, however they are written', () => {
  for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) assert.equal(isPublicAddress(a), true, a);
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', '::', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', '255.255.255.255', '2002:a00:1::', 'not an address']) {
    assert.equal(isPublicAddress(a), false, a);
  }
});

test('private, loopback, metadata and odd addresses are refused before any connection', async () => {
  const http = new GuardedHttp();
  const before = hits.length;
  await refused(http.request(`${base}/ok`), 'BS_ERR_OUTBOUND_BLOCKED', /127\.0\.0\.1/);
  for (const url of [
    `http://localhost:${new URL(base).port}/ok`,
    'http://169.254.169.254/latest/meta-data/',
    `http://[::ffff:127.0.0.1]:${new URL(base).port}/ok`,
    `http://2130706433:${new URL(base).port}/ok`, // 127.0.0.1 as one number
    `http://0x7f.1:${new URL(base).port}/ok`,
    'http://[fd00:ec2::254]/',
    'http://10.0.0.1/',
    'file:///etc/passwd',
    'gopher://127.0.0.1/',
    `http://user:pass@example.com/`,
    'not a url',
  ]) {
    await refused(http.request(url), 'BS_ERR_OUTBOUND_BLOCKED');
  }
  assert.equal(hits.length, before, 'no request reached the local server');
});

test('an address allowed explicitly works (as tests allow 127.0.0.1); a redirect elsewhere is checked again', async () => {
  const http = new GuardedHttp({ allow: ['127.0.0.1'] });
  const ok = await http.request(`${base}/ok`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.toString(), 'hello');
  const posted = await http.request(`${base}/post`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  assert.equal(posted.body.toString(), 'got POST {"a":1}');
  const before = hits.length;
  await refused(http.request(`${base}/to-other-loopback`), 'BS_ERR_OUTBOUND_BLOCKED', /127\.0\.0\.2/);
  await refused(http.request(`${base}/to-metadata`), 'BS_ERR_OUTBOUND_BLOCKED', /169\.254\.169\.254/);
  assert.deepEqual(hits.slice(before), ['/to-other-loopback', '/to-metadata'], 'the redirect targets were never requested');
  await refused(http.request(`${base}/loop`), 'BS_ERR_OUTBOUND_FAILED', /too many redirects/);
  assert.equal((await http.request(`${base}/to-other-loopback`, { maxRedirects: 0 })).status, 302);
});

test('a server that never answers times out; an answer over the size limit is cut off', async () => {
  const http = new GuardedHttp({ allow: ['127.0.0.1'] });
  const started = Date.now();
  await refused(http.request(`${base}/slow`, { timeoutMs: 300 }), 'BS_ERR_OUTBOUND_FAILED', /timed out/);
  assert.ok(Date.now() - started < 5_000);
  await refused(http.request(`${base}/big`, { maxBytes: 1024 * 1024 }), 'BS_ERR_OUTBOUND_FAILED', /larger than/);
  assert.equal((await http.request(`${base}/big`, { maxBytes: 3 * 1024 * 1024 })).body.length, 2 * 1024 * 1024);
});
