import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { AdminClient, signedIn, TEST_PASSWORD } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';

let t: TestApp;
let contributor: AdminClient;
let editor: AdminClient;
let admin: AdminClient;
let subId: number;
before(async () => {
  t = await startTestApp();
  admin = await signedIn(t.app, t.services, 'admin', 'Flow Admin');
  contributor = await signedIn(t.app, t.services, 'contributor', 'Flow Contributor');
  editor = await signedIn(t.app, t.services, 'editor', 'Flow Editor');
  subId = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!.id;
});
after(async () => {
  await t.close();
});

function editorForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    version: '1', headline: 'Night buses return to Tsukiyama', summary: 'Three routes run again after midnight.',
    dateline: 'TSUKIYAMA', bodyHtml: '<p>The city restored three night bus routes on Friday.</p><p>Riders welcomed the change.</p>',
    subsectionId: String(subId), seriesId: '', leadMediaId: '', leadCaption: '', leadCredit: '', leadAlt: '', ...overrides,
  };
}

describe('writing and publishing through the newsroom', () => {
  let id: number;
  let path: string;

  test('the newsroom pages are valid HTML', async () => {
    for (const url of ['/admin/login', '/admin/articles/', '/admin/articles/new', '/admin/media/', '/admin/account/', '/admin/reset']) {
      const res = await (url === '/admin/login' || url === '/admin/reset' ? new AdminClient(t.app).get(url) : editor.get(url));
      assert.equal(res.statusCode, 200, url);
      await assertValidHtml(res.body, url);
    }
    for (const url of ['/admin/users/', '/admin/taxonomy/', '/admin/audit/']) {
      const res = await admin.get(url);
      assert.equal(res.statusCode, 200, url);
      await assertValidHtml(res.body, url);
    }
  });

  test('a contributor starts an article and saves it with the plain form', async () => {
    await contributor.get('/admin/articles/new');
    const created = await contributor.post('/admin/articles/', { headline: 'Night buses return', subsectionId: String(subId) });
    assert.equal(created.statusCode, 303);
    id = Number(/\/admin\/articles\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    const page = await contributor.get(`/admin/articles/${id}/`);
    assert.equal(page.statusCode, 200);
    await assertValidHtml(page.body, 'the editor');
    assert.match(page.body, /Submit for review/);
    assert.doesNotMatch(page.body, /Publish now/, 'contributors do not get a publish button');
    const saved = await contributor.post(`/admin/articles/${id}/`, editorForm());
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/admin/articles/${id}/?saved=2`);
    assert.match((await contributor.get(String(saved.headers.location))).body, /Saved \(version 2\)/);
  });

  test('a refused save shows what was typed and what is wrong, and saves nothing', async () => {
    const before = await t.services.storage.articles.findForEdit(id);
    const long = 'x'.repeat(301);
    const res = await contributor.post(`/admin/articles/${id}/`, editorForm({ version: '2', headline: long, summary: 'Kept summary text' }));
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /headline: at most 300 characters \(this has 301\)/);
    assert.equal(parsePage(res.body).count('.field.has-error > label[for="headline"]'), 1, 'the headline field is marked');
    assert.ok(res.body.includes(long), 'the typed headline is shown again');
    assert.match(res.body, /Kept summary text/);
    assert.deepEqual(await t.services.storage.articles.findForEdit(id), before);
    const api = await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: 2, content: { ...before!.content, dateline: 'D'.repeat(121) } } });
    assert.equal(api.statusCode, 422);
    assert.equal(api.json().error.code, 'BS_ERR_CONTENT_INVALID');
    assert.equal(api.json().error.field, 'dateline');
    const schema = await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: 2, content: { ...before!.content, tagIds: 'nope' } } });
    assert.equal(schema.statusCode, 400);
    assert.equal(schema.json().error.code, 'BS_ERR_REQUEST_INVALID');
    // Every field's limit, through the API: a 422 naming the field, and nothing written.
    const over: [string, Record<string, unknown>][] = [
      ['headline', { headline: '   ' }],
      ['headline', { headline: 'h'.repeat(301) }],
      ['summary', { summary: 's'.repeat(1001) }],
      ['dateline', { dateline: 'd'.repeat(121) }],
      ['caption', { leadCaption: 'c'.repeat(1001) }],
      ['credit', { leadCredit: 'c'.repeat(201) }],
      ['alt text', { leadAlt: 'a'.repeat(401) }],
      ['tags', { tagIds: Array.from({ length: 21 }, (_, i) => i + 1) }],
      ['tags', { tagIds: [999_999] }],
      ['section', { subsectionId: 999_999 }],
      ['photo', { leadMediaId: 999_999 }],
      ['series', { seriesId: 999_999 }],
      ['headline', { headline: 'Bell \u0007 character' }],
    ];
    for (const [field, change] of over) {
      const res = await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: 2, content: { ...before!.content, ...change } } });
      assert.equal(res.statusCode, 422, `${field}: ${JSON.stringify(change).slice(0, 60)}`);
      assert.equal(res.json().error.field, field);
    }
    assert.deepEqual(await t.services.storage.articles.findForEdit(id), before);
  });

  test('a stale save through the API is a 409 carrying the current version; the text is kept as a revision', async () => {
    const current = (await t.services.storage.articles.findForEdit(id))!;
    const ok = await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: current.version, content: { ...current.content, bodyHtml: '<p>Tab A</p>' } } });
    assert.equal(ok.statusCode, 200);
    const stale = await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: current.version, content: { ...current.content, bodyHtml: '<p>Tab B</p>' } } });
    assert.equal(stale.statusCode, 409);
    const body = stale.json();
    assert.equal(body.error.code, 'BS_ERR_ARTICLE_CONFLICT');
    assert.equal(body.current.version, ok.json().version);
    assert.equal(body.current.content.bodyHtml, '<p>Tab A</p>');
    const kept = await t.services.storage.revisions.get(id, Number(body.revisionId));
    assert.equal(kept?.content.bodyHtml, '<p>Tab B</p>');
    // Put the real text back for the rest of the story.
    await contributor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: ok.json().version, content: { ...current.content } } });
  });

  test('submitted, then scheduled by an editor in the edition’s time zone; invisible until due, then published without traffic', async () => {
    let a = (await t.services.storage.articles.findForEdit(id))!;
    const submit = await contributor.post(`/admin/articles/${id}/workflow`, { version: String(a.version), action: 'submit' });
    assert.equal(submit.statusCode, 303);
    a = (await t.services.storage.articles.findForEdit(id))!;
    assert.equal(a.status, 'in_review');
    await editor.get(`/admin/articles/${id}/`);
    // TEST_NOW is 15:00 JST; schedule for 15:01 JST.
    const past = await editor.post(`/admin/articles/${id}/workflow`, { version: String(a.version), action: 'schedule', at: '2026-03-06T14:59' });
    assert.equal(past.statusCode, 422);
    assert.match(past.body, /must be in the future/);
    const scheduled = await editor.post(`/admin/articles/${id}/workflow`, { version: String(a.version), action: 'schedule', at: '2026-03-06T15:01' });
    assert.equal(scheduled.statusCode, 303);
    a = (await t.services.storage.articles.findForEdit(id))!;
    assert.equal(a.scheduledFor, Date.parse('2026-03-06T06:01:00Z'));
    path = `/society/general-news/20260306-${id}/`;
    assert.equal((await t.app.inject(path)).statusCode, 404, 'embargoed');
    assert.doesNotMatch((await t.app.inject('/society/general-news/')).body, /Night buses return to Tsukiyama/);
    t.clock.advance(61_000);
    assert.deepEqual(await t.services.publishDue(), [id]);
    const live = await t.app.inject(path);
    assert.equal(live.statusCode, 200);
    assert.equal(parsePage(live.body).text('h1'), 'Night buses return to Tsukiyama');
    assert.match(live.body, /15:01 JST, March 6, 2026/);
    assert.match((await t.app.inject('/society/general-news/')).body, /Night buses return to Tsukiyama/, 'the cached list was invalidated');
  });

  test('an editor’s update shows as (Update 1) on the very next request; a correction shows its note', async () => {
    const cachedEtag = (await t.app.inject(path)).headers.etag;
    let a = (await t.services.storage.articles.findForEdit(id))!;
    await editor.get(`/admin/articles/${id}/`);
    const update = await editor.post(`/admin/articles/${id}/`, editorForm({ version: String(a.version), bodyHtml: '<p>The city restored three night bus routes on Friday.</p><p>A fourth follows in May.</p>', changeKind: 'update', changeNote: 'Adds the fourth route.', authorIds: a.content.authorIds.map(String) }));
    assert.equal(update.statusCode, 303, update.body.slice(0, 500));
    const page = await t.app.inject(path);
    assert.notEqual(page.headers.etag, cachedEtag);
    assert.equal(parsePage(page.body).text('h1 .update-marker'), '(Update 1)');
    assert.match(page.body, /A fourth follows in May/);
    assert.match(page.body, /Adds the fourth route\./);
    const home = parsePage((await t.app.inject('/')).body);
    assert.ok(home.$('.update-marker').toArray().some((el) => home.$(el).parent().text() === 'Night buses return to Tsukiyama (Update 1)'), 'the home page list shows the update');
    a = (await t.services.storage.articles.findForEdit(id))!;
    const refused = await editor.post(`/admin/articles/${id}/`, editorForm({ version: String(a.version), changeKind: 'correction', changeNote: '', authorIds: a.content.authorIds.map(String) }));
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /a correction needs a note/);
    const corrected = await editor.post(`/admin/articles/${id}/`, editorForm({ version: String(a.version), changeKind: 'correction', changeNote: 'The routes resumed on Friday, not Thursday.', authorIds: a.content.authorIds.map(String) }));
    assert.equal(corrected.statusCode, 303);
    const after = await t.app.inject(path);
    assert.equal(parsePage(after.body).text('li.correction strong'), 'Correction');
    assert.match(after.body, /\(Update 1\)/, 'still one update');
  });

  test('the preview is the reader page, marked, uncounted and uncached', async () => {
    const res = await editor.get(`/admin/articles/${id}/preview`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /class="preview-banner"/);
    assert.match(parsePage(res.body).text('h1'), /^Night buses return to Tsukiyama/);
    assert.doesNotMatch(res.body, /data-article-id/, 'no view beacon from previews');
    assert.equal(res.headers['cache-control'], 'no-store');
    await assertValidHtml(res.body, 'preview');
  });

  test('revisions: listed, compared, restored', async () => {
    const list = await editor.get(`/admin/articles/${id}/revisions/`);
    assert.equal(list.statusCode, 200);
    await assertValidHtml(list.body, 'revisions');
    const revisions = await t.services.storage.revisions.list(id);
    assert.ok(revisions.length >= 8);
    const first = revisions.at(-1)!;
    const latest = revisions[0]!;
    const compare = await editor.get(`/admin/articles/${id}/revisions/compare?from=${first.id}&to=${latest.id}`);
    assert.equal(compare.statusCode, 200);
    const diff = parsePage(compare.body);
    assert.ok(diff.count('ins') > 0);
    assert.ok(diff.texts('ins').includes('The city restored three night bus routes on Friday.'), 'the body is compared as readers read it');
    assert.doesNotMatch(diff.text('.diff-body'), /<\/?p>/, 'no raw markup');
    assert.match(diff.text('h1'), /^Version \d+ → Version \d+$/, 'one numbering scheme');
    assert.equal(diff.count('ins p'), 0, 'never as elements');
    await assertValidHtml(compare.body, 'compare');
    assert.equal((await editor.get(`/admin/articles/${id}/revisions/compare?from=999999&to=${latest.id}`)).statusCode, 404);
    const a = (await t.services.storage.articles.findForEdit(id))!;
    const tabB = revisions.find((r) => r.kind === 'conflict')!;
    const restore = await editor.post(`/admin/articles/${id}/revisions/${tabB.id}/restore`, { version: String(a.version) });
    assert.equal(restore.statusCode, 303);
    const restored = parsePage((await t.app.inject(path)).body);
    assert.match(restored.text('.story-body > p:first-child'), /^\S.* — Tab B$/, 'the restored text is live, after the dateline');
  });

  test('unpublish takes the page down at once', async () => {
    const a = (await t.services.storage.articles.findForEdit(id))!;
    const res = await editor.post(`/admin/articles/${id}/workflow`, { version: String(a.version), action: 'unpublish' });
    assert.equal(res.statusCode, 303);
    assert.equal((await t.app.inject(path)).statusCode, 404);
    assert.doesNotMatch((await t.app.inject('/')).body, /Night buses return to Tsukiyama/);
  });
});

describe('media, taxonomy, users and accounts', () => {
  test('the media library takes a multipart upload and keeps caption, credit and alt text', async () => {
    await editor.get('/admin/media/');
    const png = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#336699' } }).png().toBuffer();
    const boundary = '----flow';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\nHarbour at dusk\r\n--${boundary}\r\nContent-Disposition: form-data; name="credit"\r\n\r\nStaff\r\n--${boundary}\r\nContent-Disposition: form-data; name="alt"\r\n\r\nBoats moored in a harbour\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="harbour.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await editor.request({ method: 'POST', url: `/admin/media/?_csrf=${encodeURIComponent(editor.csrf)}`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, withCsrf: false });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Uploaded photo #\d+/);
    const newest = (await t.services.storage.media.list('harbour', { limit: 5, offset: 0 })).items[0]!;
    assert.equal(newest.alt, 'Boats moored in a harbour');
    assert.equal(newest.credit, 'Staff');
    const edited = await editor.post(`/admin/media/${newest.id}`, { caption: 'Harbour at night', credit: 'Staff', alt: 'Boats moored in a harbour' });
    assert.equal(edited.statusCode, 200);
    assert.equal((await t.services.storage.media.findById(newest.id))?.caption, 'Harbour at night');
    const other = await signedIn(t.app, t.services, 'contributor', 'Media Other');
    await other.get('/admin/media/');
    assert.equal((await other.post(`/admin/media/${newest.id}`, { caption: 'Defaced', credit: '', alt: '' })).statusCode, 403, 'not the uploader, not an editor');
  });

  test('renaming a tag re-renders its page and the articles that show it', async () => {
    const tag = (await t.services.storage.tags.findBySlug('wildlife'))!;
    const articlePage = (await t.app.inject('/science-nature/environment/')).body;
    const listing = parsePage(articlePage);
    const link = listing.$(listing.$('a').toArray().find((a) => listing.$(a).text().startsWith('Rare Crested Ibis'))).attr('href') as string;
    const tagNames = async () => parsePage((await t.app.inject(link)).body).texts('ul.tag-list a');
    assert.ok((await tagNames()).includes('Wildlife'));
    await admin.get('/admin/taxonomy/');
    const res = await admin.post(`/admin/taxonomy/tags/${tag.id}`, { name: 'Wild Animals' });
    assert.equal(res.statusCode, 200);
    assert.equal(parsePage((await t.app.inject('/tag/wildlife/')).body).text('h1'), 'Wild Animals');
    assert.ok((await tagNames()).includes('Wild Animals'));
    const dup = await admin.post('/admin/taxonomy/series', { title: 'Rails of the North', description: '' });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /already a series/);
    const section = await admin.post('/admin/taxonomy/sections', { name: 'Tag', parentId: '', description: '' });
    assert.equal(section.statusCode, 422, 'reserved slug');
  });

  test('an admin creates a user, who sets a password from the one-time link and logs in', async () => {
    await admin.get('/admin/users/');
    const res = await admin.post('/admin/users/', { email: 'new.writer@example.com', name: 'New Writer', role: 'writer', title: 'Staff Writer' });
    assert.equal(res.statusCode, 200);
    const link = parsePage(res.body).attrs('input[value]', 'value').find((v) => /^http:\/\/localhost:3000\/admin\/setup\/[\w-]+$/.test(v));
    assert.ok(link);
    const path = new URL(link).pathname;
    const anon = new AdminClient(t.app);
    const form = await anon.get(path);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /new\.writer@example\.com/);
    const weak = await anon.post(path, { password: 'password1234' });
    assert.equal(weak.statusCode, 422);
    assert.equal((await anon.post(path, { password: 'a new writer passphrase' })).statusCode, 200);
    assert.equal((await anon.get(path)).statusCode, 400, 'the link is used up');
    assert.equal((await anon.login('new.writer@example.com', 'a new writer passphrase')).statusCode, 303);
    const dup = await admin.post('/admin/users/', { email: 'NEW.writer@example.com', name: 'Again', role: 'writer' });
    assert.equal(dup.statusCode, 409);
  });

  test('forgotten password: the same message for any address; the link goes to the log; it resets', async () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(String(line));
    try {
      const anon = new AdminClient(t.app);
      await anon.get('/admin/reset');
      const unknown = await anon.post('/admin/reset', { email: 'nobody@example.com' });
      const known = await anon.post('/admin/reset', { email: 'flowcontributor@example.com' });
      const text = (b: string) => /class="flash flash-ok"[^>]*><p>([^<]*)/.exec(b)?.[1];
      assert.equal(text(unknown.body), text(known.body));
      // The link is written and sent after the answer (the answer must not wait on the account).
      await t.services.auth.settled();
      const link = /\/admin\/reset\/[\w-]{43}/.exec(lines.join('\n'))?.[0];
      assert.ok(link, 'the reset link was logged');
      const reset = new AdminClient(t.app);
      await reset.get(link);
      assert.equal((await reset.post(link, { password: 'contributor renewed passphrase' })).statusCode, 200);
      assert.equal((await reset.login('flowcontributor@example.com', 'contributor renewed passphrase')).statusCode, 303);
    } finally {
      console.log = original;
    }
  });

  test('changing one’s password logs out the other sessions', async () => {
    const a = await signedIn(t.app, t.services, 'writer', 'Two Sessions');
    const b = new AdminClient(t.app);
    await b.login(a.user!.email);
    await a.get('/admin/account/');
    const res = await a.post('/admin/account/password', { current: TEST_PASSWORD, next: 'a completely new passphrase' });
    assert.equal(res.statusCode, 200);
    assert.equal((await a.get('/admin/articles/')).statusCode, 200);
    assert.equal((await b.get('/admin/articles/')).statusCode, 303);
    const wrong = await a.post('/admin/account/password', { current: 'not the password', next: 'another new passphrase' });
    assert.equal(wrong.statusCode, 401);
  });

  test('the article list filters by status, section, byline and headline, and pages', async () => {
    const all = await editor.get('/admin/articles/');
    assert.match(all.body, /\d+ articles/);
    const published = await editor.get('/admin/articles/?status=published&q=FISHERMEN');
    assert.match(published.body, /Fishermen Who Came Home/);
    assert.doesNotMatch(published.body, /Night buses/);
    const bySection = await editor.get(`/admin/articles/?section=${subId}`);
    assert.match(bySection.body, /Shiranami Line Partially Resumes/);
    assert.doesNotMatch(bySection.body, /Seagulls Win/);
    const page2 = await editor.get('/admin/articles/?page=2');
    assert.equal(page2.statusCode, 200);
    assert.match(page2.body, /Page 2 of \d+/);
    const bad = await editor.get('/admin/articles/?page=-1');
    assert.equal(bad.statusCode, 400);
    const mine = await contributor.get('/admin/articles/');
    assert.doesNotMatch(mine.body, /Seagulls Win/, 'contributors see their own articles');
  });
});

describe('rankings in the newsroom', () => {
  test('the editor shows an article’s readers as a chart with its numbers; editors keep it out of rankings and back', async () => {
    await t.services.refreshRanking();
    const top = t.services.ranking.top('site', 1)[0]!;
    const page = await editor.get(`/admin/articles/${top.articleId}/`);
    assert.equal(page.statusCode, 200);
    const panel = parsePage(page.body);
    assert.equal(panel.text('h2#readers-title'), 'Readers');
    assert.equal(panel.attr('svg[role="img"]', 'viewBox'), '0 0 300 60', 'a chart with a role');
    assert.match(panel.text('figcaption#chart-days-title'), /^Views, last 30 days: \d+$/);
    await assertValidHtml(page.body, 'editor with the readers panel');
    const out = await editor.post(`/admin/articles/${top.articleId}/ranking`, { action: 'exclude' });
    assert.equal(out.statusCode, 303);
    assert.ok(!t.services.ranking.top('site', 50).some((r) => r.articleId === top.articleId), 'gone from the lists at once');
    const home = (await t.app.inject('/')).body;
    const ranking = home.slice(home.indexOf('ranking-list'));
    assert.ok(!ranking.includes(`-${top.articleId}/"`), 'the home page’s ranking was re-rendered without it');
    const review = await editor.get('/admin/rankings/');
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Kept out by an editor/);
    await assertValidHtml(review.body, 'rankings page');
    await editor.post(`/admin/articles/${top.articleId}/ranking`, { action: 'include', back: '/admin/rankings/' });
    assert.equal(t.services.ranking.top('site', 1)[0]?.articleId, top.articleId);
    const writer = await signedIn(t.app, t.services, 'writer', 'Ranking Writer');
    await writer.get('/admin/articles/');
    const refused = await writer.post(`/admin/articles/${top.articleId}/ranking`, { action: 'exclude' });
    assert.equal(refused.statusCode, 403);
  });

  test('the rankings page says how this process counted: what it refused, what it wrote, and how likely its filter is to drop a new view', async () => {
    const top = t.services.ranking.top('site', 1)[0]!;
    const before = t.services.counting();
    const beacon = (ua: string) =>
      t.app.inject({
        method: 'POST',
        url: '/_/v',
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        payload: JSON.stringify({ a: top.articleId, t: t.services.tokens.mint(top.articleId, t.services.clock.now()) }),
        remoteAddress: '203.0.113.77',
      });
    const reader = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
    for (const ua of [reader, reader, 'Googlebot/2.1 (+http://www.google.com/bot.html)']) assert.equal((await beacon(ua)).statusCode, 204);
    await t.services.flushViews();
    const now = t.services.counting();
    assert.equal(now.beacons - before.beacons, 3);
    assert.equal(now.outcomes.counted - before.outcomes.counted, 1);
    assert.equal(now.outcomes.duplicate - before.outcomes.duplicate, 1);
    assert.equal(now.outcomes.bot - before.outcomes.bot, 1);
    assert.equal(now.views.written - before.views.written, 1, 'the counted view was written');
    assert.equal(now.views.recorded, now.views.written + now.views.unflushed + now.views.lost);
    assert.ok(now.dedupe.pairs > before.dedupe.pairs);
    const page = await editor.get('/admin/rankings/');
    assert.equal(page.statusCode, 200);
    const n = (v: number) => v.toLocaleString('en-US');
    assert.match(page.body, new RegExp(`${n(now.beacons)} beacons, ${n(now.outcomes.counted)} counted as views`));
    const panel = parsePage(page.body);
    const row = panel.$('th').toArray().find((th) => panel.$(th).text().includes('the same reader again within 30 minutes'));
    assert.equal(panel.$(row).next('td').text(), n(now.outcomes.duplicate));
    assert.match(page.body, new RegExp(`Counted views written to the database: ${n(now.views.written)};`));
    const chance = panel.$('strong').toArray().find((el) => panel.$(el).parent().text().includes('the chance it drops a new view now is'));
    assert.match(panel.$(chance).text(), /^(under 0\.001 %|[\d.]+ %)$/);
    await assertValidHtml(page.body, 'rankings page with the counting panel');
  });
});
