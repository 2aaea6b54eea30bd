import { resolve } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { BroadsheetError } from '../core/errors.ts';
import { KyselyImportLedger, KyselyMenuRepository, KyselyPageRepository, KyselyRedirectRepository } from './page-repositories.ts';
import { KyselyCollaborationRepository } from './collaboration-repository.ts';
import type { Repositories, Storage } from '../core/ports.ts';
import { KyselySessionRepository, KyselyThrottleRepository, KyselyTokenRepository, KyselyUserRepository } from './account-repositories.ts';
import { KyselyArticleFeed } from './article-feed-repository.ts';
import { KyselyApiKeyRepository } from './api-key-repository.ts';
import { KyselyAccessTokenRepository, KyselyIdempotencyRepository } from './access-token-repository.ts';
import { KyselyWebhookRepository } from './webhook-repository.ts';
import { KyselyMemberRepository } from './member-repository.ts';
import { KyselyNewsletterRepository } from './newsletter-repository.ts';
import { KyselyPlanRepository } from './plan-repository.ts';
import { KyselyArticleRepository } from './article-repository.ts';
import { KyselyAuditLog, KyselyRevisionRepository, KyselySettingsRepository } from './revision-repository.ts';
import type { Connection, DialectCapabilities } from './dialect.ts';
import { KyselyInvalidationLog } from './invalidation-log.ts';
import { KyselyMediaRepository } from './media-repository.ts';
import { migrations } from './migrations/index.ts';
import { connectPostgres } from './postgres/connect.ts';
import type { Database } from './schema.ts';
import { KyselySectionRepository } from './section-repository.ts';
import { connectSqlite } from './sqlite/connect.ts';
import { KyselyAuthorRepository, KyselySeriesRepository, KyselyTagRepository } from './taxonomy-repositories.ts';
import { KyselyRankingControlRepository, KyselyViewRepository } from './view-repository.ts';

/** Article ids named by invalidation keys (`article:42`). */
function articleIdsIn(keys: readonly string[]): number[] {
  return keys.filter((k) => k.startsWith('article:')).map((k) => Number(k.slice('article:'.length)));
}

function repositories(db: Kysely<Database>, caps: DialectCapabilities, inTransaction: boolean, searchDb: Kysely<Database> = db): Repositories {
  const search = caps.searchIndex(db, inTransaction, searchDb);
  return {
    sections: new KyselySectionRepository(db),
    tags: new KyselyTagRepository(db),
    series: new KyselySeriesRepository(db),
    authors: new KyselyAuthorRepository(db),
    media: new KyselyMediaRepository(db),
    articles: new KyselyArticleRepository(db, caps),
    views: new KyselyViewRepository(db, inTransaction),
    rankingControls: new KyselyRankingControlRepository(db),
    // Every write says which articles it changed; the search index follows in the same transaction.
    invalidations: new KyselyInvalidationLog(db, (keys) => search.refresh(articleIdsIn(keys))),
    users: new KyselyUserRepository(db),
    sessions: new KyselySessionRepository(db),
    tokens: new KyselyTokenRepository(db),
    throttle: new KyselyThrottleRepository(db),
    revisions: new KyselyRevisionRepository(db),
    audit: new KyselyAuditLog(db),
    settings: new KyselySettingsRepository(db),
    pages: new KyselyPageRepository(db),
    menus: new KyselyMenuRepository(db),
    collaboration: new KyselyCollaborationRepository(db),
    redirects: new KyselyRedirectRepository(db),
    importLedger: new KyselyImportLedger(db),
    articleFeed: new KyselyArticleFeed(db),
    apiKeys: new KyselyApiKeyRepository(db),
    accessTokens: new KyselyAccessTokenRepository(db),
    idempotency: new KyselyIdempotencyRepository(db),
    webhooks: new KyselyWebhookRepository(db),
    members: new KyselyMemberRepository(db),
    newsletters: new KyselyNewsletterRepository(db),
    plans: new KyselyPlanRepository(db),
    search,
  };
}

