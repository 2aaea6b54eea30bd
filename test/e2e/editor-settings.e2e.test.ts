import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { requires } from '../helpers/requirements.ts';
import { assertNoSeriousA11y, shot } from '../helpers/e2e.ts';
import { until } from '../helpers/wait.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const missing = browserMissing();
const PASSWORD = 'a writer passphrase for tests';

const skipped = requires('the editor settings in Chromium', { browser: missing });

describe('the editor settings in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];

  before(async () => {
    t = await startTestApp({ env: { BROADSHEET_EDITOR_HEARTBEAT_MS: '300' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief Admin', password: PASSWORD });
    const admin = (await t.services.storage.users.findByEmail('chief@example.com'))!;
    const { link } = await t.services.auth.createUser(admin, { email: 'walt@example.com', name: 'Walt Writer', role: 'writer' });
    await t.services.auth.setPasswordWithLink(link.split('/').at(-1)!, 'invite', PASSWORD);
    const second = await t.services.auth.createUser(admin, { email: 'kenji@example.com', name: 'Kenji Editor', role: 'editor' });
    await t.services.auth.setPasswordWithLink(second.link.split('/').at(-1)!, 'invite', PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function context(width = 1280): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width, height: 1000 } });
    ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    return ctx;
  }

  async function login(page: Page, email = 'walt@example.com'): Promise<void> {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin/articles/`);
  }

  test('a writer picks a section and tags by typing, creates a tag with Enter, sets a slug; the checklist follows; the old address redirects after a slug change', async () => {
    const existing = (await t.services.storage.tags.search('', 5))[0]!;
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Headline').fill('Night market returns to the harbour');
    await page.getByLabel('Section').selectOption({ label: 'General News' });
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\/$/);
    const id = Number(/\/admin\/articles\/(\d+)\//.exec(page.url())?.[1]);

    const checklist = page.locator('#checklist');
    assert.equal(await checklist.locator('#check-tags').getAttribute('class'), 'todo');

    // Tags: an existing one by typing part of its name, then a new one with Enter.
    const tags = page.getByRole('combobox', { name: 'Tags' });
    await tags.fill(existing.name.slice(0, 4));
    await page.getByRole('option', { name: existing.name, exact: true }).waitFor();
    await tags.press('ArrowDown');
    await until(async () => (await page.locator('[role=option][aria-selected=true]').count()) === 1, 'an option is highlighted');
    await page.getByRole('option', { name: existing.name, exact: true }).click();
    await page.getByRole('button', { name: `Remove ${existing.name}` }).waitFor();
    await tags.fill('Harbour night market');
    await page.getByRole('option', { name: 'Create tag “Harbour night market”' }).waitFor();
    await tags.press('ArrowDown');
    await tags.press('Enter');
    await page.getByRole('button', { name: 'Remove Harbour night market' }).waitFor();
    await until(async () => (await checklist.locator('#check-tags').getAttribute('class')) === 'ok', 'the checklist sees the tags');
    const created = await t.services.storage.tags.findBySlug('harbour-night-market');
    assert.ok(created, 'the writer created the tag');

    // Section: type, choose; the hidden select follows.
    const section = page.getByRole('combobox', { name: 'Section' });
    await section.fill('econ');
    await page.getByRole('option', { name: /Business › Economy/ }).click();
    assert.equal(await page.locator('#subsectionId option:checked').innerText(), 'Economy');
    await section.fill('general');
    await page.getByRole('option', { name: 'Society › General News' }).click();

    await page.getByLabel('Summary (dek)').fill('Forty stalls open on the pier every Friday night.');
    await page.getByRole('button', { name: 'From headline' }).click();
    assert.equal(await page.getByLabel('URL slug').inputValue(), 'night-market-returns-to-the-harbour');
    await page.getByLabel('SEO title').fill('Harbour night market: stalls, times and food');
    await until(async () => (await page.locator('#sp-title').innerText()) === 'Harbour night market: stalls, times and food', 'the search preview follows the SEO title');
    assert.equal(await page.locator('#sp-desc').innerText(), 'Forty stalls open on the pier every Friday night.');
    assert.equal(await page.locator('#sh-title').innerText(), 'Harbour night market: stalls, times and food', 'the share card falls back to the SEO title');
    await page.getByLabel('Social title').fill('Forty stalls, one pier');
    await until(async () => (await page.locator('#sh-title').innerText()) === 'Forty stalls, one pier', 'the share preview follows the social title');
    await page.locator('.body-prose').click();
    await page.keyboard.type('Stalls sell grilled squid and shaved ice.');
    await page.screenshot({ path: shot('editor-settings-1280.png'), fullPage: true });
    await assertNoSeriousA11y(page, 'the editor with its settings');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved at/).waitFor();
    const saved = (await t.services.storage.articles.findForEdit(id))!.content;
    assert.deepEqual([...saved.tagIds].sort(), [existing.id, created.id].sort());
    assert.equal(saved.seo?.slug, 'night-market-returns-to-the-harbour');
    assert.equal(saved.seo?.socialTitle, 'Forty stalls, one pier');

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.locator('#live-link').waitFor();
    const first = new URL(String(await page.locator('#live-link').getAttribute('href')), base).pathname;
    assert.match(first, /\/society\/general-news\/\d{8}-\d+\/night-market-returns-to-the-harbour\/$/);

    await page.getByLabel('URL slug').fill('harbour-night-market');
    await page.getByRole('button', { name: 'Save and update' }).click();
    await page.getByText(/Saved at/).waitFor();
    // A correction without its note: a clear message, and the note field is where the cursor goes.
    await page.getByLabel(/^Correction/).check();
    await page.getByRole('button', { name: 'Save and update' }).click();
    await page.getByText('Not saved: a correction needs a public note saying what was wrong').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'changeNote');
    assert.equal(await page.locator('#changeNote').getAttribute('aria-invalid'), 'true');
    await page.getByLabel(/^Minor fix/).check();
    const reader = await ctx.newPage();
    await reader.goto(`${base}${first}`);
    assert.match(reader.url(), /\/society\/general-news\/\d{8}-\d+\/harbour-night-market\/$/, 'the old address redirects to the new one');
    assert.equal(await reader.locator('h1').innerText(), 'Night market returns to the harbour', 'a slug change is not an update');
    assert.equal(await reader.title(), 'Harbour night market: stalls, times and food | The Broadsheet');
    await ctx.close();

    const phone = await context(390);
    const small = await phone.newPage();
    await login(small);
    await small.goto(`${base}/admin/articles/${id}/`);
    await small.getByRole('combobox', { name: 'Tags' }).waitFor();
    await small.screenshot({ path: shot('editor-settings-390.png'), fullPage: true });
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the editor scrolls sideways by ${overflow} px`);
    await phone.close();
  });

  test('two people on one article: presence, the soft lock, a takeover with notice, and notes off the public page', async () => {
    const sub = (await t.services.storage.sections.listAll()).find((x) => x.path === 'society/general-news')!;
    const walt = (await t.services.storage.users.findByEmail('walt@example.com'))!;
    const { id } = await t.services.newsroom.createDraft({ id: walt.id, role: walt.role, authorId: walt.authorId }, { headline: 'Ferry fares rise in April', subsectionId: sub.id });
    const wCtx = await context();
    const w = await wCtx.newPage();
    const trace: string[] = [];
    const t0 = Date.now();
    const watch = (who: string, p: Page) => {
      p.on('request', (r) => { if (/presence|leave|articles\/\d+\/?(\?|$)|\/api\//.test(r.url())) trace.push(`${Date.now() - t0} ${who} > ${r.method()} ${r.url().replace(base, '')} ${r.postData() ?? ''}`); });
      p.on('response', async (r) => { if (/presence|leave/.test(r.url())) trace.push(`${Date.now() - t0} ${who} < ${r.status()} ${r.url().replace(base, '')} ${await r.text().catch(() => '')}`); });
      p.on('framenavigated', (f) => { if (f === p.mainFrame()) trace.push(`${Date.now() - t0} ${who} navigated ${f.url().replace(base, '')}`); });
    };
    watch('W', w);
    await login(w);
    await w.goto(`${base}/admin/articles/${id}/`);
    await w.locator('.body-prose').click();
    await w.keyboard.type('Fares rise by ten percent.');
    const kCtx = await context();
    const k = await kCtx.newPage();
    watch('K', k);
    await login(k, 'kenji@example.com');
    await k.goto(`${base}/admin/articles/${id}/`);
    const banner = k.locator('#lock-banner');
    await banner.getByText('Walt Writer is editing this article').waitFor();
    await until(async () => k.locator('#article-form > fieldset').evaluate((f) => (f as HTMLFieldSetElement).disabled), 'read-only while someone else has it');
    await until(async () => (await w.locator('#presence').innerText()).includes('Also here: Kenji Editor'), 'the writer sees who else is here');
    await k.screenshot({ path: shot('soft-lock-1280.png'), fullPage: false });
    await assertNoSeriousA11y(k, 'the editor under someone else’s lock');

    await k.getByRole('button', { name: 'Take over editing' }).click();
    await k.waitForLoadState('load');
    await until(async () => (await k.locator('#lock-banner').isHidden()) && !(await k.locator('#article-form > fieldset').evaluate((f) => (f as HTMLFieldSetElement).disabled)), 'the editor is Kenji’s now');
    await until(
      async () => (await w.locator('#lock-text').innerText()).includes('Kenji Editor took over editing') && !(await w.locator('#lock-banner').isHidden()),
      async () => `the writer is told who took over (banner: "${await w.locator('#lock-text').innerText()}", presence: "${await w.locator('#presence').innerText()}")\n${trace.join('\n')}`,
      30_000,
    );
    // The notice stays through later heartbeats (it must not turn into "is editing" before the writer reads it).
    const beats = () => trace.filter((l) => / W < 200 \/admin\/api\/articles\/\d+\/presence/.test(l)).length;
    const seen = beats();
    await until(() => beats() >= seen + 3, 'three more heartbeats from the writer', 30_000);
    assert.match(await w.locator('#lock-text').innerText(), /Kenji Editor took over editing/);
    assert.equal(await w.locator('#article-form > fieldset').evaluate((f) => (f as HTMLFieldSetElement).disabled), true);
    // The writer's text survives: kept in the browser, or already in the draft if autosave got there first.
    const kept = await w.evaluate((articleId) => localStorage.getItem(`broadsheet:journal:${articleId}`), id);
    const savedBody = (await t.services.storage.articles.findForEdit(id))!.content.bodyHtml;
    assert.match(`${kept ?? ''}${savedBody}`, /Fares rise by ten percent\./, 'the writer’s text is kept');
    const audit = await t.services.storage.audit.recent(10);
    assert.ok(audit.some((e) => e.action === 'article.lock-takeover' && e.target === `article:${id}`));

    await k.getByLabel('Add a note').fill('Check the fare table against the operator’s notice.');
    await k.getByRole('button', { name: 'Add note' }).click();
    await k.getByText('Note added.').waitFor();
    await w.reload();
    await w.locator('#notes').getByText('Check the fare table against the operator’s notice.').waitFor();
    // The reader's view of the article (its preview) carries no note.
    const preview = await kCtx.newPage();
    await preview.goto(`${base}/admin/articles/${id}/preview`);
    await preview.locator('h1').waitFor();
    assert.doesNotMatch(await preview.content(), /fare table/);
    await wCtx.close();
    await kCtx.close();
  });

  test('no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
