import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
import type { Database } from '../schema.ts';

export const sqliteCapabilities: DialectCapabilities = Object.freeze<DialectCapabilities>({
  name: 'sqlite',
  instantType: 'integer',
  idColumn: (col) => col.primaryKey().autoIncrement(),
  likeInsensitive: 'like',
  fullText: 'fts5',
});

/**
 * Kysely's driver opens transactions with a deferred BEGIN; a deferred transaction that
 * reads and then writes can fail with SQLITE_BUSY when another process (the importer,
 * a second server) wrote in between, and busy_timeout cannot retry that. BEGIN IMMEDIATE
 * takes the write lock up front, so busy_timeout applies.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect implements Dialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
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
  native.pragma('busy_timeout = 5000');
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