/** Storage over an open connection; the same code for SQLite and PostgreSQL. */
export class KyselyStorage implements Storage {
  readonly connection: Connection;
  readonly sections;
  readonly tags;
  readonly series;
  readonly authors;
  readonly media;
  readonly articles;
  readonly views;
  readonly rankingControls;
  readonly invalidations;
  readonly users;
  readonly sessions;
  readonly tokens;
  readonly throttle;
  readonly revisions;
  readonly audit;
  readonly settings;
  readonly pages;
  readonly menus;
  readonly collaboration;
  readonly redirects;
  readonly importLedger;
  readonly articleFeed;
  readonly apiKeys;
  readonly accessTokens;
  readonly idempotency;
  readonly webhooks;
  readonly members;
  readonly newsletters;
  readonly plans;
  readonly search;

  constructor(connection: Connection) {
    this.connection = connection;
    const repos = repositories(connection.db, connection.caps, false, connection.searchDb);
    this.sections = repos.sections;
    this.tags = repos.tags;
    this.series = repos.series;
    this.authors = repos.authors;
    this.media = repos.media;
    this.articles = repos.articles;
    this.views = repos.views;
    this.rankingControls = repos.rankingControls;
    this.invalidations = repos.invalidations;
    this.users = repos.users;
    this.sessions = repos.sessions;
    this.tokens = repos.tokens;
    this.throttle = repos.throttle;
    this.revisions = repos.revisions;
    this.audit = repos.audit;
    this.settings = repos.settings;
    this.pages = repos.pages;
    this.menus = repos.menus;
    this.collaboration = repos.collaboration;
    this.redirects = repos.redirects;
    this.importLedger = repos.importLedger;
    this.articleFeed = repos.articleFeed;
    this.apiKeys = repos.apiKeys;
    this.accessTokens = repos.accessTokens;
    this.idempotency = repos.idempotency;
    this.webhooks = repos.webhooks;
    this.members = repos.members;
    this.newsletters = repos.newsletters;
    this.plans = repos.plans;
    this.search = repos.search;
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.connection.db.transaction().execute((trx) => work(repositories(trx, this.connection.caps, true)));
  }

  optimize(): Promise<void> {
    return this.connection.optimize();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

/** The file of a `sqlite:<path>` URL (absolute), or undefined for other URLs and in-memory databases. */
export function sqliteFileOf(url: string): string | undefined {
  if (!url.startsWith('sqlite:')) return undefined;
  const path = url.slice('sqlite:'.length) || './data/broadsheet.db';
  return path === ':memory:' ? undefined : resolve(path);
}

/** Connects to `sqlite:<path>` or `postgres://...` without migrating. */
export function connect(url: string): Connection {
  if (url.startsWith('sqlite:')) return connectSqlite(sqliteFileOf(url) ?? ':memory:');
  if (/^postgres(ql)?:\/\//.test(url)) return connectPostgres(url);
  throw new BroadsheetError('BS_ERR_DB_UNSUPPORTED_URL', { url: url.replace(/\/\/[^@/]*@/, '//***@') });
}

/** Applies pending migrations; fails with the migration's name when one does not apply. */
export async function migrate(connection: Connection): Promise<string[]> {
  const schema = 'schema' in connection ? (connection.schema as string | undefined) : undefined;
  if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(connection.db);
  const migrator = new Migrator({
    db: connection.db,
    provider: { getMigrations: async () => migrations(connection.caps) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  let { error, results = [] } = await migrator.migrateToLatest();
  // Kysely's migrator lists the tables of every schema to find its own; a schema another edition or
  // test drops at that moment fails the listing with 3F000 (invalid schema name). Nothing was applied
  // then, so it is tried again.
  for (let attempt = 1; error && (error as { code?: unknown }).code === '3F000' && attempt <= 3; attempt++) {
    ({ error, results = [] } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    throw new BroadsheetError(
      'BS_ERR_DB_MIGRATION_FAILED',
      { migration: failed?.migrationName ?? '(setup)', detail: error instanceof Error ? error.message : String(error) },
      { cause: error },
    );
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Connects, migrates and returns the storage. */
export async function openStorage(url: string): Promise<KyselyStorage> {
  const connection = connect(url);
  try {
    await migrate(connection);
  } catch (err) {
    await connection.close();
    throw err;
  }
  return new KyselyStorage(connection);
}
