import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { actorOf } from '../../src/core/access/types.ts';
import { articlePath } from '../../src/core/content/article-path.ts';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';
import { signedIn } from '../helpers/admin-client.ts';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertNoSeriousA11y, shot } from '../helpers/e2e.ts';
import { mailTo } from '../helpers/members.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

const skipped = requires('the paywall and newsletters in Chromium', { browser: browserMissing() });

/** Every text value in every table, lower-cased: "is this address anywhere?". */
async function everywhere(storage: KyselyStorage): Promise<string> {
  const db = storage.connection.db;
  const parts: string[] = [];
  for (const table of await db.introspection.getTables()) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(db);
    parts.push(JSON.stringify(rows.rows));
  }
  return parts.join('\n').toLowerCase();
}

/** Both widths of the page as it is now, with no serious accessibility problem and no sideways scrolling. */
async function look(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await assertNoSeriousA11y(page, `${name} at ${width} px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: shot(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/*
 * Reader accounts, the paywall and newsletters in a browser. A reader meets the meter's limit, signs up from the article's wall, reads the mail on a real SMTP
 * server, follows the link and reads the article in full; another reader subscribes to a newsletter
 * with double opt-in and unsubscribes with one click from the mail; the first deletes the account and
 * the address is nowhere in the database.
 */
describe('the paywall and newsletters in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;
  let base: string;
  let paths: string[];

  before(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_NEWSLETTER_POLL_MS: '50' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const admin = actorOf((await signedIn(t.app, t.services, 'admin')).user!);
    const sections = await t.services.reader.sections();
    const list = (await t.services.storage.articles.list({ kind: 'all' }, { limit: 2, offset: 0 })).items;
    paths = list.map((a) => articlePath(a, sections, t.services.time));
    for (const a of list) await t.services.applyInvalidations(await t.services.newsroom.setReadingAccess(admin, a.id, 'members'));
    await t.services.applyInvalidations(await t.services.plans.setMeterRules(admin, { anonymousPer30Days: 1, memberPerMonth: 0 }));
    await t.services.newsletters.create(admin, { slug: 'morning', name: 'Morning Briefing', description: 'The day’s top stories at 7:00', senderName: 'The Broadsheet', kind: 'briefing' });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  test('the meter’s limit, sign-up from the wall, the article in full; then the account deleted without a trace', async () => {
    const address = 'wall.reader@example.com';
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${paths[0]}`);
    assert.equal(await page.locator('.paywall').count(), 0, 'the first walled article is on the meter');
    const body = (await page.locator('.story-body').innerText()).slice(0, 80);
    await page.goto(`${base}${paths[1]}`);
    await page.getByRole('heading', { name: 'Sign up free to read this article' }).waitFor();
    assert.equal(await page.locator('.story-body').count(), 0, 'no body in the page at all');
    assert.match(await page.locator('.paywall').innerText(), /read your 1 free article for now/);
    await look(page, 'paywall-register');

    await page.getByLabel('Email address').fill(address);
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await t.services.members.settled();
    const mail = await mailTo(smtp.mails, address);
    const link = /https?:\/\/\S+\/account\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    await page.goto(`${base}${new URL(link).pathname}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}${paths[1]}`);
    await page.locator('.story-body').waitFor();
    assert.equal(await page.locator('.paywall').count(), 0, 'signed in, the article is whole');
    await page.goto(`${base}${paths[0]}`);
    assert.equal((await page.locator('.story-body').innerText()).slice(0, 80), body);

    await page.goto(`${base}/account/plans/`);
    await page.getByRole('heading', { name: 'Plans' }).waitFor();
    await look(page, 'account-plans');
    await page.goto(`${base}/account/`);
    assert.match(await page.locator('main').innerText(), /A free account/);
    assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as ${address.replace('.', '\\.')}`));
    await look(page, 'account-page');
    await page.getByLabel(/erased now/).check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account has been deleted' }).waitFor();
    assert.ok(!(await everywhere(t.services.storage as KyselyStorage)).includes(address), 'the address is nowhere in the database');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test('a newsletter with double opt-in, then one click to unsubscribe from the mail', async () => {
    const address = 'briefing.reader@example.com';
    const ctx = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/account/`);
    await page.getByRole('heading', { name: 'Sign in or create an account' }).waitFor();
    await look(page, 'account-signin');
    // From the box in any page's footer to the list, where the address is already filled in.
    await page.goto(`${base}${paths[0]}`);
    await page.getByLabel('Email for newsletters').fill(address);
    await page.getByRole('button', { name: 'Choose newsletters' }).click();
    await page.getByRole('heading', { name: 'Newsletters', level: 1 }).waitFor();
    assert.equal(await page.getByLabel('Email address').inputValue(), address);
    await page.getByRole('button', { name: 'Subscribe to Morning Briefing' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await t.services.members.settled();
    assert.equal(await t.services.storage.members.findByEmail(address), undefined, 'nothing is stored before the address confirms');
    const confirm = await mailTo(smtp.mails, address);
    const link = /https?:\/\/\S+\/account\/link\/[A-Za-z0-9_-]{43}/.exec(confirm.text)![0];
    await page.goto(`${base}${new URL(link).pathname}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Subscription confirmed').waitFor();

    const admin = actorOf((await signedIn(t.app, t.services, 'admin')).user!);
    const letter = (await t.services.newsletters.list()).find((n) => n.slug === 'morning')!;
    const edition = await t.services.newsletters.buildBriefing(admin, letter.id);
    await t.services.newsletters.send(admin, edition);
    const issue = await mailTo(smtp.mails, address);
    assert.match(issue.headers['list-unsubscribe-post'] ?? '', /One-Click/);
    const unsubscribe = /https?:\/\/\S+\/newsletters\/unsubscribe\/[0-9]+-[0-9]+-[A-Za-z0-9_-]{22}/.exec(issue.text)![0];
    await page.goto(`${base}${new URL(unsubscribe).pathname}`);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    const member = (await t.services.storage.members.findByEmail(address))!;
    assert.deepEqual(await t.services.newsletters.subscriptionsOf(member), []);
    await ctx.close();
  });
});
