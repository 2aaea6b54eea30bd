import type { Kysely } from 'kysely';
import type { ArticleStatus } from '../core/content/types.ts';
import type { ArticleContent } from '../core/newsroom/article-content.ts';
import type { AuditEntry, AuditLog, Revision, RevisionKind, RevisionRepository, SettingsRepository } from '../core/ports.ts';
import type { Database } from './schema.ts';

export class KyselyRevisionRepository implements RevisionRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async add(r: Omit<Revision, 'id' | 'userName'>): Promise<number> {
    const row = await this.#db
      .insertInto('article_revisions')
      .values({
        article_id: r.articleId,
        version: r.version,
        kind: r.kind,
        status: r.status,
        user_id: r.userId,
        note: r.note,
        content: JSON.stringify(r.content),
        created_at: r.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  #query() {
    return this.#db
      .selectFrom('article_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.article_id', 'r.version', 'r.kind', 'r.status', 'r.user_id', 'u.name as user_name', 'r.note', 'r.content', 'r.created_at']);
  }

  async list(articleId: number): Promise<Revision[]> {
    const rows = await this.#query().where('r.article_id', '=', articleId).orderBy('r.id', 'desc').execute();
    return rows.map(toRevision);
  }

  async get(articleId: number, id: number): Promise<Revision | undefined> {
    const row = await this.#query().where('r.article_id', '=', articleId).where('r.id', '=', id).executeTakeFirst();
    return row ? toRevision(row) : undefined;
  }
}

function toRevision(row: {
  id: number; article_id: number; version: number; kind: string; status: string; user_id: number | null;
  user_name: string | null; note: string; content: string; created_at: number;
}): Revision {
  return {
    id: row.id,
    articleId: row.article_id,
    version: row.version,
    kind: row.kind as RevisionKind,
    status: row.status as ArticleStatus,
    userId: row.user_id,
    userName: row.user_name,
    note: row.note,
    createdAt: row.created_at,
    content: JSON.parse(row.content) as ArticleContent,
  };
}

export class KyselyAuditLog implements AuditLog {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async record(e: AuditEntry): Promise<void> {
    // Line breaks are escaped so one entry can never read as two.
    const clean = (v: string) => v.replace(/[\r\n]/g, (c) => (c === '\r' ? '\\r' : '\\n')).slice(0, 1000);
    await this.#db
      .insertInto('audit_log')
      .values({ at: e.at, user_id: e.userId, action: clean(e.action), target: clean(e.target), detail: clean(e.detail) })
      .execute();
  }

  async recent(limit: number): Promise<(AuditEntry & { id: number })[]> {
    const rows = await this.#db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, at: r.at, userId: r.user_id, action: r.action, target: r.target, detail: r.detail }));
  }
}

export class KyselySettingsRepository implements SettingsRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.#db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
    return (await this.get(key)) as string;
  }

  async put(key: string, value: string): Promise<void> {
    await this.#db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}
