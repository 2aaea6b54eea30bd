import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { requires } from '../helpers/requirements.ts';
import { until } from '../helpers/wait.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const missing = browserMissing();
const SHOTS = new URL('../../test-results/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const shot = (name: string) => new URL(name, SHOTS).pathname;
const PASSWORD = 'an editor passphrase for tests';

const skipped = requires('the newsroom in Chromium', { browser: missing });

describe('the newsroom in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articleUrl: string;
  let articleId: number;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  let photo: string;

  before(async () => {
    // A quick scheduler so "on time" is measured in milliseconds once the clock reaches the time.
    t = await startTestApp({ env: { BROADSHEET_SCHEDULER_INTERVAL_MS: '100', BROADSHEET_EDITOR_HEARTBEAT_MS: '300' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief Admin', password: PASSWORD });
    const admin = (await t.services.storage.users.findByEmail('chief@example.com'))!;
    const { link } = await t.services.auth.createUser(admin, { email: 'eve@example.com', name: 'Eve Editor', role: 'editor' });
    await t.services.auth.setPasswordWithLink(link.split('/').at(-1)!, 'invite', PASSWORD);
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-e2e-'));
    photo = join(dir, 'harbour.jpg');
    writeFileSync(photo, await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a6f97' } }).composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><circle cx="800" cy="450" r="300" fill="#ffd166"/></svg>') }]).jpeg().toBuffer());
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function context(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' });
    ctx.on('page', (p) => watch(p));
    return ctx;
  }

  function watch(page: Page): void {
    page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
    page.on('dialog', (d) => {
      // Leaving a page with unsaved changes asks first; anything else would be a script running.
      if (d.type() !== 'beforeunload') dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`);
      void d.accept().catch(() => undefined);
    });
  }

  async function login(page: Page, email: string, password = PASSWORD): Promise<void> {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin/articles/`);
  }

  async function axe(page: Page, what: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const problems = result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(problems, [], `${what} has accessibility violations`);
  }

  test('an admin creates a contributor, who writes an article with a photo and submits it', async () => {
    const adminCtx = await context();
    const admin = await adminCtx.newPage();
    await login(admin, 'chief@example.com');
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByLabel('Email').fill('cora@example.com');
    await admin.getByLabel('Name', { exact: true }).fill('Cora Contributor');
    await admin.getByLabel('Role', { exact: true }).selectOption('contributor');
    await admin.getByRole('button', { name: 'Add user' }).click();
    const link = await admin.locator('input.copy-link').inputValue();
    assert.match(link, /\/admin\/setup\/[\w-]{43}$/);
    await axe(admin, 'users page');
    await admin.screenshot({ path: shot('newsroom-users.png'), fullPage: true });
    await adminCtx.close();

    const coraCtx = await context();
    const cora = await coraCtx.newPage();
    await cora.goto(link.replace(/^https?:\/\/[^/]+/, base));
    await cora.getByLabel('New password').fill('she writes the harbour story');
    await cora.getByRole('button', { name: 'Set password' }).click();
    await cora.getByText('Your password is set').waitFor();
    await login(cora, 'cora@example.com', 'she writes the harbour story');

    await cora.getByRole('link', { name: 'New article' }).first().click();
    await cora.getByLabel('Headline').fill('Harbour lights return to Port Hakuro');
    await cora.getByLabel('Section').selectOption({ label: 'General News' });
    await cora.getByRole('button', { name: 'Start writing' }).click();
    await cora.waitForURL(/\/admin\/articles\/\d+\/$/);
    articleId = Number(/\/admin\/articles\/(\d+)\//.exec(cora.url())?.[1]);

    await cora.getByLabel('Summary (dek)').fill('The lamps along the sea wall shine again after two dark winters.');
    await cora.getByLabel('Dateline').fill('PORT HAKURO');
    const body = cora.locator('.body-prose');
    await body.click();
    await cora.keyboard.type('The harbour lamps came back on at dusk on Friday.');
    await cora.keyboard.press('Enter');
    await cora.keyboard.type('Fishermen cheered from the quay.');
    await cora.getByRole('button', { name: 'Bold' }).waitFor();
    await cora.locator('#lead-upload').setInputFiles(photo);
    await cora.locator('#upload-status').getByText(/Uploaded photo #\d+/).waitFor();
    await cora.getByLabel('Caption').fill('Lamps glow along the Port Hakuro sea wall on Friday.');
    await cora.getByLabel('Alt text').fill('A yellow lamp against a blue evening sky');
    await cora.getByRole('button', { name: 'Save', exact: true }).click();
    await cora.locator('#save-status').getByText(/^Saved at/).waitFor();
    // In the edition's zone, like every other time in the newsroom; "Last change" follows the save.
    assert.match((await cora.locator('#save-status').textContent()) ?? '', /^Saved at \d{2}:\d{2}:\d{2} JST · version \d+$/);
    assert.match((await cora.locator('#last-change').textContent()) ?? '', /^\d{2}:\d{2} JST, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    await axe(cora, 'the editor');
    await cora.screenshot({ path: shot('newsroom-editor.png'), fullPage: true });

    await cora.getByRole('button', { name: 'Submit for review' }).click();
    await cora.getByText('Done: in review.').waitFor();
    assert.equal(await cora.getByRole('button', { name: 'Publish now' }).count(), 0, 'a contributor cannot publish');
    const stored = await t.services.storage.articles.findForEdit(articleId);
    assert.equal(stored?.status, 'in_review');
    assert.equal(stored?.content.bodyHtml, '<p>The harbour lamps came back on at dusk on Friday.</p><p>Fishermen cheered from the quay.</p>');
    assert.ok(stored?.content.leadMediaId);
    await coraCtx.close();
  });

  test('an editor schedules it a minute ahead; it appears on the reader site on time, not before', async () => {
    const ctx = await context();
    const eve = await ctx.newPage();
    await login(eve, 'eve@example.com');
    await eve.getByLabel('Status').selectOption('in_review');
    await eve.getByRole('button', { name: 'Filter' }).click();
    await eve.getByRole('link', { name: 'Harbour lights return to Port Hakuro' }).click();
    // TEST_NOW is 15:00 JST on March 6, 2026.
    await eve.getByLabel(/Publish at/).fill('2026-03-06T15:01');
    await eve.getByRole('button', { name: 'Schedule' }).click();
    await eve.getByText('Done: scheduled.').waitFor();
    articleUrl = `${base}/society/general-news/20260306-${articleId}/`;
    const reader = await ctx.newPage();
    assert.equal((await reader.goto(articleUrl))?.status(), 404, 'embargoed before its time');
    await reader.goto(`${base}/society/general-news/`);
    assert.equal(await reader.getByText('Harbour lights return to Port Hakuro').count(), 0);

    t.clock.advance(61_000);
    // No request triggers publishing: the scheduler's own timer does it.
    await until(async () => (await t.services.storage.articles.findForEdit(articleId))?.status === 'published', 'published within 5 s of its time', 5000);
    const res = await reader.goto(articleUrl);
    assert.equal(res?.status(), 200);
    assert.equal(await reader.locator('article.story h1').textContent(), 'Harbour lights return to Port Hakuro');
    assert.equal(await reader.locator('.timestamps time').first().textContent(), '15:01 JST, March 6, 2026');
    assert.ok(await reader.locator('figure.lead-figure img').evaluate((el) => (el as HTMLImageElement).naturalWidth > 0));
    await reader.goto(`${base}/society/general-news/`);
    assert.equal(await reader.getByRole('link', { name: 'Harbour lights return to Port Hakuro' }).count(), 1);
    await ctx.close();
  });

  test('the editor updates it and the live page shows (Update 1)', async () => {
    const ctx = await context();
    const eve = await ctx.newPage();
    await login(eve, 'eve@example.com');
    await eve.goto(`${base}/admin/articles/${articleId}/`);
    await eve.locator('.body-prose').click();
    await eve.keyboard.press('Control+End');
    await eve.keyboard.press('Enter');
    await eve.keyboard.type('The port plans a lantern walk next month.');
    await eve.getByLabel(/^Update: shown as/).check();
    await eve.getByLabel(/Public note/).fill('Adds the lantern walk.');
    await eve.getByRole('button', { name: 'Save and update' }).click();
    await eve.locator('#save-status').getByText(/^Saved at/).waitFor();
    const reader = await ctx.newPage();
    await reader.goto(articleUrl);
    assert.equal(await reader.locator('article.story h1').textContent(), 'Harbour lights return to Port Hakuro (Update 1)');
    assert.ok((await reader.locator('.story-body').textContent())?.includes('lantern walk next month'));
    assert.ok((await reader.locator('.story-history').textContent())?.includes('Adds the lantern walk.'));
    await reader.screenshot({ path: shot('reader-updated-article.png'), fullPage: true });
    await ctx.close();
  });

  test('two editors on the same article: the second reads until A’s lock lapses; A’s stale save then gets a 409 and no text is lost', async () => {
    const ctxA = await context();
    const ctxB = await context();
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await login(a, 'eve@example.com');
    await login(b, 'chief@example.com');
    await a.goto(`${base}/admin/articles/${articleId}/`);
    await until(async () => (await t.services.storage.collaboration.lock(articleId))?.userId === (await t.services.storage.users.findByEmail('eve@example.com'))?.id, 'A holds the lock');
    await b.goto(`${base}/admin/articles/${articleId}/`);
    await b.locator('#lock-banner').getByText('is editing this article').waitFor();
    assert.equal(await b.getByLabel('Minor fix: no marker (typos)').isChecked(), true, 'saving a live article is a minor fix unless an update is chosen');

    // A's laptop loses the network; A's lock lapses (no heartbeat for 45 s) and B's editor takes it.
    await ctxA.setOffline(true);
    await a.getByLabel('Summary (dek)').fill('Summary from editor A, typed offline.');
    t.clock.advance(46_000);
    await until(async () => b.locator('#article-form > fieldset').evaluate((f) => !(f as HTMLFieldSetElement).disabled), 'B may type once A’s lock lapsed');
    await b.getByLabel('Summary (dek)').fill('Summary from editor B.');
    await b.getByRole('button', { name: 'Save and update' }).click();
    await b.locator('#save-status').getByText(/^Saved at/).waitFor();

    // A comes back and saves at once, from the version A opened: a 409 that keeps A's text.
    await ctxA.setOffline(false);
    const response = a.waitForResponse((r) => r.url().endsWith(`/admin/api/articles/${articleId}`) && r.request().method() === 'PUT');
    await a.evaluate(() => (document.getElementById('article-form') as HTMLFormElement).requestSubmit());
    assert.equal((await response).status(), 409);
    await a.locator('#conflict-banner').waitFor({ state: 'visible' });
    assert.match((await a.locator('#conflict-text').textContent()) ?? '', /Someone saved this article after you opened it/);
    assert.equal(await a.getByLabel('Summary (dek)').inputValue(), 'Summary from editor A, typed offline.', 'A keeps their text on screen');
    await a.screenshot({ path: shot('newsroom-conflict.png'), fullPage: true });
    const current = await t.services.storage.articles.findForEdit(articleId);
    assert.equal(current?.content.summary, 'Summary from editor B.');
    const revisions = await t.services.storage.revisions.list(articleId);
    assert.ok(revisions.some((r) => r.kind === 'conflict' && r.content.summary === 'Summary from editor A, typed offline.'), 'A’s text is kept as a revision');

    await a.getByRole('link', { name: 'Open revisions' }).click();
    await a.waitForURL(/\/revisions\/$/);
    assert.ok((await a.locator('tr.conflict').count()) >= 1);
    await axe(a, 'revisions page');
    await a.screenshot({ path: shot('newsroom-revisions.png'), fullPage: true });
    await ctxA.close();
    await ctxB.close();
  });

  test('when the network fails, the browser keeps the unsaved text and offers it back', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page, 'eve@example.com');
    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Headline').fill('Offline draft');
    await page.getByLabel('Section').selectOption({ label: 'General News' });
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\/$/);
    await page.route('**/admin/api/**', (route) => route.abort('internetdisconnected'));
    await page.locator('.body-prose').click();
    await page.keyboard.type('Words typed while the connection was down.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#save-status').getByText(/connection failed/).waitFor();
    await page.unroute('**/admin/api/**');
    await page.reload();
    await page.locator('#journal-banner').waitFor({ state: 'visible' });
    assert.equal((await page.locator('.body-prose').textContent())?.trim(), '', 'the server never got the text');
    await page.getByRole('button', { name: 'Restore them' }).click();
    assert.equal(await page.locator('.body-prose').textContent(), 'Words typed while the connection was down.');
    // Drafts autosave: no button needed.
    await page.locator('#save-status').getByText(/^Saved at/).waitFor({ timeout: 10_000 });
    assert.ok((await t.services.storage.revisions.list(Number(/\/admin\/articles\/(\d+)\//.exec(page.url())?.[1]))).some((r) => r.kind === 'autosave'));
    await page.reload();
    assert.equal(await page.locator('#journal-banner').isHidden(), true, 'the journal is cleared once the server has the text');
    await ctx.close();
  });

  test('hostile text in every field runs nowhere: reader pages and newsroom pages, in Chromium', async () => {
    const payload = `"'><img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)>`;
    const chief = (await t.services.storage.users.findByEmail('chief@example.com'))!;
    const { user } = await t.services.auth.createUser(chief, { email: 'mallory@example.com', name: `Mallory ${payload}`.slice(0, 100), role: 'writer', title: `Title ${payload}` });
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page, 'chief@example.com');
    const csrf = await page.locator('body').getAttribute('data-csrf');
    const api = async (method: string, url: string, body: unknown) =>
      page.evaluate(async ([m, u, b, token]) => {
        const res = await fetch(u as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-csrf-token': token as string }, body: JSON.stringify(b) });
        return { status: res.status, json: await res.json() };
      }, [method, url, body, csrf] as const);
    const tag = await api('POST', '/admin/api/tags', { name: `Tag ${payload}`.slice(0, 60) });
    assert.equal(tag.status, 201);
    const sections = await t.services.storage.sections.listAll();
    const sub = sections.find((s) => s.path === 'society/general-news')!;
    await page.goto(`${base}/admin/articles/new`);
    await page.getByLabel('Headline').fill(`Headline ${payload}`);
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\/$/);
    const id = Number(/\/admin\/articles\/(\d+)\//.exec(page.url())?.[1]);
    const media = (await t.services.storage.media.list('', { limit: 1, offset: 0 })).items[0]!;
    await t.services.storage.media.updateMetadata(media.id, { caption: `Media ${payload}`, credit: 'Credit', alt: `Alt ${payload}` });
    const saved = await api('PUT', `/admin/api/articles/${id}`, {
      version: 1,
      content: {
        headline: `Headline ${payload}`, summary: `Summary ${payload}`, dateline: `DATELINE ${payload}`.slice(0, 120),
        bodyHtml: `<p>Body ${payload}</p><p><a href="javascript:alert(4)">link</a><img src="x" onerror="alert(5)"></p>`,
        subsectionId: sub.id, tagIds: [tag.json.tag.id], authorIds: [user.authorId], seriesId: null, leadMediaId: media.id,
        leadCaption: `Caption ${payload}`, leadCredit: `Credit ${payload}`.slice(0, 200), leadAlt: `Alt ${payload}`, isTopStory: true,
      },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    const published = await api('POST', `/admin/api/articles/${id}/workflow`, { version: saved.json.version, action: 'publish' });
    assert.equal(published.status, 200);
    const live = await t.services.storage.articles.findPublished(id);
    const path = `/society/general-news/${t.services.time.dateKey(live!.publishedAt)}-${id}/`;
    const author = (await t.services.storage.authors.listAll()).find((a) => a.id === user.authorId)!;
    const urls = [
      path, '/', '/society/', '/society/general-news/', `/tag/${tag.json.tag.slug}/`, `/author/${author.slug}/`,
      `/admin/articles/${id}/`, `/admin/articles/${id}/preview`, '/admin/articles/', `/admin/articles/${id}/revisions/`,
      '/admin/media/', '/admin/taxonomy/', '/admin/users/', '/admin/audit/',
    ];
    for (const url of urls) {
      const res = await page.goto(`${base}${url}`);
      assert.equal(res?.status(), 200, url);
      await page.waitForLoadState('load');
      // Structured data is the one inline script allowed: a data block the browser never runs.
      const injected = await page.evaluate(() => document.querySelectorAll('script:not([src]):not([type="application/ld+json"]), [onerror], [onload], a[href^="javascript:"]').length);
      assert.equal(injected, 0, `${url} holds live markup from the payload`);
      const data = await page.evaluate(() => Array.from(document.querySelectorAll('script[type="application/ld+json"]'), (el) => el.textContent ?? ''));
      for (const json of data) assert.doesNotThrow(() => JSON.parse(json), `${url}: structured data stays one JSON value`);
      if (url === path) assert.equal(JSON.parse(data[0] ?? '{}').headline, `Headline ${payload}`, 'the payload is data inside the JSON, intact');
    }
    // Every image has loaded or failed (an injected onerror would have fired by then).
    await page.waitForLoadState('networkidle');
    assert.deepEqual(dialogs, [], 'no script ran');
    await ctx.close();
  });

  test('no script errors in any newsroom page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
