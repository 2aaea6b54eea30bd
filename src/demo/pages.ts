import type { Repositories } from '../core/ports.ts';

/**
 * The demo edition's static pages and footer menu: what a newsroom publishes about itself. The
 * wording is the demo's own; a real newsroom rewrites every page in the newsroom's Pages screen.
 */
const PAGES: readonly { slug: string; title: string; body: string }[] = [
  {
    slug: 'about',
    title: 'About The Broadsheet',
    body: '<p>The Broadsheet is a demonstration edition of Broadsheet, open-source software for news sites. Every story, person and place on it is invented.</p><h2>What we cover</h2><p>Politics, society, business, the world, science and nature, culture and sport, with editorials and features.</p>',
  },
  {
    slug: 'contact',
    title: 'Contact us',
    body: '<p>News tips, corrections and letters go to the desk. In a real edition this page lists the newsroom’s addresses and how to reach it safely.</p>',
  },
  {
    slug: 'privacy',
    title: 'Privacy',
    body: '<p>This site sets no cookies for readers. It counts page views without storing addresses, and loads no third-party content until you ask for it (embedded videos and posts load on a click).</p>',
  },
  {
    slug: 'terms',
    title: 'Terms of use',
    body: '<p>The demo edition’s articles are fictional and may be reused freely for testing Broadsheet.</p>',
  },
  {
    slug: 'corrections-policy',
    title: 'Corrections policy',
    body: '<p>When we get something wrong, we fix it and say so. A correction note under the article says what was wrong and when it was corrected; small fixes that change no fact (a typo) are made without a note.</p><h2>Updates</h2><p>When a story develops, we mark it “(Update N)” and note what changed.</p>',
  },
  {
    slug: 'masthead',
    title: 'Masthead',
    body: '<p>The people who make this edition are listed on their author pages, linked from every byline.</p>',
  },
];

export async function seedPages(tx: Repositories, now: number): Promise<void> {
  for (const p of PAGES) {
    const id = await tx.pages.create({ slug: p.slug, title: p.title, bodyHtml: p.body, status: 'published', at: now, userId: null });
    await tx.pages.addRevision({ pageId: id, version: 1, title: p.title, bodyHtml: p.body, userId: null, createdAt: now });
  }
  await tx.menus.save('footer', PAGES.map((p) => ({ label: p.title.replace(/^About The Broadsheet$/, 'About us'), href: `/pages/${p.slug}/` })), now);
}
