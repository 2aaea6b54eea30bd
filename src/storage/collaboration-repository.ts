import type { Kysely } from 'kysely';
import type { ArticleLock, ArticleNote, CollaborationRepository } from '../core/newsroom/collaboration-ports.ts';
import type { Database } from './schema.ts';

export class KyselyCollaborationRepository implements CollaborationRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async touchPresence(articleId: number, userId: number, at: number): Promise<void> {
    await this.#db
      .insertInto('article_presence')
      .values({ article_id: articleId, user_id: userId, seen_at: at })
      .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ seen_at: at }))
      .execute();
  }

  async present(articleId: number, since: number): Promise<number[]> {
    const rows = await this.#db.selectFrom('article_presence').select('user_id').where('article_id', '=', articleId).where('seen_at', '>=', since).orderBy('seen_at').execute();
    return rows.map((r) => r.user_id);
  }

  async leave(articleId: number, userId: number): Promise<void> {
    await this.#db.deleteFrom('article_presence').where('article_id', '=', articleId).where('user_id', '=', userId).execute();
    await this.#db.deleteFrom('article_locks').where('article_id', '=', articleId).where('user_id', '=', userId).execute();
  }

  async lock(articleId: number): Promise<ArticleLock | undefined> {
    const row = await this.#db.selectFrom('article_locks').selectAll().where('article_id', '=', articleId).executeTakeFirst();
    return row ? { userId: row.user_id, since: Number(row.since), seenAt: Number(row.seen_at) } : undefined;
  }

  async setLock(articleId: number, userId: number, at: number): Promise<void> {
    await this.#db
      .insertInto('article_locks')
      .values({ article_id: articleId, user_id: userId, since: at, seen_at: at })
      .onConflict((oc) => oc.column('article_id').doUpdateSet({ user_id: userId, since: at, seen_at: at }))
      .execute();
  }

  async touchLock(articleId: number, userId: number, at: number): Promise<boolean> {
    const result = await this.#db.updateTable('article_locks').set({ seen_at: at }).where('article_id', '=', articleId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async notes(articleId: number): Promise<ArticleNote[]> {
    const rows = await this.#db.selectFrom('article_notes').selectAll().where('article_id', '=', articleId).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, articleId: r.article_id, userId: r.user_id, body: r.body, createdAt: Number(r.created_at) }));
  }

  async addNote(note: Omit<ArticleNote, 'id'>): Promise<void> {
    await this.#db.insertInto('article_notes').values({ article_id: note.articleId, user_id: note.userId, body: note.body, created_at: note.createdAt }).execute();
  }
}
