import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Admin API tokens (personal and integration, stored hashed), idempotency records for retried
 * creates, and webhooks: subscriptions, the outbox of events written with each change, and one
 * delivery row per event and subscription, claimed by one process at a time.
 */
export function adminApiAndWebhooksMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('access_tokens')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('expires_at', caps.instantType, (c) => c.notNull())
        .addColumn('last_used_at', caps.instantType)
        .addColumn('revoked_at', caps.instantType)
        .execute();
      await db.schema.createIndex('access_tokens_user').on('access_tokens').columns(['user_id']).execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('token_id', 'integer', (c) => c.notNull().references('access_tokens.id').onDelete('cascade'))
        .addColumn('idem_key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['token_id', 'idem_key'])
        .execute();

      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute();

      await db.schema
        .createTable('webhook_events')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('event_id', 'integer', (c) => c.notNull().references('webhook_events.id').onDelete('cascade'))
        .addColumn('subscription_id', 'integer', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', caps.instantType, (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', caps.instantType)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_attempt_at', caps.instantType)
        .addColumn('delivered_at', caps.instantType)
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_deliveries_subscription').on('webhook_deliveries').columns(['subscription_id', 'id']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['webhook_deliveries', 'webhook_events', 'webhook_subscriptions', 'idempotency_keys', 'access_tokens']) await db.schema.dropTable(t).execute();
    },
  };
}
