import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { actorOf } from '../../src/core/access/types.ts';
import { articlePath } from '../../src/core/content/article-path.ts';
import { signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { signUpMember } from '../helpers/members.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';

/*
 * Walled articles on the fast path (real HTTP: the fast path lives in the server's request handler).
 * A reader whose signed cookies decide the variant is answered from the cache without the route or
 * the database; one whose read must be written (a metered read, an entitlement to refresh) goes to
 * the route, which answers the same variant.
 */

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let port: number;
let path: string;

function send(pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Whether the request was answered without the route: the cache's route-side hit and miss counts did not move. */
async function viaFastPath(pathname: string, headers: Record<string, string> = {}) {
  const { hits, misses } = t.services.cache.stats;
  const res = await send(pathname, headers);
  const s = t.services.cache.stats;
  return { res, fast: s.hits === hits && s.misses === misses };
}

/**
 * The first answer from the fast path. A write's keys are applied at once and again when the
 * invalidation log is next read (once a second), which may drop the page just rendered; the
 * route renders it again and from then on the fast path answers.
 */
async function fastAnswer(pathname: string, headers: Record<string, string> = {}) {
  return until(async () => {
    const r = await viaFastPath(pathname, headers);
    return r.fast ? r.res : undefined;
  }, `${pathname} answered by the fast path`, 5_000, 20);
}

before(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({ env: { BROADSHEET_SMTP_URL: smtp.url } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  const editor = await signedIn(t.app, t.services, 'admin');
  const summary = (await t.services.storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).items[0]!;
  path = articlePath(summary, await t.services.reader.sections(), t.services.time);
  await t.services.applyInvalidations(await t.services.newsroom.setReadingAccess(actorOf(editor.user!), summary.id, 'paid'));
});
after(async () => {
  await t?.close();
  await smtp?.close();
});

describe('walled articles on the fast path', () => {
  test('an anonymous reader gets the wall from the cache, with private cache headers and a working ETag', async () => {
    const first = await send(path);
    assert.match(first.body, /class="paywall"/);
    const res = await fastAnswer(path, { 'accept-encoding': 'identity' });
    assert.equal(res.body, first.body);
    assert.equal(res.headers['cache-control'], 'private, no-cache');
    assert.equal(res.headers.vary, 'accept-encoding, cookie');
    assert.equal(res.headers['cdn-cache-control'], 'no-store');
    const again = await fastAnswer(path, { 'if-none-match': res.headers.etag as string });
    assert.equal(again.status, 304);
  });

  test('a subscriber’s signed cookies get the full article from the cache; an expired one goes to the route once', async () => {
    const { client } = await signUpMember(t, smtp.mails, 'fast.subscriber@example.com');
    const member = (await t.services.storage.members.findByEmail('fast.subscriber@example.com'))!;
    const admin = await signedIn(t.app, t.services, 'admin');
    await t.services.plans.grant(actorOf(admin.user!), { memberId: member.id, planSlug: 'digital', endsAt: t.clock.now() + 86_400_000, note: '' });
    const session = `bs_member=${client.cookies.get('bs_member')}`;
    const routed = await send(path, { cookie: session });
    const ent = /bs_ent=([^;]+)/.exec(String(routed.headers['set-cookie']))?.[1];
    assert.ok(ent, 'the route read the entitlement and set it');
    assert.doesNotMatch(routed.body, /class="paywall"/, 'the subscriber reads the article');
    const cookie = `${session}; bs_ent=${ent}`;
    const res = await fastAnswer(path, { cookie });
    assert.equal(res.body, routed.body, 'a subscriber with fresh cookies is answered from the cache, with the whole article');
    assert.equal(res.headers['set-cookie'], undefined, 'nothing to write');
    t.clock.advance(11 * 60_000);
    const stale = await viaFastPath(path, { cookie });
    assert.ok(!stale.fast, 'an expired entitlement is refreshed by the route');
    assert.match(String(stale.res.headers['set-cookie']), /bs_ent=/);
  });

  test('a metered read goes to the route (it writes the meter); the next re-read of it is a cache answer', async () => {
    const admin = await signedIn(t.app, t.services, 'admin');
    await t.services.applyInvalidations(await t.services.plans.setMeterRules(actorOf(admin.user!), { anonymousPer30Days: 1, memberPerMonth: 0 }));
    await send(path); // the re-rendered wall, now showing the meter
    const metered = await viaFastPath(path);
    assert.ok(!metered.fast, 'a charged read is the route’s');
    assert.doesNotMatch(metered.res.body, /class="paywall"/);
    const meter = /bs_meter=([^;]+)/.exec(String(metered.res.headers['set-cookie']))?.[1];
    assert.ok(meter);
    const reread = await fastAnswer(path, { cookie: `bs_meter=${meter}` });
    assert.doesNotMatch(reread.body, /class="paywall"/, 'an article already on the meter is a cache answer, whole');
  });
});
