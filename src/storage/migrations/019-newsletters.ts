import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Newsletters, members' subscriptions (pending until the address confirms), editions, and each
 * edition's recipients: written in full before the first mail goes, then claimed and marked one by
 * one, so a sender that dies resumes where it stopped.
 */
export function newslettersMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('newsletters')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('sender_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        // A briefing's local time of day ("07:00", in the edition's zone), and whether it goes out unreviewed.
        .addColumn('schedule_at', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('auto_send', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('newsletter_subscriptions')
        .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
        .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addPrimaryKeyConstraint('newsletter_subscriptions_pk', ['newsletter_id', 'member_id'])
        .execute();
      await db.schema
        .createTable('newsletter_editions')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body_text', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer')
        .addColumn('issue_date', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('sent_at', caps.instantType)
        .execute();
      // An alert goes out once per article and newsletter, however often the button is pressed.
      await db.schema.createIndex('newsletter_editions_alert').on('newsletter_editions').columns(['newsletter_id', 'article_id']).unique().execute();
      // A scheduled briefing is built once per day, however many processes look at the clock.
      await db.schema.createIndex('newsletter_editions_day').on('newsletter_editions').columns(['newsletter_id', 'issue_date']).unique().execute();
      await db.schema
        .createTable('newsletter_recipients')
        .addColumn('edition_id', 'integer', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
        .addColumn('member_id', 'integer', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', caps.instantType)
        .addColumn('sent_at', caps.instantType)
        .addPrimaryKeyConstraint('newsletter_recipients_pk', ['edition_id', 'member_id'])
        .execute();
      await db.schema.createIndex('newsletter_recipients_due').on('newsletter_recipients').columns(['state', 'edition_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['newsletter_recipients', 'newsletter_editions', 'newsletter_subscriptions', 'newsletters']) await db.schema.dropTable(t).execute();
    },
  };
}
