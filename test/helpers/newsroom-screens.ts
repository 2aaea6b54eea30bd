import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { browserMissing, launchChromium } from './browser.ts';
import { requires } from './requirements.ts';
import { startTestApp, type TestApp } from './demo-app.ts';

const missing = browserMissing();
const SHOTS = new URL('../../test-results/screens/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });
const PASSWORD = 'an admin passphrase for tests';
/** Screens axe also checks at phone width (colour contrast excepted: it does not change with the width). */
const PHONE_AXE = new Set(['login', 'articles', 'editor', 'media', 'members', 'member', 'plans', 'newsletters', 'webhook-log', 'users']);


/**
 * Every newsroom screen at one width: no serious or critical axe violation, no sideways scrolling,
 * and a screenshot of each to look at (test-results/screens/). One file per width, so the two run
 * side by side.
 */
export function newsroomScreens(width: number): void {
  const suite = `every newsroom screen in Chromium at ${width} px`;
  describe(suite, { skip: requires(suite, { browser: missing }) }, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let screens: [string, string][] = [];

  before(async () => {
    t = await startTestApp({ env: { BROADSHEET_OUTBOUND_ALLOW: '127.0.0.1' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const { user } = await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief Admin', password: PASSWORD });
    const article = (await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 1, offset: 0 })).items[0]!;
    const revisions = await t.services.storage.revisions.list(article.id);
    const page = (await t.services.storage.pages.list())[0]!;
    // A webhook whose receiver is not there, so its log shows failed attempts as well as the form.
    const actor = { id: user.id, role: user.role, authorId: user.authorId };
    await t.services.integrations.webhooks.subscribe(actor, { name: 'Partner syndication', url: 'http://127.0.0.1:9/hooks', events: ['article.published', 'page.changed'] });
    await t.services.integrations.createToken(actor, { kind: 'integration', name: 'Wire ingest', scopes: ['newsroom:enter', 'article:create'] });
    await t.services.newsroom.createPage(actor, { slug: 'screens-hook', title: 'Hooked page', bodyHtml: '<p>x</p>', status: 'published' });
    await t.services.deliverWebhooks();
    const hook = (await t.services.storage.webhooks.subscriptions())[0]!;
    const letter = await t.services.newsletters.create(actor, { slug: 'morning', name: 'Morning Briefing', description: 'The day at 7:00', senderName: 'The Broadsheet', kind: 'briefing' });
    await t.services.newsletters.buildBriefing(actor, letter);
    await t.services.plans.savePlan(actor, { name: 'Premium', slug: 'premium', benefits: 'Every article\nThe archive', monthlyPrice: 1200, yearlyPrice: 12000, currency: 'jpy', active: true, stripeMonthlyPrice: 'price_m1', stripeYearlyPrice: 'price_y1' });
    const reader = await t.services.storage.members.create({ email: 'screen.reader@example.com', source: 'paywall', sourceDetail: '/politics/', at: t.clock.now() });
    await t.services.plans.grant(actor, { memberId: reader.id, planSlug: 'premium', endsAt: t.clock.now() + 30 * 86_400_000, note: 'Screens test' });
    screens = [
      ['articles', '/admin/articles/'],
      ['new-article', '/admin/articles/new'],
      ['editor', `/admin/articles/${article.id}/`],
      ['revisions', `/admin/articles/${article.id}/revisions/`],
      ['compare', `/admin/articles/${article.id}/revisions/compare?from=${revisions.at(-1)!.id}&to=${revisions[0]!.id}`],
      ['media', '/admin/media/'],
      ['front-page', '/admin/front-page/'],
      ['pages', '/admin/pages/'],
      ['page-editor', `/admin/pages/${page.id}/`],
      ['menus', '/admin/menus/'],
      ['redirects', '/admin/redirects/'],
      ['taxonomy', '/admin/taxonomy/'],
      ['rankings', '/admin/rankings/'],
      ['users', '/admin/users/'],
      ['profile', `/admin/users/${user.id}/profile`],
      ['audit', '/admin/audit/'],
      ['api-keys', '/admin/api-keys/'],
      ['api-tokens', '/admin/tokens/'],
      ['webhooks', '/admin/webhooks/'],
      ['members', '/admin/members/'],
      ['member', `/admin/members/${reader.id}/`],
      ['plans', '/admin/plans/'],
      ['newsletters', '/admin/newsletters/'],
      ['newsletter-editions', `/admin/newsletters/${letter}/`],
      ['webhook-log', `/admin/webhooks/${hook.id}/`],
      ['account', '/admin/account/'],
      ['two-factor', '/admin/account/2fa'],
    ];
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function check(page: Page, name: string, width: number): Promise<string[]> {
    const problems: string[] = [];
    // Every screen gets axe at desktop width. At phone width, axe runs on the screens whose layout changes most there
    // (tables that become cards, the editor, the forms); the rest of its rules read the same markup at any width, and
    // at two seconds a screen it was CI's largest cost. Every screen is still checked for sideways scrolling at both.
    const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    const phone = width < 1000;
    const result = phone && !PHONE_AXE.has(name) ? { violations: [] } : await (phone ? axe.disableRules(['color-contrast']) : axe).analyze();
    for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      problems.push(`${name} @${width}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) {
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .slice(0, 4)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${String(e.className).split(' ')[0]}`),
      );
      problems.push(`${name} @${width}: scrolls sideways by ${overflow} px (${wide.join(', ')})`);
    }
    // Screenshots are for people to look at (test-results/screens/); CI has nobody looking and saves the time.
    if (!process.env.CI) await page.screenshot({ path: new URL(`${name}-${width}.png`, SHOTS).pathname, fullPage: true });
    return problems;
  }

  {
    test(`at ${width} px: no serious accessibility problem and no sideways scrolling on any screen`, async () => {
      const ctx = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await ctx.newPage();
      const problems: string[] = [];
      await page.goto(`${base}/admin/login`);
      problems.push(...(await check(page, 'login', width)));
      await page.goto(`${base}/admin/reset`);
      problems.push(...(await check(page, 'reset', width)));
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('Email').fill('chief@example.com');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/admin/articles/`);
      for (const [name, path] of screens) {
        const res = await page.goto(`${base}${path}`);
        assert.equal(res?.status(), 200, path);
        await page.waitForLoadState('load');
        problems.push(...(await check(page, name, width)));
      }
      await ctx.close();
      assert.deepEqual(problems, []);
    });
  }
});
}
