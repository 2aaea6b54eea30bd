import type { Kysely } from 'kysely';
import type { Section } from '../core/content/types.ts';
import type { NewSection, SectionRepository } from '../core/ports.ts';
import type { Database } from './schema.ts';

interface SectionRow {
  id: number;
  slug: string;
  name: string;
  parent_id: number | null;
  position: number;
  path: string;
  description: string;
}

function toSection(row: SectionRow): Section {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    parentId: row.parent_id,
    position: row.position,
    path: row.path,
    description: row.description,
  };
}

export class KyselySectionRepository implements SectionRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async listAll(): Promise<Section[]> {
    const rows = await this.#db
      .selectFrom('sections')
      .selectAll()
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(toSection);
  }

  async update(id: number, patch: { name: string; description: string }): Promise<void> {
    await this.#db.updateTable('sections').set(patch).where('id', '=', id).execute();
  }

  async setPosition(id: number, position: number): Promise<void> {
    await this.#db.updateTable('sections').set({ position }).where('id', '=', id).execute();
  }

  async removeEmpty(id: number): Promise<boolean> {
    const children = await this.#db.selectFrom('sections').select('id').where('parent_id', '=', id).limit(1).execute();
    const articles = await this.#db.selectFrom('articles').select('id').where((eb) => eb.or([eb('section_id', '=', id), eb('subsection_id', '=', id)])).limit(1).execute();
    if (children.length > 0 || articles.length > 0) return false;
    await this.#db.deleteFrom('sections').where('id', '=', id).execute();
    return true;
  }

  async create(input: NewSection): Promise<Section> {
    let path = input.slug;
    if (input.parentId !== null) {
      const parent = await this.#db
        .selectFrom('sections')
        .select('path')
        .where('id', '=', input.parentId)
        .executeTakeFirstOrThrow();
      path = `${parent.path}/${input.slug}`;
    }
    const row = await this.#db
      .insertInto('sections')
      .values({
        slug: input.slug,
        name: input.name,
        parent_id: input.parentId,
        position: input.position,
        path,
        description: input.description,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSection(row);
  }
}
