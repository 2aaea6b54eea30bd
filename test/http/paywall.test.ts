import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../src/core/api/api-keys.ts';
import { articlePath } from '../../src/core/content/article-path.ts';
import { htmlToText } from '../../src/core/content/sanitize.ts';
import type { ArticleSummary } from '../../src/core/content/types.ts';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { parsePage } from '../helpers/dom.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { signUpMember } from '../helpers/members.ts';
import { entitled, type ReaderLevel } from '../../src/core/members/paywall-rules.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

/*
 * The paywall over HTTP on both databases: who gets which variant, that a walled body reaches no
 * output an unentitled reader can fetch (page, JSON-LD, OpenGraph, feeds, Content API, search, lists),
 * the meters, complimentary access, and that forged cookies and staff sessions open nothing.
 */

const pg = await postgresStatus();
const MINUTE = 60_000;

/** A run of plain words from the body's second half: text no teaser, dek or headline carries. */
function bodyPhrase(bodyHtml: string): string {
  const text = htmlToText(bodyHtml);
  const runs = text.slice(Math.floor(text.length / 2)).match(/[A-Za-z][A-Za-z ]{40,}[A-Za-z]/g) ?? [];
  const phrase = runs.sort((a, b) => b.length - a.length)[0];
  assert.ok(phrase, 'the article has a body phrase to look for');
  return phrase.slice(0, 60).trim();
}

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `the paywall (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    let editor: AdminClient;
    let admin: AdminClient;
    let articles: { summary: ArticleSummary; path: string; phrase: string }[];
    let apiKey: string;

    const setAccess = async (id: number, access: string) => {
      await editor.get(`/admin/articles/${id}/`);
      const res = await editor.post(`/admin/articles/${id}/access`, { access });
      assert.equal(res.statusCode, 303, res.body);
    };
    const setMeter = async (anonymousPer30Days: number, memberPerMonth: number) => {
      await admin.get('/admin/plans/');
      const res = await admin.post('/admin/plans/meter', { anonymousPer30Days: String(anonymousPer30Days), memberPerMonth: String(memberPerMonth) });
      assert.equal(res.statusCode, 303, res.body);
    };
    const walled = (body: string) => /class="paywall"/.test(body);
    /** Staff sessions lapse when a test moves the clock by days: sign in again. */
    const refreshStaff = async () => {
      editor = await signedIn(t.app, t.services, 'editor');
      admin = await signedIn(t.app, t.services, 'admin');
    };

    before(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp({ dialect, env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_FEED_CONTENT: 'full' } });
      editor = await signedIn(t.app, t.services, 'editor');
      admin = await signedIn(t.app, t.services, 'admin');
      const sections = await t.services.reader.sections();
      const list = (await t.services.storage.articles.list({ kind: 'all' }, { limit: 6, offset: 0 })).items;
      articles = await Promise.all(
        list.map(async (summary) => ({
          summary,
          path: articlePath(summary, sections, t.services.time),
          phrase: bodyPhrase((await t.services.storage.articles.findForEdit(summary.id))!.content.bodyHtml),
        })),
      );
      const actor = { id: admin.user!.id, role: admin.user!.role, authorId: admin.user!.authorId };
      apiKey = (await createApiKey({ storage: t.services.storage, clock: t.clock }, actor, { name: 'Paywall test', origins: [], ratePerMinute: 100_000 })).key;
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    test('a members article: the anonymous reader gets the sign-up wall, never the body, on every output', async () => {
      const a = articles[0]!;
      const before = await t.app.inject({ url: a.path });
      assert.ok(before.body.includes(a.phrase), 'free, the body is there');
      assert.match(before.headers['cache-control'] as string, /^public/);
      await setAccess(a.summary.id, 'members');

      const page = await t.app.inject({ url: a.path });
      assert.equal(page.statusCode, 200);
      assert.ok(!page.body.includes(a.phrase), 'the walled body is not in the page');
      assert.ok(walled(page.body));
      await assertValidHtml(page.body, 'walled article');
      assert.equal(page.headers['cache-control'], 'private, no-cache', 'no shared cache keeps a walled page');
      assert.equal(page.headers['cdn-cache-control'], 'no-store');
      assert.match(page.headers.vary as string, /cookie/);
      const $ = parsePage(page.body);
      assert.equal($.$('form[action="/account/signin"] input[name="returnTo"]').attr('value'), a.path, 'the wall signs up back to the article');
      const data = $.$('script[type="application/ld+json"]').toArray().map((s) => JSON.parse($.$(s).text()) as Record<string, unknown>);
      const article = data.find((d) => d['@type'] === 'NewsArticle')!;
      assert.equal(article.isAccessibleForFree, false);
      assert.deepEqual(article.hasPart, { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.story-body' });
      assert.ok(!JSON.stringify(data).includes(a.phrase.slice(0, 30)));
      const og = $.$('meta[property="og:description"]').attr('content') ?? '';
      assert.ok(!a.phrase.includes(og.slice(0, 30)) || og === '', 'OpenGraph carries no body text');

      // Every other output an anonymous reader or app can fetch.
      const outputs = ['/feed/', '/feed/atom/', '/feed/json/', '/', `/search/?q=${encodeURIComponent(a.phrase.split(' ').slice(0, 3).join(' '))}`, '/sitemaps/news.xml'];
      for (const url of outputs) {
        const res = await t.app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.ok(!res.body.includes(a.phrase), `${url} carries no walled body`);
      }
      const json = await t.app.inject({ url: `/api/content/v1/articles/${a.summary.id}?fields=body_html,blocks,teaser,summary,access`, headers: { 'x-api-key': apiKey } });
      assert.equal(json.statusCode, 200, json.body);
      const item = (JSON.parse(json.body) as { article: Record<string, unknown> }).article;
      assert.equal(item.body_html, null);
      assert.equal(item.blocks, null);
      assert.equal(item.access, 'members');
      assert.ok(!json.body.includes(a.phrase));
      const list = await t.app.inject({ url: '/api/content/v1/articles?fields=teaser,access', headers: { 'x-api-key': apiKey } });
      assert.ok(!list.body.includes(a.phrase));
      const found = await t.app.inject({ url: `/api/content/v1/search?q=${encodeURIComponent(a.phrase.split(' ').slice(0, 3).join(' '))}`, headers: { 'x-api-key': apiKey } });
      assert.ok(!found.body.includes(a.phrase), 'search snippets quote no walled body');
    });

    test('a signed-in member reads a members article in full; a staff session alone does not count', async () => {
      const a = articles[0]!;
      const staff = await editor.get(a.path);
      assert.ok(walled(staff.body), 'the newsroom session is not a reader session');
      const { client } = await signUpMember(t, smtp.mails, 'member.one@example.com', { source: 'paywall', returnTo: a.path });
      const page = await client.get(a.path);
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(a.phrase), 'the member gets the body');
      assert.ok(client.cookies.has('bs_ent'), 'the entitlement cookie is set');
      assert.equal(page.headers['cache-control'], 'private, no-cache');
      const member = await t.services.storage.members.findByEmail('member.one@example.com');
      assert.equal(member?.source, 'paywall');
      assert.equal(member?.sourceDetail, a.path, 'the sign-up is credited to the article’s wall');
    });

    test('the wall’s sign-up form works without a token from this site only (the page is shared, so it cannot carry one)', async () => {
      const a = articles[0]!;
      const form = (headers: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/account/signin', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams({ email: 'wall.reader@example.com', source: 'paywall', returnTo: a.path }).toString() });
      assert.equal((await form({})).statusCode, 403, 'no Origin, no Sec-Fetch-Site: refused');
      assert.equal((await form({ origin: 'https://evil.example' })).statusCode, 403, 'another site: refused');
      assert.equal((await form({ 'sec-fetch-site': 'cross-site' })).statusCode, 403);
      const ok = await form({ origin: 'http://localhost:80' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.match(ok.body, /Check your email/);
      assert.equal((await form({ 'sec-fetch-site': 'same-origin' })).statusCode, 200);
      // The newsletter box in every page's footer works the same way, and only carries the address to the list.
      assert.doesNotMatch((await t.app.inject({ url: '/' })).body, /footer-signup/, 'no newsletter yet, no box');
      const owner = { id: admin.user!.id, role: admin.user!.role, authorId: admin.user!.authorId };
      await t.services.newsletters.create(owner, { slug: 'daily-digest', name: 'Daily Digest', description: '', senderName: 'The Desk', kind: 'briefing' });
      await t.services.applyInvalidations(['navigation']);
      const home = await t.app.inject({ url: '/' });
      assert.match(home.body, /<form method="post" action="\/newsletters\/" class="footer-signup">/, 'every page offers the newsletters once there is one');
      const box = (headers: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/newsletters/', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: 'email=box.reader%40example.com' });
      assert.equal((await box({})).statusCode, 403);
      const listed = await box({ origin: 'http://localhost:80' });
      assert.equal(listed.statusCode, 200);
      assert.match(listed.body, /value="box\.reader@example\.com"/);
      assert.equal(await t.services.storage.members.findByEmail('box.reader@example.com'), undefined, 'nothing stored');
    });

    test('a paid article: members get the plans offer, complimentary access opens it, and it ends on its date', async () => {
      const a = articles[1]!;
      await setAccess(a.summary.id, 'paid');
      await admin.get('/admin/plans/');
      const made = await admin.post('/admin/plans/', { name: 'Digital Plus', slug: 'digital-plus', currency: 'jpy', monthlyPrice: '1200', yearlyPrice: '12000', benefits: 'Every article\nThe archive', active: '1' });
      assert.equal(made.statusCode, 303, made.body);
      const { client } = await signUpMember(t, smtp.mails, 'member.two@example.com');
      const offer = await client.get(a.path);
      assert.ok(!offer.body.includes(a.phrase));
      assert.match(offer.body, /This article is for subscribers/);
      assert.match(offer.body, /¥1,200 a month or ¥12,000 a year/);
      assert.match(offer.body, /href="\/account\/plans\/\?returnTo=/);

      const member = (await t.services.storage.members.findByEmail('member.two@example.com'))!;
      await admin.get(`/admin/members/${member.id}/`);
      const until = new Date(t.clock.now() + 3 * 86_400_000).toISOString().slice(0, 10);
      const granted = await admin.post(`/admin/members/${member.id}/grant`, { plan: 'digital-plus', until, note: 'Press pass' });
      assert.equal(granted.statusCode, 303, granted.body);
      // The entitlement cookie lives ten minutes; after that the next page reads the new plan.
      t.clock.advance(11 * MINUTE);
      const full = await client.get(a.path);
      assert.ok(full.body.includes(a.phrase), 'complimentary access reads the paid article');
      const account = await client.get('/account/');
      assert.match(account.body, /Digital Plus<\/strong>: complimentary, until/);
      const listed = await admin.get('/admin/members/?q=member.two');
      assert.match(listed.body, /member\.two@example\.com<\/a><\/td><td>[^<]*<\/td><td>account<\/td><td>Digital Plus<\/td>/, 'the newsroom lists the member’s plan');
      const csv = await admin.get('/admin/members.csv');
      assert.match(csv.body, /^member\.two@example\.com,.*,Digital Plus$/m);
      const detail = await admin.get(`/admin/members/${member.id}/`);
      assert.match(detail.body, /Press pass/);

      const past = await admin.post(`/admin/members/${member.id}/grant`, { plan: 'digital-plus', until: '2001-01-01', note: '' });
      assert.equal(past.statusCode, 422, 'a grant must end in the future');
      t.clock.advance(4 * 86_400_000);
      const ended = await client.get(a.path);
      assert.ok(!ended.body.includes(a.phrase), 'the grant ended');
      await refreshStaff();
    });

    test('the anonymous meter: N walled reads per 30 days, re-reads free, then the wall; forged meters count for nothing', async () => {
      const [x, y, z] = [articles[2]!, articles[3]!, articles[4]!];
      for (const a of [x, y, z]) await setAccess(a.summary.id, 'members');
      await setMeter(2, 0);
      const reader = new AdminClient(t.app);
      const first = await reader.get(x.path);
      assert.ok(first.body.includes(x.phrase), 'first metered read');
      assert.ok(reader.cookies.has('bs_meter'));
      assert.ok((await reader.get(y.path)).body.includes(y.phrase), 'second metered read');
      const third = await reader.get(z.path);
      assert.ok(!third.body.includes(z.phrase) && walled(third.body), 'the third is walled');
      assert.match(third.body, /read your 2 free articles/);
      assert.ok((await reader.get(x.path)).body.includes(x.phrase), 'an article already on the meter reads again');

      // A meter cookie with a changed list (or a bad signature) is no meter: it cannot raise the allowance past a fresh browser's.
      const meter = reader.cookies.get('bs_meter')!;
      const forged = meter.replace(/^0\.[^.]*\./, '0..');
      const res = await t.app.inject({ url: z.path, headers: { cookie: `bs_meter=${forged}` } });
      assert.match(String(res.headers['set-cookie']), /bs_meter=0\.[0-9a-z]+-[0-9a-z]+\./, 'the forged meter was dropped: a fresh one holds this read alone');
      t.clock.advance(31 * 86_400_000);
      assert.ok((await reader.get(z.path)).body.includes(z.phrase), '30 days later the meter has room again');
      await refreshStaff();
      await setMeter(0, 0);
    });

    test('the member meter: M paid articles a month, then the offer', async () => {
      const [p, q] = [articles[4]!, articles[5]!];
      for (const a of [p, q]) await setAccess(a.summary.id, 'paid');
      await setMeter(0, 1);
      const { client } = await signUpMember(t, smtp.mails, 'member.three@example.com');
      assert.ok((await client.get(p.path)).body.includes(p.phrase), 'one paid article this month');
      const second = await client.get(q.path);
      assert.ok(!second.body.includes(q.phrase));
      assert.match(second.body, /This article is for subscribers/);
      const anonymous = await t.app.inject({ url: p.path });
      assert.ok(!anonymous.body.includes(p.phrase), 'the member meter is not the anonymous one');
      await setMeter(0, 0);
    });

    test('forged entitlement cookies are read afresh from the database; nothing else opens a wall', async () => {
      const a = articles[1]!; // paid
      const { client } = await signUpMember(t, smtp.mails, 'member.four@example.com');
      await client.get(a.path);
      const ent = client.cookies.get('bs_ent')!;
      assert.match(ent, /^\d+\.m\./, 'a member without a plan');
      const raised = ent.replace(/^(\d+)\.m\./, '$1.s.');
      const member = client.cookies.get('bs_member')!;
      const res = await t.app.inject({ url: a.path, headers: { cookie: `bs_member=${member}; bs_ent=${raised}` } });
      assert.ok(!res.body.includes(a.phrase), 'a raised level does not verify');
      assert.match(String(res.headers['set-cookie']), /bs_ent=\d+\.m\./, 'the route wrote the true level');
      const stolen = await t.app.inject({ url: a.path, headers: { cookie: `bs_ent=${ent}` } });
      assert.ok(walled(stolen.body), 'an entitlement without its session counts for nothing');
      const junk = await t.app.inject({ url: a.path, headers: { cookie: 'bs_member=x; bs_ent=1.s.99999999999.AAAAAAAAAAAAAAAAAAAAAA; bs_meter=%%%' } });
      assert.equal(junk.statusCode, 200);
      assert.ok(walled(junk.body));
    });

    test('bad input: the access form, the plan form and the meter form refuse clearly and change nothing', async () => {
      const a = articles[5]!;
      await editor.get(`/admin/articles/${a.summary.id}/`);
      assert.equal((await editor.post(`/admin/articles/${a.summary.id}/access`, { access: 'everyone' })).statusCode, 400);
      const writer = await signedIn(t.app, t.services, 'writer');
      await writer.get('/admin/articles/');
      assert.equal((await writer.post(`/admin/articles/${a.summary.id}/access`, { access: 'public' })).statusCode, 403, 'writers do not set access');
      await admin.get('/admin/plans/');
      const taken = await admin.post('/admin/plans/', { name: 'Dup', slug: 'digital', currency: 'jpy', monthlyPrice: '1', yearlyPrice: '1' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.body, /Another plan uses the address name digital/);
      const currency = await admin.post('/admin/plans/', { name: 'Odd', slug: 'odd', currency: 'yen!', monthlyPrice: '1', yearlyPrice: '1' });
      assert.equal(currency.statusCode, 422);
      assert.equal((await admin.post('/admin/plans/meter', { anonymousPer30Days: '31', memberPerMonth: '0' })).statusCode, 422);
      assert.equal((await admin.post('/admin/plans/meter', { anonymousPer30Days: '-1', memberPerMonth: '0' })).statusCode, 400);
      assert.deepEqual(await t.services.plans.meterRules(), { anonymousPer30Days: 0, memberPerMonth: 0 });
      assert.deepEqual((await t.services.plans.listPlans()).map((p) => p.slug).sort(), ['digital', 'digital-plus'], 'the demo’s plan and the test’s');
    });

    test('the whole matrix: every access class × every kind of reader × every output; the body only where the reader is entitled, and never in a public output', async () => {
      const a = articles[5]!;
      const query = encodeURIComponent(a.phrase.split(' ').slice(0, 3).join(' '));
      const { client: member } = await signUpMember(t, smtp.mails, 'matrix.member@example.com');
      const { client: subscriber } = await signUpMember(t, smtp.mails, 'matrix.subscriber@example.com');
      const owner = { id: admin.user!.id, role: admin.user!.role, authorId: admin.user!.authorId };
      const sub = (await t.services.storage.members.findByEmail('matrix.subscriber@example.com'))!;
      await t.services.plans.grant(owner, { memberId: sub.id, planSlug: 'digital', endsAt: t.clock.now() + 86_400_000, note: 'matrix' });
      const readers: [ReaderLevel | 'staff', (url: string) => Promise<{ body: string }>][] = [
        ['anonymous', (url) => t.app.inject({ url })],
        ['staff', (url) => editor.get(url)],
        ['member', (url) => member.get(url)],
        ['subscriber', (url) => subscriber.get(url)],
      ];
      const publicOutputs = ['/feed/', '/feed/atom/', '/feed/json/', `/search/?q=${query}`, '/', '/sitemaps/news.xml'];
      for (const access of ['public', 'members', 'paid'] as const) {
        await setAccess(a.summary.id, access);
        for (const [level, get] of readers) {
          const page = await get(a.path);
          const shouldRead = entitled(access, level === 'staff' ? 'anonymous' : level);
          assert.equal(page.body.includes(a.phrase), shouldRead, `${access} article, ${level}: page ${shouldRead ? 'has' : 'has no'} body`);
          // Public outputs are the same for every reader; each reader's cookies are still sent once to prove it.
          for (const url of level === 'anonymous' ? publicOutputs : publicOutputs.slice(0, 1)) {
            const body = (await get(url)).body;
            if (access !== 'public') assert.ok(!body.includes(a.phrase), `${access} article, ${level}: ${url} carries no body`);
          }
        }
        const api = await t.app.inject({ url: `/api/content/v1/articles/${a.summary.id}?fields=body_html`, headers: { 'x-api-key': apiKey } });
        assert.equal(api.body.includes(a.phrase.slice(0, 30)), access === 'public', `${access}: Content API`);
      }
    });

    test('bad input on the reader side: a newsletter box with a bad address, an unknown interval, billing with nothing to bill', async () => {
      const same = { origin: 'http://localhost:80', 'content-type': 'application/x-www-form-urlencoded' };
      const long = await t.app.inject({ method: 'POST', url: '/newsletters/', headers: same, payload: `email=${'a'.repeat(400)}%40example.com` });
      assert.equal(long.statusCode, 400);
      const extra = await t.app.inject({ method: 'POST', url: '/newsletters/', headers: same, payload: 'email=x%40example.com&admin=1' });
      assert.equal(extra.statusCode, 400, 'unknown fields are refused');
      const { client } = await signUpMember(t, smtp.mails, 'bad.input@example.com');
      await client.get('/account/');
      assert.equal((await client.post('/account/subscribe', { plan: 'digital', interval: 'weekly' })).statusCode, 400);
      assert.equal((await client.post('/account/subscribe', { plan: '../../etc', interval: 'month' })).statusCode, 400);
      const off = await client.post('/account/subscribe', { plan: 'digital', interval: 'month' });
      assert.equal(off.statusCode, 503, 'payments are not set up in this app');
      assert.match(off.body, /Payments are not set up on this site yet/);
      assert.equal((await client.post('/account/billing', {})).statusCode, 503);
      const member = (await t.services.storage.members.findByEmail('bad.input@example.com'))!;
      assert.deepEqual(await t.services.storage.plans.memberPlans(member.id), [], 'nothing was written');
    });
  });
}
