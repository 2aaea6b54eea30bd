import { randomUUID } from 'node:crypto';
import { isHardBounce, type Clock, type Mailer, type Storage } from '../ports.ts';
import { editionMail } from './edition-content.ts';
import type { Edition, Newsletter } from './newsletter-ports.ts';
import type { Newsletters } from './newsletters.ts';

export interface SenderOptions {
  /** Mails per second this process sends at most. */
  readonly ratePerSecond: number;
  readonly batch: number;
  /** Mails of a batch in flight at once (over a pooled SMTP connection). */
  readonly parallel: number;
  /** How long a claim holds before another sender may take the mail over (its sender died). */
  readonly claimMs: number;
}

/**
 * Sends newsletter mail from the recipients outbox. Each mail is claimed, sent with a Message-ID fixed
 * for its edition and recipient, and marked sent at once; a sender that dies leaves at most the mail in
 * flight unmarked, which the next sender sends again as the same message. A hard bounce (5xx) marks the
 * mail failed and unsubscribes the address from every newsletter.
 */
export class NewsletterSender {
  readonly #deps: { storage: Storage; clock: Clock; mailer: Mailer; newsletters: Newsletters; publicUrl: string; siteName: string };
  readonly #options: SenderOptions;
  readonly #cache = new Map<number, { edition: Edition; newsletter: Newsletter }>();
  #windowStart = 0;
  #sentInWindow = 0;

  constructor(deps: { storage: Storage; clock: Clock; mailer: Mailer; newsletters: Newsletters; publicUrl: string; siteName: string }, options: SenderOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /** Sends one batch; returns how many mails were handled. */
  async runOnce(): Promise<number> {
    const { storage, clock } = this.#deps;
    const owner = randomUUID();
    const now = clock.now();
    const claimed = await storage.newsletters.claimRecipients(now, owner, now + this.#options.claimMs, this.#options.batch);
    const host = new URL(this.#deps.publicUrl).hostname;
    const one = async (r: (typeof claimed)[number]) => {
      const { edition, newsletter } = await this.#load(r.editionId);
      await this.#pace();
      const token = this.#deps.newsletters.unsubscribeToken(r.memberId, newsletter.id);
      const mail = editionMail({
        newsletter, edition, to: r.email, memberId: r.memberId, siteName: this.#deps.siteName, host,
        unsubscribeUrl: `${this.#deps.publicUrl}/newsletters/unsubscribe/${token}`,
        webUrl: `${this.#deps.publicUrl}/newsletters/${newsletter.slug}/${edition.id}/`,
      });
      let state: 'sent' | 'failed' = 'sent';
      try {
        await this.#deps.mailer.send(mail);
      } catch (err) {
        if (!isHardBounce(err)) throw err; // a server that is down: the claim lapses and the mail is tried again
        state = 'failed';
        await storage.newsletters.unsubscribeAll(r.memberId);
      }
      // Marked the moment the server took it: what a crash can leave unmarked is only what was in flight.
      await storage.newsletters.markRecipient(r.editionId, r.memberId, owner, state, clock.now());
    };
    for (let i = 0; i < claimed.length; i += this.#options.parallel) await Promise.all(claimed.slice(i, i + this.#options.parallel).map(one));
    if (claimed.length > 0) await storage.newsletters.finishEditions(clock.now());
    return claimed.length;
  }

  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n < this.#options.batch) return total;
    }
  }

  async #load(editionId: number): Promise<{ edition: Edition; newsletter: Newsletter }> {
    let hit = this.#cache.get(editionId);
    if (!hit) {
      const edition = (await this.#deps.storage.newsletters.edition(editionId)) as Edition;
      const newsletter = (await this.#deps.storage.newsletters.findById(edition.newsletterId)) as Newsletter;
      hit = { edition, newsletter };
      if (this.#cache.size > 100) this.#cache.clear();
      this.#cache.set(editionId, hit);
    }
    return hit;
  }

  /** Keeps this process under its mails-per-second rate. */
  async #pace(): Promise<void> {
    const now = Date.now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#sentInWindow = 0;
    }
    if (this.#sentInWindow >= this.#options.ratePerSecond) {
      await new Promise((resolve) => setTimeout(resolve, 1000 - (now - this.#windowStart)));
      this.#windowStart = Date.now();
      this.#sentInWindow = 0;
    }
    this.#sentInWindow++;
  }
}
