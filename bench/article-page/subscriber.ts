import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashToken } from '../../src/core/access/account-helpers.ts';
import { articlePath, SectionIndex } from '../../src/core/content/article-path.ts';
import { articleInvalidations } from '../../src/core/content/cache-keys.ts';
import { PaywallCookies } from '../../src/core/members/paywall-cookies.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';
import { openStorage } from '../../src/storage/open-storage.ts';

/**
 * Walls one demo article for subscribers and makes a subscriber, writing straight to the running
 * server's database (the server follows the invalidation within its poll interval). Returns the
 * article's path, a wrk script that sends the subscriber's session and signed entitlement, and the
 * size of the page they get.
 */
export async function subscriberPage(options: { databaseUrl: string; origin: string; secret: string; avoid: string; work: string }): Promise<{ path: string; script: string; bytes: number }> {
  const storage = await openStorage(options.databaseUrl);
  try {
    const now = Date.now();
    const index = new SectionIndex(await storage.sections.listAll());
    const time = new EditionTime('Asia/Tokyo');
    const candidates = (await storage.articles.list({ kind: 'all' }, { limit: 10, offset: 0 })).items;
    const article = candidates.find((a) => articlePath(a, index, time) !== options.avoid);
    if (!article) throw new Error('no second article to wall');
    const path = articlePath(article, index, time);
    const token = randomBytes(32).toString('base64url');
    const memberId = await storage.transaction(async (tx) => {
      await tx.articles.setAccess(article.id, 'paid');
      await tx.invalidations.append(articleInvalidations(await tx.articles.rankingMeta([article.id])), now);
      const plan = await tx.plans.createPlan({ slug: 'bench', name: 'Bench', benefits: '', monthlyPrice: 980, yearlyPrice: 9800, currency: 'jpy', active: true, stripeMonthlyPrice: '', stripeYearlyPrice: '' }, now);
      const member = await tx.members.create({ email: 'bench.subscriber@example.com', source: 'account', sourceDetail: '', at: now });
      await tx.members.addSession(hashToken(token), member.id, now, now + 86_400_000);
      await tx.plans.grant({ memberId: member.id, planId: plan.id, endsAt: now + 86_400_000, note: 'bench', grantedBy: 0, at: now });
      return member.id;
    });
    const cookie = `bs_member=${token}; bs_ent=${new PaywallCookies(options.secret).entitlement(memberId, 'subscriber', now)}`;
    // Until the server has followed the invalidation and renders the full variant for this reader.
    let bytes = 0;
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${options.origin}${path}`, { headers: { cookie, 'accept-encoding': 'identity' } });
      const html = await res.text();
      if (res.headers.get('cache-control') === 'private, no-cache' && !html.includes('class="paywall"')) {
        bytes = Buffer.byteLength(html);
        break;
      }
      await sleep(100);
    }
    if (bytes === 0) throw new Error('the subscriber never got the full paid article');
    const script = join(options.work, 'subscriber.lua');
    writeFileSync(script, `wrk.headers["Cookie"] = ${JSON.stringify(cookie)}\n`);
    return { path, script, bytes };
  } finally {
    await storage.close();
  }
}
