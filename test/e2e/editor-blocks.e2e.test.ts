import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { requires } from '../helpers/requirements.ts';
import { assertNoSeriousA11y, shot } from '../helpers/e2e.ts';
import { parsePage } from '../helpers/dom.ts';
import { until } from '../helpers/wait.ts';
import { actorOf } from '../../src/core/access/types.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const missing = browserMissing();
const PASSWORD = 'an editor passphrase for tests';
const VIDEO = 'https://www.youtube.com/watch?v=M7lc1UVf-VE';

const skipped = requires('the block editor in Chromium', { browser: missing });

describe('the block editor in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articleId = 0;
  let livePath = '';
  const pageErrors: string[] = [];

  before(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief Admin', password: PASSWORD });
    const admin = (await t.services.storage.users.findByEmail('chief@example.com'))!;
    const { link } = await t.services.auth.createUser(admin, { email: 'eve@example.com', name: 'Eve Editor', role: 'editor' });
    await t.services.auth.setPasswordWithLink(link.split('/').at(-1)!, 'invite', PASSWORD);
    // A library photo with its own caption, credit and alt text, found by searching for it.
    const eve = (await t.services.storage.users.findByEmail('eve@example.com'))!;
    const bytes = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#8f3b1b' } }).jpeg().toBuffer();
    await t.services.newsroom.uploadMedia(actorOf(eve), bytes, { caption: 'Lanterns on the Kamo river', credit: 'Staff photographer', alt: 'Paper lanterns float on dark water' });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function context(width = 1280): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width, height: 1000 } });
    ctx.on('page', (p) => {
      p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
      p.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? 'https://example.org/report' : undefined).catch(() => undefined));
    });
    return ctx;
  }

  async function login(page: Page): Promise<void> {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('eve@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin/articles/`);
  }

  /** Types "/" and a filter on a new line, and picks the first match with Enter. */
  async function slash(page: Page, filter: string, expect: string): Promise<void> {
    await page.keyboard.press('Enter');
    await page.keyboard.type(`/${filter}`);
    const option = page.locator('#slash-menu [role=option][aria-selected=true]');
    await option.waitFor({ timeout: 5000 }).catch(async (e: Error) => {
      await page.screenshot({ path: shot('debug.png'), fullPage: true });
      throw new Error(`slash ${filter}: ${e.message}: ${await page.locator('.body-prose').innerHTML()}`);
    });
    assert.match(await option.innerText(), new RegExp(expect));
    await page.keyboard.press('Enter');
  }

  test('an editor writes with the slash menu: photo, embed, table, pull quote, divider, raw HTML; a link does not swallow the next word', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Headline').fill('Lantern festival lights up the river');
    await page.getByLabel('Section').selectOption({ label: 'General News' });
    await page.getByRole('button', { name: 'Start writing' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\/$/);
    articleId = Number(/\/admin\/articles\/(\d+)\//.exec(page.url())?.[1]);

    const body = page.locator('.body-prose');
    await body.click();
    await page.keyboard.type('Thousands gathered, said the ');
    // Ctrl+K asks for the address (the dialog handler answers) and, with nothing selected, inserts it
    // as linked text; what is typed next is not part of the link.
    await page.keyboard.press('Control+k');
    await until(async () => (await body.innerHTML()).includes('report</a>'), 'the link is in');
    await page.keyboard.type(' today.');
    await until(async () => (await body.innerHTML()).includes('report</a> today.'), 'typing after a link is plain text').catch(async (e: Error) => {
      throw new Error(`${e.message}: ${await body.innerHTML()}`);
    });

    await slash(page, 'pho', 'Photo');
    const photoDialog = page.getByRole('dialog', { name: 'Insert a photo' });
    await photoDialog.getByLabel('Search the library').fill('lanterns');
    await photoDialog.getByRole('button', { name: 'Paper lanterns float on dark water' }).click();
    assert.equal(await photoDialog.getByLabel('Credit').inputValue(), 'Staff photographer', "the library's text starts this use's");
    await photoDialog.getByLabel('Caption').fill('Lanterns drift past the Shijo bridge.');
    await page.screenshot({ path: shot('editor-photo-dialog.png') });
    await photoDialog.getByRole('button', { name: 'Insert' }).click();
    await body.locator('figure.photo img').waitFor();
    // After a block the cursor waits on a new line below it.
    await page.keyboard.type('The river was full by eight.');
    await slash(page, 'video', 'Embed');
    const embedDialog = page.getByRole('dialog', { name: 'Embed from another site' });
    await embedDialog.getByLabel(/Address of the video/).fill('https://evil.example/watch?v=1');
    await embedDialog.getByRole('button', { name: 'Embed' }).click();
    await embedDialog.getByText('That address cannot be embedded').waitFor();
    await embedDialog.getByLabel(/Address of the video/).fill(VIDEO);
    await embedDialog.getByLabel('Caption (optional)').fill('The festival opening, filmed from the bank.');
    await embedDialog.getByRole('button', { name: 'Embed' }).click();
    await body.locator('figure.embed').waitFor();
    await page.keyboard.type('Families lined both banks.');
    await slash(page, 'pull', 'Pull quote');
    await page.keyboard.type('We light them for the ones who came before.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('The last boat left at ten.');
    await slash(page, 'divider', 'Divider');
    await page.keyboard.type('Next year the festival runs a week longer.');
    await slash(page, 'html', 'Raw HTML');
    const rawDialog = page.getByRole('dialog', { name: 'Raw HTML' });
    await rawDialog.waitFor({ timeout: 3000 }).catch(async (e: Error) => {
      await page.screenshot({ path: shot('debug.png'), fullPage: true });
      throw new Error(`${e.message}: ${await page.locator('dialog').evaluateAll((d) => d.map((x) => x.outerHTML.slice(0, 300)))}`);
    });
    await rawDialog.getByLabel('HTML').fill('<div class="g-chart"><span class="g-bar">120</span></div><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
    await rawDialog.getByRole('button', { name: 'Save block' }).click();
    await body.locator('.raw-html-block').waitFor();
    await page.keyboard.type('Lanterns by night:');
    await slash(page, 'table', 'Table');
    await page.keyboard.type('Night');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Lanterns');
    await page.getByRole('button', { name: 'Add a table row below' }).click();
    await until(async () => (await body.locator('table tr').count()) === 4, 'a row was added');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'raw HTML never runs in the editor');
    await until(async () => /\d+ words · 1 min read/.test(await page.locator('#body-stats').innerText()), 'word count and reading time');

    await page.screenshot({ path: shot('editor-blocks-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved at/).waitFor();
    const stored = (await t.services.storage.articles.findForEdit(articleId))!.content.bodyHtml;
    assert.match(stored, /<a [^>]*href="https:\/\/example\.org\/report"[^>]*>https:\/\/example\.org\/report<\/a> today\./);
    const doc = parsePage(stored);
    const img = doc.$('figure.photo[data-media-id] > img');
    assert.match(img.attr('src') ?? '', /^\/media\/\S+-800w\.webp$/);
    assert.match(img.attr('srcset') ?? '', /-480w\.webp 480w, .*-1200w\.webp 1200w$/);
    assert.equal(img.attr('alt'), 'Paper lanterns float on dark water');
    assert.equal(doc.$('figure.photo figcaption').html(), 'Lanterns drift past the Shijo bridge.<span class="credit">Staff photographer</span>');
    assert.match(stored, /<figure class="embed" data-embed="https:\/\/www\.youtube\.com\/watch\?v=M7lc1UVf-VE" data-provider="YouTube"/);
    assert.match(stored, /<blockquote class="pull-quote"><p>We light them for the ones who came before\.<\/p><\/blockquote>/);
    assert.match(stored, /<table>.*<th[^>]*><p>Night<\/p><\/th>/s);
    assert.match(stored, /<hr \/>/);
    assert.match(stored, /<div class="raw-html"><div class="g-chart"><span class="g-bar">120<\/span><\/div><img src="x" alt="" \/><\/div>/);
    assert.doesNotMatch(stored, /onerror|<script|<p><\/p>/);
    const order = ['today.', 'figure class="photo"', 'full by eight', 'figure class="embed"', 'lined both banks', 'pull-quote', 'left at ten', '<hr', 'a week longer', 'raw-html', 'by night', '<table'];
    assert.deepEqual(order.map((s) => stored.indexOf(s)), order.map((s) => stored.indexOf(s)).sort((a, b) => a - b), 'blocks stay where they were written');
    assert.ok(order.every((s) => stored.includes(s)));

    await axe(page, 'editor with blocks');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByText('Published', { exact: true }).first().waitFor();
    const live = (await t.services.storage.articles.findPublished(articleId))!;
    livePath = `/society/general-news/${t.services.time.dateKey(live.publishedAt)}-${articleId}/`;
    await ctx.close();
  });

  test('the embed on the reader page is a facade: no request leaves the site until the reader clicks', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) offsite.push(r.url());
    });
    await page.goto(`${base}${livePath}`);
    await page.waitForLoadState('networkidle');
    const load = page.getByRole('button', { name: 'Load video from YouTube' });
    await load.waitFor();
    assert.equal(offsite.length, 0, `nothing fetched from a third party before the click: ${offsite.join(', ')}`);
    assert.equal(await page.locator('.story-body table th').first().innerText(), 'Night');
    assert.equal(await page.locator('.story-body .pull-quote').count(), 1);
    assert.equal(await page.locator('.story-body figure.photo img[srcset]').count(), 1);
    assert.equal(await page.locator('.story-body .raw-html .g-bar').innerText(), '120');
    await page.locator('figure.embed').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot('reader-blocks-1280.png'), fullPage: true });
    await load.click();
    const frame = page.locator('figure.embed iframe');
    await frame.waitFor({ state: 'attached' });
    assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/M7lc1UVf-VE');
    await until(() => offsite.some((u) => u.startsWith('https://www.youtube-nocookie.com/embed/')), 'the player is requested after the click');
    assert.ok(offsite.every((u) => u.startsWith('https://www.youtube-nocookie.com/')), `only the player's origin: ${offsite.join(', ')}`);
    const phone = await context(390);
    const small = await phone.newPage();
    await small.goto(`${base}${livePath}`);
    await small.screenshot({ path: shot('reader-blocks-390.png'), fullPage: true });
    assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= 390), 'the reader page does not scroll sideways at 390 px');
    await phone.close();
    await ctx.close();
  });

  test('pasting from Word or Google Docs keeps the structure and drops the styling', async () => {
    const eve = (await t.services.storage.users.findByEmail('eve@example.com'))!;
    const sub = (await t.services.storage.sections.listAll()).find((x) => x.path === 'society/general-news')!;
    const { id } = await t.services.newsroom.createDraft(actorOf(eve), { headline: 'Pasted from a document', subsectionId: sub.id });
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.goto(`${base}/admin/articles/${id}/`);
    const body = page.locator('.body-prose');
    await body.click();
    // What Word puts on the clipboard: mso classes and styles, fonts, spans, o:p tags, a comment, a script.
    const word = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><!--StartFragment--><p class=MsoNormal style='margin:0cm;font-family:Calibri'><span style='color:red'>Pasted <b>bold</b> words</span><o:p></o:p></p><h1 style="font-size:28pt">Pasted heading</h1><ul><li class=MsoListParagraph>First point</li></ul><script>window.__pasted=1</script><table class=MsoTableGrid border=1 style="border-collapse:collapse"><tr><td width=200 style="background:yellow"><p>Cell</p></td></tr></table><p><font face="Arial" color="blue">Last line</font></p><!--EndFragment--></body></html>`;
    await page.evaluate((html) => {
      const data = new DataTransfer();
      data.setData('text/html', html);
      data.setData('text/plain', 'Pasted bold words');
      document.querySelector('.body-prose')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, word);
    await until(async () => (await body.innerHTML()).includes('Last line'), 'the paste landed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Saved at/).waitFor();
    const stored = (await t.services.storage.articles.findForEdit(id))!.content.bodyHtml;
    assert.doesNotMatch(stored, /style=|class=|<span|<o:p|<font|<col|__pasted|<script/);
    assert.match(stored, /<p>Pasted <strong>bold<\/strong> words<\/p>/);
    assert.match(stored, /<h2>Pasted heading<\/h2>/, 'the page owns the h1: a pasted h1 becomes h2');
    assert.match(stored, /<ul><li><p>First point<\/p><\/li><\/ul>/);
    assert.match(stored, /<table><tbody><tr><td[^>]*><p>Cell<\/p><\/td><\/tr><\/tbody><\/table>/);
    assert.match(stored, /<p>Last line<\/p>/);
    assert.equal(await page.evaluate(() => (window as unknown as { __pasted?: number }).__pasted), undefined);
    await ctx.close();
  });

  test('the lead photo comes from the library grid; its text flows back to the library unless the editor keeps it for this article', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.goto(`${base}/admin/articles/${articleId}/`);
    await page.getByRole('button', { name: 'Choose from the library or upload…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert a photo' });
    await dialog.getByLabel('Search the library').fill('lanterns');
    await dialog.getByRole('button', { name: 'Paper lanterns float on dark water' }).click();
    await dialog.getByLabel('Caption').fill('Lanterns drift under the bridge at nine.');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    assert.equal(await page.locator('#leadCaption').inputValue(), 'Lanterns drift under the bridge at nine.');
    assert.equal(await page.locator('#lead-preview').isVisible(), true);
    await page.getByRole('button', { name: 'Save and update' }).click();
    await page.getByText(/Saved at/).waitFor();
    const stored = (await t.services.storage.articles.findForEdit(articleId))!.content;
    assert.ok(stored.leadMediaId);
    await until(async () => (await t.services.storage.media.findById(stored.leadMediaId!))?.caption === 'Lanterns drift under the bridge at nine.', 'the library has the new caption');

    await page.locator('#leadCaption').fill('A caption for this article only.');
    await page.getByLabel(/Also save this text to the photo in the media library/).uncheck();
    await page.getByRole('button', { name: 'Save and update' }).click();
    await page.getByText(/Saved at .* · version/).waitFor();
    await until(async () => (await t.services.storage.articles.findForEdit(articleId))!.content.leadCaption === 'A caption for this article only.', 'the article keeps its own caption');
    assert.equal((await t.services.storage.media.findById(stored.leadMediaId!))?.caption, 'Lanterns drift under the bridge at nine.', 'the library keeps its caption');
    await ctx.close();
  });

  test('at 390 px the editor with every block fits the screen', async () => {
    const ctx = await context(390);
    const page = await ctx.newPage();
    await login(page);
    await page.goto(`${base}/admin/articles/${articleId}/`);
    await page.locator('.body-prose figure.embed').waitFor();
    await page.screenshot({ path: shot('editor-blocks-390.png'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 6)
        .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${String(e.className)}`),
    );
    assert.ok(overflow <= 0, `the editor scrolls sideways by ${overflow} px: ${wide.join(', ')}`);
    await ctx.close();
  });

  test('an editor drags a story to the top of the front page, moves another with the keyboard, and the home page follows', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.getByRole('link', { name: 'Front page' }).click();
    const slots = page.locator('#top-stories li.story-slot');
    const before = await slots.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    assert.ok(before.length >= 3);
    await slots.nth(2).dragTo(slots.nth(0), { targetPosition: { x: 10, y: 2 } });
    await until(async () => Number(await slots.nth(0).getAttribute('data-id')) === before[2], 'the dragged story is first');
    // The second story moves down one place with its button (the keyboard's way to reorder).
    const second = (await slots.nth(1).locator('.slot-text a').innerText()).trim();
    await page.getByRole('button', { name: `Move down: ${second}` }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#curation-status').getByText(/moved to position 3/).waitFor();
    const order = await slots.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    await page.screenshot({ path: shot('front-page-1280.png'), fullPage: true });
    await axe(page, 'front page screen');
    await page.getByRole('button', { name: 'Save the front page' }).click();
    await page.getByText('Saved: the home page shows the new order.').waitFor();
    const home = await ctx.newPage();
    await home.goto(`${base}/`);
    const shown = await home.locator('.top-stories a[href]').evaluateAll((as) => as.map((a) => Number(/-(\d+)\/(?:[a-z0-9-]+\/)?$/.exec(a.getAttribute('href') ?? '')?.[1])).filter((n, i, all) => n > 0 && all.indexOf(n) === i));
    assert.deepEqual(shown.slice(0, 3), order.slice(0, 3), 'the home page shows the new order');
    const phone = await context(390);
    const small = await phone.newPage();
    await login(small);
    await small.goto(`${base}/admin/front-page/`);
    await small.screenshot({ path: shot('front-page-390.png'), fullPage: true });
    assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling at 390 px');
    await phone.close();
    await ctx.close();
  });

  test('an editor rewrites a static page in the block editor and edits the footer menu; every page shows it', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page);
    await page.getByRole('link', { name: 'Pages', exact: true }).click();
    await page.getByRole('link', { name: 'Contact us' }).click();
    await page.locator('.body-prose').waitFor();
    // The cursor to the end through the editor itself (TipTap hangs it on its element): a click's
    // place depends on layout, and a wrapped paragraph's End key goes to the end of a line.
    await page.evaluate(() => (document.querySelector('.body-prose') as unknown as { editor: { commands: { focus(at: string): void } } }).editor.commands.focus('end'));
    // TipTap focuses on the next frame: type only once the editor has the focus.
    await until(() => page.evaluate(() => document.activeElement?.classList.contains('body-prose') === true), 'the editor has the focus');
    await slash(page, 'divider', 'Divider');
    await page.keyboard.type('Write to the desk at any hour.');
    await page.screenshot({ path: shot('page-editor-1280.png'), fullPage: true });
    await axe(page, 'page editor');
    await page.getByRole('button', { name: 'Save page' }).click();
    await page.getByText(/Saved \(version 2\)/).waitFor();
    const reader = await ctx.newPage();
    await reader.goto(`${base}/pages/contact/`);
    assert.match(await reader.locator('.story-body').innerText(), /Write to the desk at any hour\./);
    assert.equal(await reader.locator('.story-body hr').count(), 1);

    await page.goto(`${base}/admin/menus/`);
    const footer = page.locator('form[data-menu="footer"]');
    await footer.getByLabel('Footer links, link 1: label').fill('Write to us');
    await footer.getByLabel('Footer links, link 1: address').fill('/pages/contact/');
    await axe(page, 'menus page');
    await footer.getByRole('button', { name: 'Save footer links' }).click();
    await page.getByText('Menu saved; every page shows it now.').waitFor();
    await reader.goto(`${base}/`);
    assert.equal(await reader.locator('footer nav a').first().innerText(), 'Write to us');
    assert.equal(await reader.locator('footer nav a').first().getAttribute('href'), '/pages/contact/');
    const phone = await context(390);
    const small = await phone.newPage();
    await login(small);
    await small.goto(`${base}/admin/menus/`);
    await small.screenshot({ path: shot('menus-390.png'), fullPage: true });
    assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the menus screen fits 390 px');
    await small.goto(`${base}/admin/pages/`);
    assert.ok(await small.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'the pages list fits 390 px');
    await phone.close();
    await ctx.close();
  });

  test('an editor sets a photo’s focal point by clicking it; the home page’s crop then shows the subject', async () => {
    const eve = (await t.services.storage.users.findByEmail('eve@example.com'))!;
    const actor = actorOf(eve);
    // A tall photo whose subject (a yellow disc) is near the top: a centred 16:9 crop misses it.
    const tall = await sharp({ create: { width: 900, height: 1600, channels: 3, background: '#1d3557' } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1600"><circle cx="450" cy="160" r="140" fill="#ffd60a"/></svg>') }])
      .jpeg()
      .toBuffer();
    const photo = await t.services.newsroom.uploadMedia(actor, tall, { caption: 'Lighthouse lamp', credit: 'Staff', alt: 'A yellow lamp at the top of a tower' });
    const sub = (await t.services.storage.sections.listAll()).find((x) => x.path === 'society/general-news')!;
    const { id } = await t.services.newsroom.createDraft(actor, { headline: 'The lighthouse lamp is lit again', subsectionId: sub.id });
    const saved = await t.services.newsroom.saveArticle(actor, {
      articleId: id, baseVersion: 1, mode: 'save',
      content: { headline: 'The lighthouse lamp is lit again', summary: 'After ten years.', bodyHtml: '<p>It turned at dusk.</p>', dateline: '', subsectionId: sub.id, tagIds: [], authorIds: [eve.authorId!], seriesId: null, leadMediaId: photo.id, leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: true },
    });
    const published = await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: saved.version, action: 'publish' });
    await t.services.applyInvalidations(published.invalidates);
    // First on the front page, whatever order an earlier test left there.
    await t.services.applyInvalidations(await t.services.newsroom.arrangeFrontPage(actor, [id]));

    const ctx = await context();
    const reader = await ctx.newPage();
    /** The colour at the centre of the home page's picture of this article, as the browser chose it. */
    const centre = async () => {
      await reader.goto(`${base}/`);
      const img = reader.locator(`a[href*="-${id}/"] img, .top-stories img[src*="${photo.key.slice(0, 20)}"]`).first();
      await img.waitFor();
      const src = await img.evaluate((el) => (el as HTMLImageElement).currentSrc);
      const bytes = (await reader.request.get(src)).body();
      const { data, info } = await sharp(await bytes).raw().toBuffer({ resolveWithObject: true });
      const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
      return { r: data[at]!, g: data[at + 1]!, b: data[at + 2]! };
    };
    const before = await centre();
    assert.ok(before.b > before.r, `a centred crop shows the sky, not the lamp: ${JSON.stringify(before)}`);

    const page = await ctx.newPage();
    await login(page);
    await page.goto(`${base}/admin/media/`);
    const picker = page.locator(`.focal-picker[data-media-id="${photo.id}"] img`);
    const box = (await picker.boundingBox())!;
    await picker.click({ position: { x: box.width * 0.5, y: box.height * 0.1 } });
    assert.ok(Math.abs(Number(await page.locator(`#fy-${photo.id}`).inputValue()) - 10) < 1, "the click set the point");
    await page.screenshot({ path: shot('media-focal-1280.png'), fullPage: false });
    await page.locator(`form[action="/admin/media/${photo.id}/focal"]`).getByRole('button', { name: 'Set focal point' }).click();
    await page.getByText(`Focal point of photo #${photo.id} set`).waitFor();
    const after = await centre();
    assert.ok(after.r > 200 && after.g > 170 && after.b < 120, `the crop now centres the lamp: ${JSON.stringify(after)}`);
    await reader.screenshot({ path: shot('home-focal-1280.png') });
    await ctx.close();
  });

  test('no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });

  const axe = assertNoSeriousA11y;
});
