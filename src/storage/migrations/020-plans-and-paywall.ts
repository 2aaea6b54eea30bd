import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Plans, what entitles a member to them (a Stripe subscription or a complimentary grant), and the
 * Stripe events already applied (a replayed event changes nothing). The meter settings live in
 * `settings` under "paywall".
 */
export function plansAndPaywallMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('plans')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('benefits', 'text', (c) => c.notNull().defaultTo(''))
        // Prices in the currency's minor unit (yen have none: 980 is ¥980; dollars: 999 is $9.99).
        .addColumn('monthly_price', 'integer', (c) => c.notNull())
        .addColumn('yearly_price', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('stripe_monthly_price', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('stripe_yearly_price', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('member_plans')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
        .addColumn('plan_id', 'integer', (c) => c.references('plans.id').onDelete('set null'))
        // stripe | complimentary
        .addColumn('source', 'text', (c) => c.notNull())
        // active | trialing | past_due | canceled | …: Stripe's own words for a subscription.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('ends_at', caps.instantType)
        .addColumn('stripe_customer', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('stripe_subscription', 'text')
        // The newest Stripe event applied (its `created`, ms): an older one arriving late changes nothing.
        .addColumn('event_at', caps.instantType, (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('granted_by', 'integer')
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('updated_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('member_plans_subscription').on('member_plans').column('stripe_subscription').unique().execute();
      await db.schema.createIndex('member_plans_member').on('member_plans').column('member_id').execute();
      await db.schema
        .createTable('stripe_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('received_at', caps.instantType, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('stripe_events').execute();
      await db.schema.dropTable('member_plans').execute();
      await db.schema.dropTable('plans').execute();
    },
  };
}
