import type { Kysely } from 'kysely';
import type { Author, Series, Tag } from '../core/content/types.ts';
import type { AuthorRepository, SeriesRepository, TagRepository } from '../core/ports.ts';
import type { Database } from './schema.ts';

export class KyselyTagRepository implements TagRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findBySlug(slug: string): Promise<Tag | undefined> {
    return this.#db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  async ensure(slug: string, name: string): Promise<Tag> {
    await this.#db
      .insertInto('tags')
      .values({ slug, name })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    return this.#db
      .selectFrom('tags')
      .select(['id', 'slug', 'name'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
  }
}

export class KyselySeriesRepository implements SeriesRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findBySlug(slug: string): Promise<Series | undefined> {
    return this.#db
      .selectFrom('series')
      .select(['id', 'slug', 'title', 'description'])
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  async create(input: { slug: string; title: string; description: string; createdAt: number }): Promise<Series> {
    return this.#db
      .insertInto('series')
      .values({ slug: input.slug, title: input.title, description: input.description, created_at: input.createdAt })
      .returning(['id', 'slug', 'title', 'description'])
      .executeTakeFirstOrThrow();
  }
}

export class KyselyAuthorRepository implements AuthorRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findBySlug(slug: string): Promise<Author | undefined> {
    return this.#db
      .selectFrom('authors')
      .select(['id', 'slug', 'name', 'title'])
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  async ensure(input: { slug: string; name: string; title: string }): Promise<Author> {
    await this.#db
      .insertInto('authors')
      .values(input)
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    return this.#db
      .selectFrom('authors')
      .select(['id', 'slug', 'name', 'title'])
      .where('slug', '=', input.slug)
      .executeTakeFirstOrThrow();
  }
}
