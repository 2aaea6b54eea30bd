import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { requires } from '../helpers/requirements.ts';
import { countedAfterBatch } from '../helpers/beacons.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const missing = browserMissing();
const SHOTS = new URL('../../test-results/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });

const skipped = requires('a reader walks the site in Chromium', { browser: missing });

describe('a reader walks the site in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const consoleErrors: string[] = [];

  before(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Headless Chromium says so in its user agent, and isbot (rightly) calls it a bot; readers use a normal one. */
  const READER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

  async function newPage(width: number, height = 900, userAgent: string | null = READER_UA): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height }, ...(userAgent ? { userAgent } : {}) });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    return page;
  }

  /** All views counted so far by this process's collector. */
  const countedViews = () => countedAfterBatch(t.services);

  async function checkAccessibility(page: Page, what: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(problems, [], `${what} has accessibility violations`);
  }

  test('home → section → article → tag, with the anatomy on each page, axe-clean, screenshots saved', async () => {
    const page = await newPage(1280);
    await page.goto(`${base}/`);
    assert.equal(await page.title(), 'The Broadsheet');
    assert.equal(await page.locator('h2#top-stories-title').textContent(), 'Top Stories');
    assert.equal(await page.locator('.ranking-list li').count(), 10);
    assert.ok((await page.locator('.latest .article-item').count()) >= 5);
    await checkAccessibility(page, 'home');
    await page.screenshot({ path: new URL('home-desktop.png', SHOTS).pathname });

    await page.locator('nav.sections-nav').getByRole('link', { name: 'Politics', exact: true }).click();
    await page.waitForURL(`${base}/politics/`);
    assert.equal(await page.locator('h1').textContent(), 'Politics');
    assert.equal(await page.locator('.popular-list .article-item').count(), 5);
    assert.equal(await page.locator('nav.sections-nav a[aria-current="page"]').textContent(), 'Politics');
    await checkAccessibility(page, 'section page');
    await page.screenshot({ path: new URL('section-desktop.png', SHOTS).pathname, fullPage: true });

    const beacon = page.waitForResponse((r) => r.url().endsWith('/_/v') && r.request().method() === 'POST');
    const countedBefore = await countedViews();
    await page.locator('.listing .item-headline a').first().click();
    await page.waitForURL(/\/politics\/[a-z-]+\/\d{8}-\d+\/$/);
    assert.equal((await beacon).status(), 204, 'the page reported its view');
    assert.equal(await countedViews(), countedBefore + 1, 'and it was counted once');
    const h1 = (await page.locator('article.story h1').textContent()) ?? '';
    assert.ok(h1.length > 10);
    assert.match((await page.locator('.timestamps time').first().textContent()) ?? '', /^\d{2}:\d{2} JST, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    assert.match((await page.locator('.story-body p').first().textContent()) ?? '', /^[A-Z][A-Z ,./]+ — /, 'the dateline opens the first paragraph');
    const img = page.locator('figure.lead-figure img');
    assert.ok(((await img.getAttribute('alt')) ?? '').length > 10, 'the lead photo has alt text');
    assert.ok(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), 'the lead photo loaded');
    assert.ok(((await page.locator('figure.lead-figure figcaption').textContent()) ?? '').length > 10);
    assert.equal(await page.locator('.related h2').textContent(), 'Related Tags');
    assert.ok((await page.locator('.tag-popular .article-item').count()) >= 1);
    assert.equal(await page.locator('.ranking-list li').count(), 5);
    await checkAccessibility(page, 'article page');
    await page.screenshot({ path: new URL('article-desktop.png', SHOTS).pathname, fullPage: true });

    const tagName = (await page.locator('.tag-list a').first().textContent()) ?? '';
    await page.locator('.tag-list a').first().click();
    await page.waitForURL(/\/tag\/[a-z0-9-]+\/$/);
    assert.equal(await page.locator('h1').textContent(), tagName);
    assert.ok((await page.locator('.listing .article-item').count()) >= 1);
    await checkAccessibility(page, 'tag page');
    await page.screenshot({ path: new URL('tag-desktop.png', SHOTS).pathname, fullPage: true });
    await page.close();
  });

  test('on a phone the pages read in one column, and the 404 page helps', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${base}/`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (overflow ${overflow}px)`);
    await page.screenshot({ path: new URL('home-phone.png', SHOTS).pathname });
    const beacon = page.waitForResponse((r) => r.url().endsWith('/_/v'));
    await page.locator('.lead-headline a').click();
    await page.waitForURL(/\d{8}-\d+\/$/);
    await beacon;
    const articleOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(articleOverflow <= 0, `article fits the phone (overflow ${articleOverflow}px)`);
    await page.screenshot({ path: new URL('article-phone.png', SHOTS).pathname, fullPage: true });

    const res = await page.goto(`${base}/no-such-page/`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
    assert.ok(await page.locator('main input[type="search"]').isVisible());
    await checkAccessibility(page, '404 page');
    await page.screenshot({ path: new URL('not-found-phone.png', SHOTS).pathname, fullPage: true });
    await page.close();
  });

  test('searching from the header: results with highlighted words, filters, axe-clean, on desktop and phone', async () => {
    for (const width of [1280, 390]) {
      const page = await newPage(width);
      await page.goto(`${base}/politics/`);
      await page.getByRole('searchbox', { name: 'Search articles' }).fill('minister');
      await page.getByRole('searchbox', { name: 'Search articles' }).press('Enter');
      await page.waitForURL(/\/search\/\?q=minister$/);
      assert.match((await page.locator('h1').textContent()) ?? '', /Results for “minister”/);
      assert.ok((await page.locator('.search-list mark').count()) > 0, 'matched words are marked');
      await checkAccessibility(page, `search page at ${width}px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `search page fits ${width}px (overflow ${overflow}px)`);
      await page.screenshot({ path: new URL(`search-${width}.png`, SHOTS).pathname, fullPage: true });
      // Narrow to a section and order by date with the form's own controls.
      await page.getByLabel('Section', { exact: true }).selectOption('politics');
      await page.getByLabel('Order', { exact: true }).selectOption('newest');
      await page.getByRole('button', { name: 'Search', exact: true }).last().click();
      await page.waitForURL(/section=politics/);
      const links = await page.locator('.search-list .item-headline a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      assert.ok(links.length > 0 && links.every((l) => l.startsWith('/politics/')), links.join(' '));
      await page.close();
    }
  });

  test('a headless browser (a bot by its user agent) loads pages but is not counted', async () => {
    const page = await newPage(1280, 900, null);
    const before = await countedViews();
    const beacon = page.waitForResponse((r) => r.url().endsWith('/_/v'));
    await page.goto(`${base}/`);
    await page.locator('.lead-headline a').click();
    assert.equal((await beacon).status(), 204);
    assert.equal(await countedViews(), before);
    await page.close();
  });

  test('keyboard users get a skip link and a visible focus ring', async () => {
    const page = await newPage(1280);
    await page.goto(`${base}/`);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth, top: el.getBoundingClientRect().top };
    });
    assert.equal(focused.text, 'Skip to main content');
    assert.equal(focused.outline, 'solid');
    assert.ok(parseFloat(focused.width) >= 2);
    assert.ok(focused.top >= 0, 'the skip link comes on screen when focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await page.close();
  });

  test('no script errors or blocked resources on any page visited', () => {
    assert.deepEqual(consoleErrors.filter((e) => !e.includes('404 (Not Found)')), []);
  });
});
