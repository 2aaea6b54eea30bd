import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Sections, tags, series, authors, media, articles and their links; view buckets; the invalidation log. */
export function contentMigration(caps: DialectCapabilities): Migration {
  const instant = caps.instantType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sections')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('restrict'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('tags')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('series')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('authors')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
        .execute();

      await db.schema
        .createTable('media')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('storage_key', 'text', (c) => c.notNull().unique())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('articles')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('draft', 'in_review', 'scheduled', 'published', 'unpublished')`),
        )
        .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('restrict'))
        .addColumn('subsection_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('restrict'))
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('teaser', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('dateline', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('lead_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('lead_caption', 'text')
        .addColumn('lead_credit', 'text')
        .addColumn('lead_alt', 'text')
        .addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('set null'))
        .addColumn('is_top_story', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', instant)
        .addColumn('updated_at', instant)
        .addColumn('created_at', instant, (c) => c.notNull())
        .addColumn('modified_at', instant, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('source_key', 'text', (c) => c.unique())
        .execute();
      await db.schema.createIndex('articles_published').on('articles').columns(['status', 'published_at']).execute();
      await db.schema
        .createIndex('articles_section_published')
        .on('articles')
        .columns(['section_id', 'status', 'published_at'])
        .execute();
      await db.schema
        .createIndex('articles_subsection_published')
        .on('articles')
        .columns(['subsection_id', 'status', 'published_at'])
        .execute();
      await db.schema.createIndex('articles_series').on('articles').columns(['series_id', 'published_at']).execute();

      await db.schema
        .createTable('article_tags')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
        .execute();
      await db.schema.createIndex('article_tags_by_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

      await db.schema
        .createTable('article_authors')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id').onDelete('restrict'))
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
        .execute();
      await db.schema
        .createIndex('article_authors_by_author')
        .on('article_authors')
        .columns(['author_id', 'article_id'])
        .execute();

      await db.schema
        .createTable('article_updates')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('update', 'correction')`))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('article_updates_by_article')
        .on('article_updates')
        .columns(['article_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('view_buckets')
        .addColumn('bucket_start', instant, (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('views', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('view_buckets_pk', ['bucket_start', 'article_id'])
        .execute();

      await db.schema
        .createTable('invalidations')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('keys', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
    },
  };
}
