import type { Kysely } from 'kysely';
import { containsText, toMediaAsset } from './rows.ts';
import type { Author, AuthorProfile, Series, Tag } from '../core/content/types.ts';
import type { AuthorRepository, SeriesRepository, TagRepository } from '../core/ports.ts';
import type { Database } from './schema.ts';

export class KyselyTagRepository implements TagRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findBySlug(slug: string): Promise<Tag | undefined> {
    return this.#db.selectFrom('tags').select(['id', 'slug', 'name', 'description']).where('slug', '=', slug).executeTakeFirst();
  }

  async describe(id: number, description: string): Promise<void> {
    await this.#db.updateTable('tags').set({ description }).where('id', '=', id).execute();
  }

  async merge(from: number, into: number): Promise<void> {
    const source = await this.#db.selectFrom('tags').select('slug').where('id', '=', from).executeTakeFirstOrThrow();
    // Articles that already carry both keep one link; the rest move over.
    await this.#db.deleteFrom('article_tags').where('tag_id', '=', from).where((eb) => eb('article_id', 'in', eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', into))).execute();
    await this.#db.updateTable('article_tags').set({ tag_id: into }).where('tag_id', '=', from).execute();
    await this.#db.updateTable('tag_aliases').set({ tag_id: into }).where('tag_id', '=', from).execute();
    await this.#db.insertInto('tag_aliases').values({ slug: source.slug, tag_id: into }).onConflict((oc) => oc.column('slug').doUpdateSet({ tag_id: into })).execute();
    await this.#db.deleteFrom('tags').where('id', '=', from).execute();
  }

  async remove(id: number): Promise<void> {
    await this.#db.deleteFrom('article_tags').where('tag_id', '=', id).execute();
    await this.#db.deleteFrom('tags').where('id', '=', id).execute();
  }

  async aliasOf(slug: string): Promise<Tag | undefined> {
    return this.#db.selectFrom('tag_aliases as a').innerJoin('tags as t', 't.id', 'a.tag_id').select(['t.id', 't.slug', 't.name']).where('a.slug', '=', slug).executeTakeFirst();
  }

  async findByIds(ids: readonly number[]): Promise<Tag[]> {
    if (ids.length === 0) return [];
    return this.#db.selectFrom('tags').select(['id', 'slug', 'name']).where('id', 'in', ids).orderBy('name').execute();
  }

  async search(query: string, limit: number): Promise<(Tag & { articles: number })[]> {
    let q = this.#db
      .selectFrom('tags as t')
      .select(['t.id', 't.slug', 't.name'])
      .select((eb) => eb.selectFrom('article_tags as at').whereRef('at.tag_id', '=', 't.id').select(eb.fn.countAll<number>().as('n')).as('articles'))
      .orderBy('t.name')
      .limit(limit);
    const trimmed = query.trim().toLowerCase();
    if (trimmed) q = q.where(containsText('t.name', trimmed));
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, articles: Number(r.articles ?? 0) }));
  }

  async rename(id: number, name: string): Promise<void> {
    await this.#db.updateTable('tags').set({ name }).where('id', '=', id).execute();
  }

  async ensure(slug: string, name: string): Promise<Tag> {
    await this.#db
      .insertInto('tags')
      .values({ slug, name })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    return this.#db
      .selectFrom('tags')
      .select(['id', 'slug', 'name', 'description'])
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

  async listAll(): Promise<Series[]> {
    return this.#db.selectFrom('series').select(['id', 'slug', 'title', 'description']).orderBy('title').execute();
  }

  async update(id: number, patch: { title: string; description: string }): Promise<void> {
    await this.#db.updateTable('series').set(patch).where('id', '=', id).execute();
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

  async listAll(): Promise<Author[]> {
    return this.#db.selectFrom('authors').select(['id', 'slug', 'name', 'title']).orderBy('name').execute();
  }

  async profile(by: { readonly slug: string } | { readonly id: number }): Promise<AuthorProfile | undefined> {
    const row = await this.#db
      .selectFrom('authors as au')
      .leftJoin('media as m', 'm.id', 'au.photo_media_id')
      .select(['au.id', 'au.slug', 'au.name', 'au.title', 'au.bio'])
      .select(['m.id as m_id', 'm.storage_key', 'm.mime', 'm.width', 'm.height', 'm.alt', 'm.caption', 'm.credit', 'm.variants', 'm.focal_x', 'm.focal_y', 'm.crops'])
      .$if('id' in by, (q) => q.where('au.id', '=', (by as { id: number }).id))
      .$if('slug' in by, (q) => q.where('au.slug', '=', (by as { slug: string }).slug))
      .executeTakeFirst();
    if (!row) return undefined;
    const photo =
      row.m_id === null
        ? null
        : toMediaAsset({
            id: row.m_id, storage_key: row.storage_key as string, mime: row.mime as string, width: row.width as number, height: row.height as number,
            alt: row.alt as string, caption: row.caption as string, credit: row.credit as string, variants: row.variants as string,
            focal_x: row.focal_x, focal_y: row.focal_y, crops: row.crops,
          });
    return { id: row.id, slug: row.slug, name: row.name, title: row.title, bio: row.bio, photo };
  }

  async updateProfile(id: number, p: { name: string; title: string; bio: string; photoMediaId: number | null }): Promise<void> {
    await this.#db.updateTable('authors').set({ name: p.name, title: p.title, bio: p.bio, photo_media_id: p.photoMediaId }).where('id', '=', id).execute();
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
