import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type SqliteDialectConfig,
} from 'kysely';
import type { Connection, DialectCapabilities } from '../dialect.ts';
import { Fts5SearchIndex } from './fts5-search-index.ts';
import type { Database } from '../schema.ts';

export const sqliteCapabilities: DialectCapabilities = Object.freeze<DialectCapabilities>({
  name: 'sqlite',
  instantType: 'integer',
  idColumn: (col) => col.primaryKey().autoIncrement(),
  fullText: 'fts5',
  // AUTOINCREMENT's counter already moves past any id inserted by hand.
  followExplicitIds: async () => undefined,
  searchIndex: (db, inTransaction) => new Fts5SearchIndex(db, inTransaction),
});

/** How long a transaction waits for the write lock before SQLITE_BUSY reaches the caller. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Kysely's driver opens transactions with a deferred BEGIN; a deferred transaction that
 * reads and then writes can fail with SQLITE_BUSY when another writer (the view flush thread,
 * the importer) wrote in between, and busy_timeout cannot retry that. BEGIN IMMEDIATE takes the
 * write lock up front. It is retried here, asynchronously, rather than by SQLite's busy handler,
 * which would sleep the whole event loop while the flush thread holds the lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #native: BetterSqlite3.Database;
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    super(config);
    this.#native = config.database;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const giveUp = Date.now() + BUSY_TIMEOUT_MS;
    this.#native.pragma('busy_timeout = 0');
    try {
      for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
        try {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() + wait > giveUp) throw err;
        }
        await sleep(wait);
      }
    } finally {
      this.#native.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }
}

class ImmediateSqliteDialect implements Dialect {
  readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }) {
    this.#config = config;
  }
  createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

/** Opens (creating if needed) an SQLite file with WAL, full sync and foreign keys on. */
export function connectSqlite(file: string): Connection {
  const path = file === ':memory:' ? file : resolve(file);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const native = new BetterSqlite3(path);
  native.pragma('journal_mode = WAL');
  // Content is acknowledged only when it survives power loss (research: reliability §5.1).
  native.pragma('synchronous = FULL');
  native.pragma('foreign_keys = ON');
  native.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: native }) });
  return {
    db,
    caps: sqliteCapabilities,
    // SQLite's advice: a bounded ANALYZE of what changed, at open and now and then (0x10002 on a
    // new connection analyzes every table that never was).
    optimize: async () => {
      native.pragma('analysis_limit = 400');
      native.pragma('optimize = 0x10002');
    },
    close: () => db.destroy(),
  };
}
