import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { Database } from './schema.ts';

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
  /** Case-insensitive LIKE. */
  readonly likeInsensitive: 'like' | 'ilike';
  /** Full-text search: an FTS5 virtual table (SQLite) or a tsvector column with a GIN index (PostgreSQL). */
  readonly fullText: 'fts5' | 'tsvector';
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
