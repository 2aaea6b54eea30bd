import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Reader accounts ("members"), kept apart from newsroom users: their own table, sessions and
 * one-time sign-in links. Deleting a member deletes these rows (nothing is flagged and kept).
 */
export function membersMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('members')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_detail', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('last_seen_at', caps.instantType)
        .execute();
      await db.schema.createIndex('members_created').on('members').columns(['created_at', 'id']).execute();
      await db.schema
        .createTable('member_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('expires_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('member_sessions_member').on('member_sessions').columns(['member_id']).execute();
      await db.schema
        .createTable('member_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('cascade'))
        .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('source_detail', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('return_to', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('expires_at', caps.instantType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('member_links_email').on('member_links').columns(['email']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['member_links', 'member_sessions', 'members']) await db.schema.dropTable(t).execute();
    },
  };
}
