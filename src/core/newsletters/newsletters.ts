import { cacheKeys } from '../content/cache-keys.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { actorCan, type Actor } from '../access/types.ts';
import { articlePath } from '../content/article-path.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import type { Member } from '../members/member-ports.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Clock, Storage } from '../ports.ts';
import type { ReaderService } from '../reader/reader-service.ts';
import type { EditionTime } from '../time/edition-time.ts';
import { composeEdition, type StoryLink } from './edition-content.ts';
import { NEWSLETTER_KINDS, type Edition, type Newsletter, type NewsletterKind } from './newsletter-ports.ts';

interface Deps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly reader: ReaderService;
  readonly time: EditionTime;
  readonly publicUrl: string;
  readonly secret: string;
}

/** Newsletters: the desk builds and sends editions; readers subscribe and leave. */
export class Newsletters {
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  // ---- reading ----

  list(): Promise<(Newsletter & { readonly subscribers: number })[]> {
    return this.#deps.storage.newsletters.list();
  }

  findBySlug(slug: string): Promise<Newsletter | undefined> {
    return this.#deps.storage.newsletters.findBySlug(slug);
  }

  async subscriptionsOf(member: Member): Promise<number[]> {
    return this.#deps.storage.newsletters.subscriptionsOf(member.id);
  }

  /** A sent edition's web version (drafts are nobody's to read). */
  async sentEdition(slug: string, id: number): Promise<{ newsletter: Newsletter; edition: Edition } | undefined> {
    const newsletter = await this.#deps.storage.newsletters.findBySlug(slug);
    const edition = newsletter ? await this.#deps.storage.newsletters.edition(id) : undefined;
    if (!newsletter || !edition || edition.newsletterId !== newsletter.id || edition.state === 'draft') return undefined;
    return { newsletter, edition };
  }

  // ---- readers ----

