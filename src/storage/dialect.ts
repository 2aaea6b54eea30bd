import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { SearchIndex } from '../core/ports.ts';
import type { Database } from './schema.ts';

/** Tuning a test may change in a search index (see postgres/tsvector-search-index.ts). */
export interface SearchIndexOptions {
  readonly probeRows?: number;
}

/**
 * What differs between the databases, as flags and small builders the shared
 * migrations and repositories consult (never `if (dialect === 'pg')` at call sites).
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type for instants in ms since the epoch (64-bit). */
  readonly instantType: 'integer' | 'bigint';
  /** Makes the `id` column an auto-generated integer primary key. */
  idColumn(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Full-text search: an FTS5 virtual table (SQLite) or a tsvector column with a GIN index (PostgreSQL); the migrations read it. */
  readonly fullText: 'fts5' | 'tsvector';
  /**
   * After rows were inserted with ids given by the caller (an archive keeping its ids): makes the
   * next generated id follow the largest one (PostgreSQL's identity sequence does not by itself).
   */
  followExplicitIds(db: Kysely<Database>, table: 'articles'): Promise<void>;
  /**
   * The dialect's search index over `db` (sqlite/fts5-search-index.ts or
   * postgres/tsvector-search-index.ts), chosen once here rather than by branches inside one class.
   * `searchDb`: where searches outside a transaction run, where it differs from `db`.
   */
  searchIndex(db: Kysely<Database>, inTransaction: boolean, searchDb?: Kysely<Database>, options?: SearchIndexOptions): SearchIndex & { rebuild(onProgress?: (done: number) => void): Promise<number> };
}

/** An open database: the Kysely instance, its capabilities and how to close it. */
export interface Connection {
  readonly db: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** Connections for reader searches, where they differ from `db` (PostgreSQL: with a statement timeout). */
  readonly searchDb?: Kysely<Database>;
  /**
   * Refreshes the query planner's statistics where the database does not do it by itself (SQLite:
   * without them it scans an index of every published article for a twenty-id lookup).
   */
  optimize(): Promise<void>;
  close(): Promise<void>;
}
