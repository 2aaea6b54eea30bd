import type { Kysely, Selectable } from 'kysely';
import type { ListPage } from '../core/content/types.ts';
import type { MenuItem, MenuName, MenuRepository, PageRepository, PageRevision, Redirect, RedirectRepository, SiteMenus, StaticPage } from '../core/pages/page-ports.ts';
import type { ImportLedgerRepository, LedgerEntry, LedgerKind } from '../core/import/archive/archive-ports.ts';
import { containsText } from './rows.ts';
import type { Database, PagesTable } from './schema.ts';

function toPage(row: Selectable<PagesTable>): StaticPage {
  return {
    id: row.id, slug: row.slug, title: row.title, bodyHtml: row.body_html, status: row.status as StaticPage['status'],
    version: row.version, updatedAt: Number(row.updated_at), updatedBy: row.updated_by,
  };
}

export class KyselyPageRepository implements PageRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(): Promise<StaticPage[]> {
    return (await this.#db.selectFrom('pages').selectAll().orderBy('title').execute()).map(toPage);
  }

  async findById(id: number): Promise<StaticPage | undefined> {
    const row = await this.#db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPage(row) : undefined;
  }

  async findBySlug(slug: string): Promise<StaticPage | undefined> {
    const row = await this.#db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? toPage(row) : undefined;
  }

  async create(p: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; at: number; userId: number | null }): Promise<number> {
    const { id } = await this.#db
      .insertInto('pages')
      .values({ slug: p.slug, title: p.title, body_html: p.bodyHtml, status: p.status, updated_at: p.at, updated_by: p.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async update(id: number, expectedVersion: number, p: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; at: number; userId: number | null }): Promise<number | undefined> {
    const result = await this.#db
      .updateTable('pages')
      .set((eb) => ({ slug: p.slug, title: p.title, body_html: p.bodyHtml, status: p.status, updated_at: p.at, updated_by: p.userId, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : undefined;
  }

  async addRevision(r: Omit<PageRevision, 'id'>): Promise<void> {
    await this.#db
      .insertInto('page_revisions')
      .values({ page_id: r.pageId, version: r.version, title: r.title, body_html: r.bodyHtml, user_id: r.userId, created_at: r.createdAt })
      .execute();
  }

  async revisions(pageId: number, options: { limit: number; offset: number }): Promise<ListPage<PageRevision>> {
    const rows = await this.#db.selectFrom('page_revisions').selectAll().where('page_id', '=', pageId).orderBy('version', 'desc').orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute();
    const total = await this.#db.selectFrom('page_revisions').select((eb) => eb.fn.countAll<number>().as('n')).where('page_id', '=', pageId).executeTakeFirstOrThrow();
    return {
      total: Number(total.n),
      items: rows.map((r) => ({ id: r.id, pageId: r.page_id, version: r.version, title: r.title, bodyHtml: r.body_html, userId: r.user_id, createdAt: Number(r.created_at) })),
    };
  }
}

export class KyselyMenuRepository implements MenuRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async all(): Promise<SiteMenus> {
    const rows = await this.#db.selectFrom('menus').select(['name', 'items_json']).execute();
    const out: Partial<Record<MenuName, readonly MenuItem[]>> = {};
    for (const r of rows) {
      try {
        const items: unknown = JSON.parse(r.items_json);
        if (Array.isArray(items)) out[r.name as MenuName] = items.filter((i): i is MenuItem => typeof i?.label === 'string' && typeof i?.href === 'string');
      } catch {
        // A menu that cannot be read is treated as never edited: the defaults show.
      }
    }
    return out;
  }

  async save(name: MenuName, items: readonly MenuItem[], at: number): Promise<void> {
    const items_json = JSON.stringify(items);
    await this.#db
      .insertInto('menus')
      .values({ name, items_json, updated_at: at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ items_json, updated_at: at }))
      .execute();
  }
}

export class KyselyRedirectRepository implements RedirectRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(from: string): Promise<Redirect | undefined> {
    const row = await this.#db.selectFrom('redirects').selectAll().where('from_path', '=', from).executeTakeFirst();
    return row ? { from: row.from_path, to: row.to_path, createdAt: Number(row.created_at), createdBy: row.created_by } : undefined;
  }

  async list(query: string, options: { limit: number; offset: number }): Promise<ListPage<Redirect>> {
    const q = query.trim();

    let rows = this.#db.selectFrom('redirects').selectAll();
    let count = this.#db.selectFrom('redirects').select((eb) => eb.fn.countAll<number>().as('n'));
    if (q) {
      rows = rows.where((eb) => eb.or([containsText('from_path', q), containsText('to_path', q)]));
      count = count.where((eb) => eb.or([containsText('from_path', q), containsText('to_path', q)]));
    }

    const [items, total] = await Promise.all([
      rows.orderBy('created_at', 'desc').orderBy('from_path').limit(options.limit).offset(options.offset).execute(),
      count.executeTakeFirstOrThrow(),
    ]);
    return { items: items.map((row) => ({ from: row.from_path, to: row.to_path, createdAt: Number(row.created_at), createdBy: row.created_by })), total: Number(total.n) };
  }

  async put(r: Redirect): Promise<void> {
    await this.#db
      .insertInto('redirects')
      .values({ from_path: r.from, to_path: r.to, created_at: r.createdAt, created_by: r.createdBy })
      .onConflict((oc) => oc.column('from_path').doUpdateSet({ to_path: r.to, created_at: r.createdAt, created_by: r.createdBy }))
      .execute();
  }

  async remove(from: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('redirects').where('from_path', '=', from).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}

export class KyselyImportLedger implements ImportLedgerRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async find(source: string, kind: LedgerKind, sourceId: string): Promise<LedgerEntry | undefined> {
    const row = await this.#db.selectFrom('import_ledger').selectAll().where('source', '=', source).where('kind', '=', kind).where('source_id', '=', sourceId).executeTakeFirst();
    return row ? { source: row.source, kind: row.kind as LedgerKind, sourceId: row.source_id, targetId: row.target_id, fingerprint: row.fingerprint } : undefined;
  }

  async put(e: LedgerEntry): Promise<void> {
    await this.#db
      .insertInto('import_ledger')
      .values({ source: e.source, kind: e.kind, source_id: e.sourceId, target_id: e.targetId, fingerprint: e.fingerprint })
      .onConflict((oc) => oc.columns(['source', 'kind', 'source_id']).doUpdateSet({ target_id: e.targetId, fingerprint: e.fingerprint }))
      .execute();
  }
}