  /** A signed-in member's choices from the account page (the address is already confirmed). */
  async setSubscriptions(member: Member, newsletterIds: readonly number[]): Promise<void> {
    const all = await this.#deps.storage.newsletters.list();
    const wanted = new Set(newsletterIds.filter((id) => all.some((n) => n.id === id)));
    const now = this.#deps.clock.now();
    await this.#deps.storage.transaction(async (tx) => {
      for (const n of all) {
        if (wanted.has(n.id)) await tx.newsletters.subscribe(n.id, member.id, now);
        else await tx.newsletters.unsubscribe(n.id, member.id);
      }
    });
  }

  /** The unsubscribe link in every mail: works without signing in, for this member and newsletter only. */
  unsubscribeToken(memberId: number, newsletterId: number): string {
    return `${memberId}-${newsletterId}-${this.#mac(memberId, newsletterId)}`;
  }

  /** Unsubscribes by a mail's link; false when the token is not one we made. Idempotent. */
  async unsubscribeWithToken(token: string): Promise<{ newsletter: Newsletter } | undefined> {
    const m = /^([1-9][0-9]{0,9})-([1-9][0-9]{0,9})-([A-Za-z0-9_-]{22})$/.exec(token);
    if (!m) return undefined;
    const [memberId, newsletterId] = [Number(m[1]), Number(m[2])];
    const expected = Buffer.from(this.#mac(memberId, newsletterId));
    if (!timingSafeEqual(expected, Buffer.from(m[3] as string))) return undefined;
    const newsletter = await this.#deps.storage.newsletters.findById(newsletterId);
    if (!newsletter) return undefined;
    await this.#deps.storage.newsletters.unsubscribe(newsletterId, memberId);
    return { newsletter };
  }

  #mac(memberId: number, newsletterId: number): string {
    return createHmac('sha256', this.#deps.secret).update(`unsubscribe:${memberId}:${newsletterId}`).digest('base64url').slice(0, 22);
  }

  // ---- the desk ----

  /** The newsletter an edition belongs to. */
  async editionOwner(editionId: number): Promise<number | undefined> {
    return (await this.#deps.storage.newsletters.edition(editionId))?.newsletterId;
  }

  async create(actor: Actor, input: { slug: string; name: string; description: string; senderName: string; kind: string; scheduleAt?: string; autoSend?: boolean }): Promise<number> {
    if (!actorCan(actor, 'newsletter:manage')) forbid('admins create newsletters');
    const slug = input.slug.trim().toLowerCase();
    if (!/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/.test(slug)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'slug', detail: 'lower-case letters, digits and hyphens' });
    if (!(NEWSLETTER_KINDS as readonly string[]).includes(input.kind)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'kind', detail: NEWSLETTER_KINDS.join(', ') });
    const name = plainText('name', input.name, { max: 100, required: true, oneLine: true });
    const description = plainText('description', input.description, { max: 500 });
    const senderName = plainText('sender', input.senderName, { max: 100, required: true, oneLine: true });
    const scheduleAt = (input.scheduleAt ?? '').trim();
    if (scheduleAt && !/^([01]\d|2[0-3]):[0-5]\d$/.test(scheduleAt)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'time', detail: 'a time of day like 07:00' });
    if (scheduleAt && input.kind !== 'briefing') throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'time', detail: 'only briefings are built on a schedule' });
    const at = this.#deps.clock.now();
    return this.#deps.storage.transaction(async (tx) => {
      if (await tx.newsletters.findBySlug(slug)) throw new BroadsheetError('BS_ERR_TAXONOMY_EXISTS', { kind: 'newsletter', slug });
      const id = await tx.newsletters.create({ slug, name, description, senderName, kind: input.kind as NewsletterKind, scheduleAt, autoSend: Boolean(input.autoSend && scheduleAt), at });
      await tx.audit.record({ at, userId: actor.id, action: 'newsletter.create', target: `newsletter:${id}`, detail: slug });
      // Every reader page's footer offers newsletters once there is one: the navigation key re-renders them.
      await tx.invalidations.append([cacheKeys.navigation], at);
      return id;
    });
  }

  async editions(actor: Actor, newsletterId: number): Promise<{ newsletter: Newsletter; editions: (Edition & { progress: { queued: number; sent: number; failed: number } })[] }> {
    if (!actorCan(actor, 'newsletter:send')) forbid('editors send newsletters');
    const newsletter = await this.#deps.storage.newsletters.findById(newsletterId);
    if (!newsletter) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const editions = await this.#deps.storage.newsletters.editions(newsletterId, 50);
    return { newsletter, editions: await Promise.all(editions.map(async (e) => ({ ...e, progress: await this.#deps.storage.newsletters.progress(e.id) }))) };
  }

  /** A briefing edition from the home page's top stories and the most read, for review. */
  async buildBriefing(actor: Actor, newsletterId: number): Promise<number> {
    if (!actorCan(actor, 'newsletter:send')) forbid('editors send newsletters');
    return (await this.#briefing(await this.#newsletter(newsletterId), actor.id)) as number;
  }

  /**
   * Scheduled briefings: each briefing with a time of day is built once a day when that time has come in
   * the edition's zone (and sent at once where it is set to go unreviewed). Every process may run this;
   * the day's edition is unique, so it is built once.
   */
  async runSchedule(): Promise<number[]> {
    const now = this.#deps.clock.now();
    const today = this.#deps.time.localInput(now).slice(0, 10);
    const built: number[] = [];
    for (const n of await this.#deps.storage.newsletters.list()) {
      if (n.kind !== 'briefing' || !n.scheduleAt) continue;
      const due = this.#deps.time.parseLocal(`${today}T${n.scheduleAt}`);
      if (due === undefined || now < due) continue;
      const id = await this.#briefing(n, null, today);
      if (id === undefined) continue;
      built.push(id);
      if (n.autoSend) await this.#queue(id, null);
    }
    return built;
  }

  async #briefing(newsletter: Newsletter, userId: number | null, issueDate?: string): Promise<number | undefined> {
    const home = await this.#deps.reader.home();
    const link = (item: { article: { headline: string; teaser: string }; path: string }): StoryLink => ({ headline: item.article.headline, teaser: item.article.teaser, url: `${this.#deps.publicUrl}${item.path}` });
    const now = this.#deps.clock.now();
    const title = `${newsletter.name}, ${this.#deps.time.date(now)}`;
    const { text, html } = composeEdition(title, [
      { heading: 'Top stories', stories: home.topStories.slice(0, 6).map(link) },
      { heading: 'Most read', stories: home.ranking.items.slice(0, 5).map(link) },
    ]);
    return this.#addEdition(userId, { newsletterId: newsletter.id, subject: title, text, html, articleId: null, ...(issueDate !== undefined ? { issueDate } : {}) });
  }

  /** An alert for one published article: once per article and newsletter (a second press is refused). */
  async buildAlert(actor: Actor, newsletterId: number, articleId: number): Promise<number> {
    if (!actorCan(actor, 'newsletter:send')) forbid('editors send alerts');
    const newsletter = await this.#newsletter(newsletterId);
    if (newsletter.kind !== 'alert') throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'newsletter', detail: 'alerts go to an alert newsletter' });
    const article = await this.#deps.storage.articles.findPublished(articleId);
    if (!article) throw new BroadsheetError('BS_ERR_ARTICLE_NOT_FOUND', { id: articleId });
    const sections = await this.#deps.reader.sections();
    const url = `${this.#deps.publicUrl}${articlePath({ id: article.id, subsectionId: article.subsectionId, publishedAt: article.publishedAt, slug: article.slug }, sections, this.#deps.time)}`;
    const { text, html } = composeEdition(`Breaking: ${article.headline}`, [{ heading: newsletter.name, stories: [{ headline: article.headline, teaser: article.summary || article.teaser, url }] }]);
    const id = await this.#addEdition(actor.id, { newsletterId, subject: `Breaking: ${article.headline}`, text, html, articleId });
    if (id === undefined) throw new BroadsheetError('BS_ERR_NEWSLETTER_ALERT_SENT');
    return id;
  }

  /**
   * Sends an edition: every current subscriber is written as a recipient in one transaction before the
   * first mail goes; the sender job then works through them. Sending twice is refused.
   */
  async send(actor: Actor, editionId: number): Promise<number> {
    if (!actorCan(actor, 'newsletter:send')) forbid('editors send newsletters');
    return this.#queue(editionId, actor.id);
  }

  async #queue(editionId: number, userId: number | null): Promise<number> {
    const at = this.#deps.clock.now();
    return this.#deps.storage.transaction(async (tx) => {
      if (!(await tx.newsletters.queueRecipients(editionId))) throw new BroadsheetError('BS_ERR_NEWSLETTER_SENT');
      const edition = (await tx.newsletters.edition(editionId)) as Edition;
      await tx.audit.record({ at, userId, action: 'newsletter.send', target: `edition:${editionId}`, detail: `${edition.recipients} recipients` });
      return edition.recipients;
    });
  }

  async #newsletter(id: number): Promise<Newsletter> {
    const newsletter = await this.#deps.storage.newsletters.findById(id);
    if (!newsletter) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return newsletter;
  }

  async #addEdition(userId: number | null, input: { newsletterId: number; subject: string; text: string; html: string; articleId: number | null; issueDate?: string }): Promise<number | undefined> {
    const at = this.#deps.clock.now();
    return this.#deps.storage.transaction(async (tx) => {
      const id = await tx.newsletters.createEdition({ ...input, at });
      if (id !== undefined) await tx.audit.record({ at, userId, action: 'newsletter.edition', target: `edition:${id}`, detail: input.subject });
      return id;
    });
  }
}
