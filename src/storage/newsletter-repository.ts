import type { Kysely, Selectable } from 'kysely';
import type { ClaimedRecipient, Edition, EditionState, Newsletter, NewsletterKind, NewsletterRepository } from '../core/newsletters/newsletter-ports.ts';
import type { Database, NewsletterEditionsTable, NewslettersTable } from './schema.ts';

function toNewsletter(r: Selectable<NewslettersTable>): Newsletter {
  return {
    id: r.id, slug: r.slug, name: r.name, description: r.description, senderName: r.sender_name, kind: r.kind as NewsletterKind, scheduleAt: r.schedule_at,
    autoSend: Number(r.auto_send) === 1, createdAt: Number(r.created_at),
  };
}

function toEdition(r: Selectable<NewsletterEditionsTable>): Edition {
  return {
    id: r.id, newsletterId: r.newsletter_id, subject: r.subject, text: r.body_text, html: r.body_html, articleId: r.article_id, state: r.state as EditionState,
    recipients: Number(r.recipients), createdAt: Number(r.created_at), sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

export class KyselyNewsletterRepository implements NewsletterRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(): Promise<(Newsletter & { readonly subscribers: number })[]> {
    const rows = await this.#db
      .selectFrom('newsletters as n')
      .selectAll('n')
      .select((eb) => eb.selectFrom('newsletter_subscriptions as s').select((x) => x.fn.countAll().as('c')).whereRef('s.newsletter_id', '=', 'n.id').as('subscribers'))
      .orderBy('n.id')
      .execute();
    return rows.map((r) => ({ ...toNewsletter(r), subscribers: Number(r.subscribers ?? 0) }));
  }

  async any(): Promise<boolean> {
    return (await this.#db.selectFrom('newsletters').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  async findBySlug(slug: string): Promise<Newsletter | undefined> {
    const row = await this.#db.selectFrom('newsletters').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? toNewsletter(row) : undefined;
  }

  async findById(id: number): Promise<Newsletter | undefined> {
    const row = await this.#db.selectFrom('newsletters').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toNewsletter(row) : undefined;
  }

  async create(input: { slug: string; name: string; description: string; senderName: string; kind: NewsletterKind; scheduleAt?: string; autoSend?: boolean; at: number }): Promise<number> {
    const { id } = await this.#db
      .insertInto('newsletters')
      .values({
        slug: input.slug, name: input.name, description: input.description, sender_name: input.senderName, kind: input.kind, schedule_at: input.scheduleAt ?? '',
        auto_send: input.autoSend ? 1 : 0, created_at: input.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async subscribe(newsletterId: number, memberId: number, at: number): Promise<void> {
    await this.#db
      .insertInto('newsletter_subscriptions')
      .values({ newsletter_id: newsletterId, member_id: memberId, created_at: at })
      .onConflict((oc) => oc.columns(['newsletter_id', 'member_id']).doNothing())
      .execute();
  }

  async unsubscribe(newsletterId: number, memberId: number): Promise<boolean> {
    const r = await this.#db.deleteFrom('newsletter_subscriptions').where('newsletter_id', '=', newsletterId).where('member_id', '=', memberId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async unsubscribeAll(memberId: number): Promise<void> {
    await this.#db.deleteFrom('newsletter_subscriptions').where('member_id', '=', memberId).execute();
  }

  async subscriptionsOf(memberId: number): Promise<number[]> {
    return (await this.#db.selectFrom('newsletter_subscriptions').select('newsletter_id').where('member_id', '=', memberId).execute()).map((r) => r.newsletter_id);
  }

  async createEdition(input: { newsletterId: number; subject: string; text: string; html: string; articleId: number | null; issueDate?: string; at: number }): Promise<number | undefined> {
    const row = await this.#db
      .insertInto('newsletter_editions')
      .values({
        newsletter_id: input.newsletterId, subject: input.subject, body_text: input.text, body_html: input.html, article_id: input.articleId,
        issue_date: input.issueDate ?? null, state: 'draft', created_at: input.at,
      })
      .onConflict((oc) => oc.columns(input.issueDate !== undefined ? ['newsletter_id', 'issue_date'] : ['newsletter_id', 'article_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  async edition(id: number): Promise<Edition | undefined> {
    const row = await this.#db.selectFrom('newsletter_editions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEdition(row) : undefined;
  }

  async editions(newsletterId: number, limit: number): Promise<Edition[]> {
    return (await this.#db.selectFrom('newsletter_editions').selectAll().where('newsletter_id', '=', newsletterId).orderBy('id', 'desc').limit(limit).execute()).map(toEdition);
  }

  async queueRecipients(editionId: number): Promise<boolean> {
    const edition = await this.edition(editionId);
    if (!edition || edition.state !== 'draft') return false;
    const moved = await this.#db.updateTable('newsletter_editions').set({ state: 'sending' }).where('id', '=', editionId).where('state', '=', 'draft').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await this.#db
      .insertInto('newsletter_recipients')
      .columns(['edition_id', 'member_id', 'email', 'state'])
      .expression((eb) =>
        eb
          .selectFrom('newsletter_subscriptions as s')
          .innerJoin('members as m', 'm.id', 's.member_id')
          .select((x) => [x.val(editionId).as('edition_id'), 'm.id', 'm.email', x.val('queued').as('state')])
          .where('s.newsletter_id', '=', edition.newsletterId),
      )
      .execute();
    const { n } = await this.#db.selectFrom('newsletter_recipients').select((eb) => eb.fn.countAll().as('n')).where('edition_id', '=', editionId).executeTakeFirstOrThrow();
    await this.#db.updateTable('newsletter_editions').set({ recipients: Number(n) }).where('id', '=', editionId).execute();
    return true;
  }

  async claimRecipients(now: number, owner: string, until: number, limit: number): Promise<ClaimedRecipient[]> {
    const due = this.#db
      .selectFrom('newsletter_recipients')
      .select('member_id')
      .where('state', '=', 'queued')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('edition_id')
      .orderBy('member_id')
      .limit(limit);
    // As for webhook deliveries: the outer conditions are re-checked on rows another sender took meanwhile.
    await this.#db
      .updateTable('newsletter_recipients')
      .set({ claimed_by: owner, claimed_until: until })
      .where('member_id', 'in', due)
      .where('state', '=', 'queued')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .execute();
    const rows = await this.#db.selectFrom('newsletter_recipients').select(['edition_id', 'member_id', 'email']).where('claimed_by', '=', owner).where('state', '=', 'queued').orderBy('member_id').execute();
    return rows.map((r) => ({ editionId: r.edition_id, memberId: r.member_id, email: r.email }));
  }

  async markRecipient(editionId: number, memberId: number, owner: string, state: 'sent' | 'failed', at: number): Promise<void> {
    await this.#db
      .updateTable('newsletter_recipients')
      .set({ state, sent_at: at, claimed_by: null, claimed_until: null })
      .where('edition_id', '=', editionId)
      .where('member_id', '=', memberId)
      .where('claimed_by', '=', owner)
      .execute();
  }

  async finishEditions(at: number): Promise<void> {
    await this.#db
      .updateTable('newsletter_editions')
      .set({ state: 'sent', sent_at: at })
      .where('state', '=', 'sending')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('newsletter_recipients').select('member_id').whereRef('newsletter_recipients.edition_id', '=', 'newsletter_editions.id').where('newsletter_recipients.state', '=', 'queued'))),
      )
      .execute();
  }

  async progress(editionId: number): Promise<{ queued: number; sent: number; failed: number }> {
    const rows = await this.#db.selectFrom('newsletter_recipients').select(['state', (eb) => eb.fn.countAll().as('n')]).where('edition_id', '=', editionId).groupBy('state').execute();
    const of = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
    return { queued: of('queued'), sent: of('sent'), failed: of('failed') };
  }
}
