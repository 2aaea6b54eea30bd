import { sql } from 'kysely';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';

/**
 * Every row of the content tables, sorted, as plain values: two databases that hold the same edition
 * dump equal. Logs of when things happened (audit, invalidations, migrations, sessions) and the
 * full-text index's internal tables are left out; the search index is checked through searches.
 */
const LEFT_OUT = /^(audit_log|invalidations|kysely_migration.*|sessions|throttle|settings|article_search.*|search_keys|view_.*)$/;

export async function databaseDump(storage: KyselyStorage): Promise<Record<string, string[]>> {
  const db = storage.connection.db;
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !LEFT_OUT.test(n)).sort();
  const out: Record<string, string[]> = {};
  for (const name of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    out[name] = rows.rows.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, typeof r[k] === 'bigint' ? Number(r[k]) : r[k]]))).sort();
  }
  return out;
}
