import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database a test can use, and how to throw it away. */
export interface TestDatabase {
  readonly url: string;
  cleanup(): Promise<void>;
}

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** CI sets BROADSHEET_REQUIRE_POSTGRES=1: a missing PostgreSQL must fail the run, never skip it. */
export const POSTGRES_REQUIRED = process.env.BROADSHEET_REQUIRE_POSTGRES === '1';
export const POSTGRES_URL = process.env.BROADSHEET_TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;

export const sqliteDialect: TestDialect = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresDialect: TestDialect = {
  name: 'postgres',
  async create() {
    // Each test database is a fresh schema, so suites can run side by side in one database.
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const sep = POSTGRES_URL.includes('?') ? '&' : '?';
    return {
      url: `${POSTGRES_URL}${sep}schema=${schema}`,
      async cleanup() {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

/** Whether PostgreSQL answers at POSTGRES_URL, and if not, why. */
export async function postgresStatus(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: `PostgreSQL at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')} is not reachable: ${(err as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The dialects a contract suite runs on: SQLite always; PostgreSQL when reachable. When it is
 * not, `missing` says why, and the suite reports it as a failure (CI) or a visible skip (local).
 */
export async function testDialects(): Promise<{ dialects: TestDialect[]; missing: string | undefined }> {
  const wanted = (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const dialects: TestDialect[] = [];
  let missing: string | undefined;
  if (wanted.includes('sqlite')) dialects.push(sqliteDialect);
  if (wanted.includes('postgres')) {
    const status = await postgresStatus();
    if (status.ok) dialects.push(postgresDialect);
    else missing = status.reason;
  }
  return { dialects, missing };
}

/** CI sets BROADSHEET_REQUIRE_REDIS=1: a missing Redis fails the run there. */
export const REDIS_REQUIRED = process.env.BROADSHEET_REQUIRE_REDIS === '1';
export const REDIS_URL = process.env.BROADSHEET_TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether Redis answers at REDIS_URL, and if not, why. */
export async function redisStatus(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { Redis } = await import('ioredis');
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: `Redis at ${REDIS_URL} is not reachable: ${(err as Error).message}` };
  } finally {
    client.disconnect();
  }
}
