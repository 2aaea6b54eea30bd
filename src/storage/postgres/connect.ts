import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Connection, DialectCapabilities } from '../dialect.ts';
import { TsvectorSearchIndex } from './tsvector-search-index.ts';
import type { Database } from '../schema.ts';

export const postgresCapabilities: DialectCapabilities = Object.freeze<DialectCapabilities>({
  name: 'postgres',
  instantType: 'bigint',
  idColumn: (col) => col.primaryKey().generatedByDefaultAsIdentity(),
  fullText: 'tsvector',
  followExplicitIds: async (db, table) => {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest((select max(id) from ${sql.table(table)}), 1))`.execute(db);
  },
  searchIndex: (db, inTransaction, searchDb, options) => new TsvectorSearchIndex(db, inTransaction, searchDb, options),
});

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Instants and counts are 64-bit in PostgreSQL, which pg returns as strings; they stay
 * far below 2^53, so they are parsed to numbers and rows read the same as SQLite's.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** Longest a reader's search statement may run on PostgreSQL. */
export const SEARCH_STATEMENT_TIMEOUT_MS = 2_000;
/** Connections for reader searches, per process: as many as may run at once (the reader plugin's SEARCH_CONCURRENCY). */
const SEARCH_CONNECTIONS = 4;

export interface PostgresOptions {
  readonly maxConnections?: number;
}

/**
 * Connects to PostgreSQL. A `schema` query parameter (postgres://.../db?schema=x) sets the
 * search_path, which lets tests and several editions share one database.
 */
export function connectPostgres(url: string, options: PostgresOptions = {}): Connection & { readonly schema: string | undefined } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid schema name "${schema}" in the database URL`);
  }
  const makePool = (max: number, settings: string[], idleTimeoutMillis = 10_000) => {
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max,
      idleTimeoutMillis,
      // Idle connections never keep a finished process (a CLI, a test) alive for that long.
      allowExitOnIdle: true,
      // A database that is down fails requests within seconds (cached pages keep being served)
      // instead of queueing them forever.
      connectionTimeoutMillis: 3_000,
      types,
      ...(settings.length > 0 ? { options: settings.map((x) => `-c ${x}`).join(' ') } : {}),
    });
    // An idle connection dropped by a restarting server is an event, not a crash: the pool reconnects.
    pool.on('error', () => undefined);
    // pg also emits 'error' on a checked-out client (inside a transaction, between its queries) when
    // the server goes away, and the pool listens only while the client is idle. Unheard, that error
    // ends the process. The transaction's next query fails on its own, and the pool drops the client
    // when it comes back unqueryable, so the event needs no handling beyond being heard.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  };
  const searchPath = schema ? [`search_path=${schema}`] : [];
  const db = makePool(options.maxConnections ?? 10, searchPath);
  // Reader searches have connections of their own, as many as may run at once, each with its
  // statement timeout set when it connects: a search needs no transaction (three round trips) to
  // bound itself, and cannot take the connections pages and the newsroom need.
  // They stay open five minutes when idle (not pg's 10 s): a new connection's first search loads the
  // text-search dictionaries, some 25 ms, which a site with a search every few seconds would pay each time.
  const searchDb = makePool(SEARCH_CONNECTIONS, [...searchPath, `statement_timeout=${SEARCH_STATEMENT_TIMEOUT_MS}`], 300_000);
  return {
    db,
    caps: postgresCapabilities,
    schema,
    // Autovacuum keeps PostgreSQL's statistics.
    optimize: async () => undefined,
    searchDb,
    close: async () => {
      await Promise.all([db.destroy(), searchDb.destroy()]);
    },
  };
}
