import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { requires } from '../helpers/requirements.ts';
import { assertNoSeriousA11y, shot } from '../helpers/e2e.ts';
import { startSmtpSink, type ReceivedMail } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

const missing = browserMissing();
const PASSWORD = 'an admin passphrase for tests';

const skipped = requires('people in Chromium', { browser: missing });

describe('people in Chromium: invitations by email, profiles, two-step sign-in', { skip: skipped }, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;
  let base: string;
  const pageErrors: string[] = [];

  before(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_MAIL_FROM: 'Broadsheet Newsroom <newsroom@example.com>' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief Admin', password: PASSWORD });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  async function context(width = 1280): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width, height: 1000 } });
    ctx.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    return ctx;
  }

  async function login(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  const axe = assertNoSeriousA11y;

  const mailTo = (address: string) => until(() => smtp.mails.find((m) => m.to.includes(address)), `a mail to ${address}`);
  const linkIn = (mail: ReceivedMail) => /https?:\/\/\S+\/admin\/(?:setup|reset)\/[\w-]+/.exec(mail.text)?.[0] ?? assert.fail(`no link in: ${mail.text}`);

  test('an admin invites a writer; the invitation arrives by email; the writer sets a password from it and edits their profile', async () => {
    const ctx = await context();
    const admin = await ctx.newPage();
    await login(admin, 'chief@example.com', PASSWORD);
    await admin.waitForURL(`${base}/admin/articles/`);
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByLabel('Email').fill('rei@example.com');
    await admin.getByLabel('Name', { exact: true }).fill('Rei Okada');
    await admin.getByLabel('Byline title').fill('Science Writer');
    await admin.getByLabel('Role', { exact: true }).selectOption('writer');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.getByText('We emailed rei@example.com a link to set their password.').waitFor();
    assert.equal(await admin.locator('input.copy-link').count(), 0, 'a mailed link is not shown to the admin');
    await admin.screenshot({ path: shot('people-invited-1280.png'), fullPage: true });
    await axe(admin, 'users page');

    const mail = await mailTo('rei@example.com');
    assert.equal(mail.subject, 'Your newsroom account is ready');
    assert.match(mail.from, /newsroom@example\.com/);
    assert.match(mail.text, /Chief Admin made you a newsroom account \(writer\)/);
    const rei = await ctx.newPage();
    await rei.goto(linkIn(mail).replace(/^https?:\/\/[^/]+/, base));
    await rei.getByLabel('New password').fill('rei writes about the tides');
    await rei.getByRole('button', { name: 'Set password' }).click();
    await rei.getByText('Your password is set').waitFor();

    // An admin sends a reset link: it arrives by email too.
    await admin.reload();
    await admin.getByRole('row', { name: /Rei Okada/ }).getByRole('button', { name: 'Send a reset link' }).click();
    await admin.getByText('We emailed rei@example.com a link to set a new password').waitFor();
    await until(() => smtp.mails.filter((m) => m.to.includes('rei@example.com')).length === 2, 'the reset mail');

    // The admin edits Rei's profile; the author page shows it.
    await admin.getByRole('link', { name: 'Rei Okada' }).click();
    await admin.getByLabel('Byline title').fill('Senior Science Writer');
    await admin.getByLabel('Biography').fill('Rei covers the ocean, the weather and the people who study both.');
    await admin.getByLabel('Portrait').selectOption({ index: 1 });
    await admin.getByRole('button', { name: 'Save profile' }).click();
    await admin.getByText('Profile saved').waitFor();
    await axe(admin, 'profile page');
    const author = await ctx.newPage();
    await author.goto(`${base}/author/rei-okada/`);
    assert.equal(await author.locator('.author-bio').innerText(), 'Rei covers the ocean, the weather and the people who study both.');
    assert.match(await author.locator('.listing-description').innerText(), /Senior Science Writer/);
    assert.equal(await author.locator('img.author-portrait').count(), 1);
    await author.screenshot({ path: shot('author-profile-1280.png'), fullPage: true });
    await ctx.close();
  });

  test('anyone turns on two-step sign-in with a QR code; signing in then needs the current code, which works once', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await login(page, 'chief@example.com', PASSWORD);
    await page.waitForURL(`${base}/admin/articles/`);
    await page.goto(`${base}/admin/account/`);
    await page.getByRole('link', { name: 'Two-step sign-in' }).click();
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await page.locator('#totp-secret').innerText()).replace(/\s+/g, '');
    const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    await page.screenshot({ path: shot('two-factor-setup-1280.png'), fullPage: true });
    await axe(page, 'two-step setup');
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('That code is not right').waitFor();
    await page.getByLabel('Code from the app').fill(app.generate({ timestamp: t.clock.now() }));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('Two-step sign-in is on.').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await login(page, 'chief@example.com', PASSWORD);
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await page.screenshot({ path: shot('two-factor-code-1280.png'), fullPage: true });
    await page.getByLabel('Code').fill('123456');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('That code is not right').waitFor();
    // The clock moves to the next 30-second step: the code used to turn it on cannot be replayed.
    t.clock.advance(30_000);
    const code = app.generate({ timestamp: t.clock.now() });
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/admin/articles/`);

    // The same code again, in another browser: refused (a code works once).
    const other = await context(390);
    const phone = await other.newPage();
    await login(phone, 'chief@example.com', PASSWORD);
    await phone.getByLabel('Code').fill(code);
    await phone.getByRole('button', { name: 'Continue' }).click();
    await phone.getByText('That code is not right').waitFor();
    await phone.screenshot({ path: shot('two-factor-code-390.png'), fullPage: true });
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
    await other.close();
    await ctx.close();
  });

  test('no script errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
