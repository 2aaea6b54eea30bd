import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserMissing, launchChromium } from '../helpers/browser.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertNoSeriousA11y, shot } from '../helpers/e2e.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';

const skipped = requires('a reader account in Chromium', { browser: browserMissing() });

/* A reader signs up from the account page, reads the mail on a real SMTP server, follows the link, and later deletes the account. */
describe('a reader account in Chromium', { skip: skipped }, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let browser: Browser;
  let base: string;

  before(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { BROADSHEET_SMTP_URL: smtp.url } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  // At phone width: the desktop-width sign-up (from an article's wall) and erasure are in paywall.e2e.test.ts.
  for (const width of [390]) {
    test(`at ${width} px: sign up by emailed link, see the account, delete it`, async () => {
      const address = `reader-${width}@example.com`;
      const ctx = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/account/`);
      await assertNoSeriousA11y(page, 'sign-in page');
      await page.screenshot({ path: shot(`account-signin-${width}.png`), fullPage: true });
      await page.getByLabel('Email address').fill(address);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      const mail = await until(() => smtp.mails.find((m) => m.to.includes(address)), `the mail to ${address}`);
      const link = /https?:\/\/\S+\/account\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
      await page.goto(`${base}${new URL(link).pathname}`);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('heading', { name: 'Your account' }).waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(address.replace('.', '\\.')));
      await assertNoSeriousA11y(page, 'account page');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px)`);
      await page.screenshot({ path: shot(`account-page-${width}.png`), fullPage: true });
      await page.getByLabel(/erased now/).check();
      await page.getByRole('button', { name: 'Delete my account' }).click();
      await page.getByRole('heading', { name: 'Your account has been deleted' }).waitFor();
      assert.equal(await t.services.storage.members.findByEmail(address), undefined);
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  }
});
