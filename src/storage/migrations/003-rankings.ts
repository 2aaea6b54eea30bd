import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Rankings you can trust: five-minute and daily buckets beside the hourly ones, per-subnet hourly
 * counts (keyed hashes, never addresses), applied flush batches (so a retry never counts twice),
 * staff exclusions and automatic holds.
 */
export function rankingsMigration(caps: DialectCapabilities): Migration {
  const instant = caps.instantType;
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['view_buckets_5m', 'view_buckets_1d']) {
        await db.schema
          .createTable(table)
          .addColumn('bucket_start', instant, (c) => c.notNull())
          .addColumn('article_id', 'integer', (c) => c.notNull())
          .addColumn('views', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['bucket_start', 'article_id'])
          .execute();
      }
      await db.schema.createIndex('view_buckets_by_article').on('view_buckets').columns(['article_id', 'bucket_start']).execute();
      await db.schema.createIndex('view_buckets_1d_by_article').on('view_buckets_1d').columns(['article_id', 'bucket_start']).execute();

      await db.schema
        .createTable('view_subnets')
        .addColumn('hour', instant, (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('subnet', 'text', (c) => c.notNull())
        .addColumn('views', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('view_subnets_pk', ['hour', 'article_id', 'subnet'])
        .execute();

      await db.schema
        .createTable('view_batches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('applied_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ranking_exclusions')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ranking_holds')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('held', 'released')`))
        .addColumn('share_permille', 'integer', (c) => c.notNull())
        .addColumn('detected_at', instant, (c) => c.notNull())
        .addColumn('reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('reviewed_at', instant)
        .execute();
    },
  };
}
