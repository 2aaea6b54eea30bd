import { hkdfSync, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { AuthService } from './core/access/auth-service.ts';
import { TwoFactorService } from './core/access/two-factor.ts';
import { Newsroom } from './core/newsroom/newsroom.ts';
import { InvalidationFollower } from './core/content/invalidation-follower.ts';
import type { Clock, ImageProcessor, MediaFiles, Storage } from './core/ports.ts';
import type { ViewSource } from './core/ranking/ranking-ports.ts';
import { BeaconTokens } from './core/ranking/beacon-token.ts';
import { bucketStart, type Granularity } from './core/ranking/buckets.ts';
import { ReaderLimits, DEFAULT_READER_LIMITS } from './core/ranking/reader-limits.ts';
import { DEFAULT_RANKING_OPTIONS, RankingService } from './core/ranking/ranking-service.ts';
import { countingReport, type CountingReport } from './core/ranking/counting-report.ts';
import { ViewAggregator } from './core/ranking/view-aggregator.ts';
import { DEFAULT_COLLECTOR_OPTIONS, ViewCollector } from './core/ranking/view-collector.ts';
import { isDatabaseUnavailable } from './core/errors.ts';
import { DEFAULT_READER_OPTIONS } from './core/reader/reader-pages.ts';
import { ReaderService } from './core/reader/reader-service.ts';
import { SyndicationService } from './core/reader/syndication-service.ts';
import { ContentApi } from './core/api/content-api.ts';
import { ApiKeyGate } from './core/api/api-keys.ts';
import { Integrations } from './core/api/integrations.ts';
import { TokenGate } from './core/api/access-tokens.ts';
import { IdempotencyGuard } from './core/api/idempotency.ts';
import { Webhooks } from './core/webhooks/webhooks.ts';
import { Plans } from './core/members/plans.ts';
import { Subscriptions } from './core/members/subscriptions.ts';
import { paymentsFor } from './storage/payments/payments-for.ts';
import { PaywallCookies } from './core/members/paywall-cookies.ts';
import { MemberAccounts } from './core/members/member-accounts.ts';
import { MemberDirectory } from './core/members/member-directory.ts';
import { Newsletters } from './core/newsletters/newsletters.ts';
import { NewsletterSender } from './core/newsletters/newsletter-sender.ts';
import { WebhookDispatcher } from './core/webhooks/webhook-dispatcher.ts';
import { GuardedHttp } from './storage/outbound/guarded-http.ts';
import { MemoryRateLimiter, type RateLimiter } from './core/api/rate-limit.ts';
import { RedisRateLimiter } from './storage/redis/redis-rate-limiter.ts';
import { EditionTime, TIME } from './core/time/edition-time.ts';
import { periodicJob } from './jobs/background-job.ts';
import { housekeeping } from './jobs/housekeeping.ts';
import { InvalidationFanout } from './jobs/invalidation-fanout.ts';
import { JobList } from './jobs/job-list.ts';
import { RankingSync } from './jobs/ranking-sync.ts';
import { ScheduledPublishing } from './jobs/scheduled-publishing.ts';
import { searchCatchUp } from './jobs/search-catch-up.ts';
import { viewCounting } from './jobs/view-counting.ts';
import { LogMailer } from './storage/mail/log-mailer.ts';
import { SmtpMailer } from './storage/mail/smtp-mailer.ts';
import { LocalMediaFiles } from './storage/media/local-media-files.ts';
import { SharpImageProcessor } from './storage/media/sharp-image-processor.ts';
import { MemorySaltStore } from './storage/memory/memory-salt-store.ts';
import { openStorage, sqliteFileOf } from './storage/open-storage.ts';
import { connectRedis, type RedisConnection } from './storage/redis/redis-connection.ts';
import { RedisDedupe, RedisDoorbell, RedisLeaderLease, RedisSaltStore, RedisSnapshotChannel } from './storage/redis/redis-coordination.ts';
import { RedisViewSink, RedisViewSource } from './storage/redis/redis-view-store.ts';
import { SqlViewSink } from './storage/sql-view-sink.ts';
import { WorkerViewSink } from './storage/worker-view-sink.ts';
import { RankingDirectory } from './web/api/ranking-directory.ts';
import type { SiteInfo } from './web/reader/render-context.ts';
import { assetUrl } from './web/shared/assets.ts';
import { PageCache } from './web/shared/page-cache.ts';

export const systemClock: Clock = { now: () => Date.now() };

/** How often queued "forgot password" requests are handled: a person waits at most this long for the mail. */
const RESET_DRAIN_MS = 500;

/** Everything the app needs, built once at boot (the composition root's half that is not HTTP). */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly storage: Storage;
  /** Signs cookies, CSRF and beacon tokens: configured, or generated once and kept in the database. */
  readonly secret: string;
  readonly files: MediaFiles;
  readonly processor: ImageProcessor;
  readonly time: EditionTime;
  readonly site: SiteInfo;
  readonly tokens: BeaconTokens;
  readonly aggregator: ViewAggregator;
  readonly collector: ViewCollector;
  /** Where rankings and the newsroom chart read counts. */
  readonly viewSource: ViewSource;
  readonly ranking: RankingService;
  readonly directory: RankingDirectory;
  readonly reader: ReaderService;
  readonly syndication: SyndicationService;
  /** The public Content API's models (/api/content/v1/). */
  readonly contentApi: ContentApi;
  /** Content API keys as requests present them. */
  readonly apiKeys: ApiKeyGate;
  /** The newsroom's integration screens (API keys). */
  readonly integrations: Integrations;
  readonly tokenGate: TokenGate;
  readonly idempotency: IdempotencyGuard;
  readonly webhooks: Webhooks;
  readonly members: MemberAccounts;
  readonly newsletters: Newsletters;
  /** Sends every queued newsletter mail now (the job does it on its timer). */
  sendNewsletters(): Promise<number>;
  readonly memberDirectory: MemberDirectory;
  /** Plans, the meter, complimentary access and members' levels. */
  readonly plans: Plans;
  /** Checkout, the billing portal and the payment provider's webhook. */
  readonly subscriptions: Subscriptions;
  /** Signs and reads the paywall's entitlement and meter cookies. */
  readonly paywallCookies: PaywallCookies;
  /** Sends every due webhook delivery now (the job does it on its timer). */
  deliverWebhooks(): Promise<number>;
  /** Per-key request limits (Redis in the scaled mode). */
  readonly rateLimiter: RateLimiter;
  readonly cache: PageCache;
  readonly searchCache: PageCache;
  readonly invalidations: InvalidationFollower;
  readonly auth: AuthService;
  readonly twoFactor: TwoFactorService;
  /** Every newsroom use case (what the newsroom pages and the Admin API call). */
  readonly newsroom: Newsroom;
  /** Scaled mode: the Redis connection (undefined in the embedded mode). */
  readonly redis: RedisConnection | undefined;
  /** Applies invalidation keys to this process's caches and lists. */
  applyInvalidations(keys: readonly string[]): Promise<void>;
  /** Publishes scheduled articles that are due; returns their ids (the timer calls this too). */
  publishDue(): Promise<number[]>;
  /** Recomputes rankings (the leader's job in scaled mode; others adopt its snapshot); returns changed keys. */
  refreshRanking(): Promise<string[]>;
  /** Writes counted views (settling cross-process claims first). */
  flushViews(): Promise<void>;
  /** This process's view counting since it started (the rankings page and the shutdown log show it). */
  counting(): CountingReport;
  /** Loads lists and starts the timers (view flush, ranking refresh, invalidation polling, scheduler). */
  start(log?: FastifyBaseLogger): Promise<void>;
  /** Stops the timers, flushes pending views and closes the connections. */
  stop(): Promise<void>;
}

/** The key that signs cookies and tokens: configured, or generated once and kept in the database for every process. */
export async function resolveSecret(config: Config, storage: Storage): Promise<string> {
  return config.secret ?? (await storage.settings.setIfAbsent('secret', randomBytes(32).toString('base64url')));
}

/** Builds the services over an already-open storage (tests pass their own). */
export function createServices(config: Config, storage: Storage, secret: string, clock: Clock = systemClock): Services {
  const time = new EditionTime(config.timeZone, config.timeZoneLabel);
  const redis = config.redisUrl ? connectRedis(config.redisUrl, config.redisPrefix) : undefined;
  const r = config.ranking;

  const tokens = new BeaconTokens(secret);
  // Embedded mode writes views from a thread of its own (worker-view-sink.ts); an in-memory database can only be written here.
  const sqliteFile = sqliteFileOf(config.databaseUrl);
  const viewSink = redis ? new RedisViewSink(redis) : sqliteFile ? new WorkerViewSink(sqliteFile) : new SqlViewSink(storage.views);
  const aggregator = new ViewAggregator(viewSink);
  const collector = new ViewCollector(
    {
      tokens,
      salts: redis ? new RedisSaltStore(redis) : new MemorySaltStore(),
      limits: new ReaderLimits({ ...DEFAULT_READER_LIMITS, perReaderPerMinute: r.perReaderPerMinute, burst: Math.min(DEFAULT_READER_LIMITS.burst, r.perReaderPerMinute) }),
      aggregator,
      clock,
      secret,
      ...(redis ? { remoteDedupe: new RedisDedupe(redis, r.perReaderPerMinute) } : {}),
    },
    { ...DEFAULT_COLLECTOR_OPTIONS, dedupeMs: r.dedupeMinutes * TIME.MINUTE, dedupeCapacity: r.dedupeCapacity },
  );

  // Scaled mode: the leader folds each final hour from Redis into the database, once, and keeps the day's total current.
  const liveSource = redis ? new RedisViewSource(redis, storage.views) : undefined;
  const archive = liveSource
    ? async (granularity: Granularity, start: number) => {
        if (granularity !== '1h') return;
        const live = (await liveSource.live('1h', start, start + TIME.HOUR)).get(start) ?? new Map<number, number>();
        if (!(await storage.views.archiveBucket('1h', start, live))) return;
        const day = bucketStart(start, '1d');
        const hours = await storage.views.read('1h', day, day + TIME.DAY);
        const total = new Map<number, number>();
        for (const c of hours.values()) for (const [id, v] of c) total.set(id, (total.get(id) ?? 0) + v);
        await storage.views.setBucket('1d', day, total);
      }
    : undefined;
  const viewSource: ViewSource = liveSource ?? storage.views;
  const ranking = new RankingService(
    { source: viewSource, articles: storage.articles, controls: storage.rankingControls, clock },
    {
      ...DEFAULT_RANKING_OPTIONS,
      shown: Math.max(r.homeSize, r.asideSize, r.popularSize),
      trendingHalfLifeMs: r.trendingHalfLifeMinutes * TIME.MINUTE,
      holdMinViews: r.holdMinViews,
      holdSharePermille: r.holdSharePercent * 10,
      graceMs: Math.max(DEFAULT_RANKING_OPTIONS.graceMs, 2 * config.viewFlushMs + 5_000),
      ...(archive ? { onClosedBucket: archive } : {}),
    },
  );
  const reader = new ReaderService(
    { repos: storage, ranking, time, clock },
    { ...DEFAULT_READER_OPTIONS, rankingSizeHome: r.homeSize, rankingSizeAside: r.asideSize, popularSize: r.popularSize, rankingWindow: r.window, searchPhraseWindow: config.searchPhraseWindow },
  );
  const contentApi = new ContentApi({ repos: storage, time, publicUrl: config.publicUrl, reader, ranking });
  const syndication = new SyndicationService({ repos: storage, time, clock }, { feedSize: config.feedSize });
  const apiKeys = new ApiKeyGate({ storage, clock });
  const outbound = new GuardedHttp({ allow: config.outboundAllow });
  const tokenGate = new TokenGate({ storage, clock });
  const idempotency = new IdempotencyGuard({ storage, clock });
  const webhooks = new Webhooks({ storage, clock, http: outbound });
  const integrations = new Integrations({ storage, clock, gate: apiKeys, tokens: tokenGate, webhooks });
  const dispatcher = new WebhookDispatcher({ storage, clock, http: outbound, options: { retryBaseMs: config.webhooks.retryBaseMs, timeoutMs: config.webhooks.timeoutMs } });
  const rateLimiter: RateLimiter = redis ? new RedisRateLimiter(redis) : new MemoryRateLimiter();
  const directory = new RankingDirectory(reader, time);
  const cache = new PageCache({ maxBytes: config.pageCacheBytes, now: () => clock.now(), canServeStale: isDatabaseUnavailable });
  // Search result pages in a cache of their own: a burst on one query ("earthquake") is served from
  // memory, and a flood of unique queries can only evict other searches, never the reader pages.
  const searchCache = new PageCache({ maxBytes: Math.max(1, Math.floor(config.pageCacheBytes / 8)), now: () => clock.now(), canServeStale: isDatabaseUnavailable });
  const site: SiteInfo = Object.freeze({
    name: config.siteName,
    publicUrl: config.publicUrl,
    demo: config.demo,
    assets: Object.freeze({ css: assetUrl('site.css'), js: assetUrl('site.js'), icon: assetUrl('favicon.svg') }),
  });
  const rankingSync = new RankingSync({
    ranking,
    directory,
    cache,
    ...(redis ? { lease: new RedisLeaderLease(redis, 'ranking'), channel: new RedisSnapshotChannel(redis, 'ranking') } : {}),
  });
  const refreshRanking = () => rankingSync.refresh();
  const loadPublished = async () => collector.setPublished(new Set(await storage.articles.publishedIds()));

  /** Applies a write's keys to this process's caches and lists (its own writes, or others' read from the log). */
  const applyLocal = async (keys: readonly string[]) => {
    cache.invalidate(keys);
    searchCache.invalidate(keys);
    directory.forget(keys);
    ranking.forget(keys.filter((k) => k.startsWith('article:')).map((k) => Number(k.slice('article:'.length))));
    // A published, updated or unpublished article changes what may be counted and what lists hold.
    if (keys.some((k) => k.startsWith('article:'))) {
      await loadPublished();
      await refreshRanking();
    }
  };
  const invalidations = new InvalidationFollower(storage.invalidations, clock, applyLocal);
  const fanout = new InvalidationFanout({ follower: invalidations, applyLocal, ...(redis ? { doorbell: new RedisDoorbell(redis, 'invalidations') } : {}) });
  const applyInvalidations = (keys: readonly string[]) => fanout.apply(keys);

  let mailLog: (line: string) => void = (line) => console.log(line);
  let reportError: (err: unknown) => void = (err) => console.error(err);
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom, config.dkim) : new LogMailer((line) => mailLog(line));
  const subscriptions = new Subscriptions({ storage, clock, payments: paymentsFor(config), publicUrl: config.publicUrl });
  const members = new MemberAccounts({
    storage, clock, mailer, publicUrl: config.publicUrl, siteName: config.siteName, reportError: (err) => reportError(err),
    beforeErase: (id) => subscriptions.cancelAll(id),
  });
  const plans = new Plans({ storage, clock });
  const paywallCookies = new PaywallCookies(secret);
  const newsletters = new Newsletters({ storage, clock, reader, time, publicUrl: config.publicUrl, secret });
  const newsletterSender = new NewsletterSender(
    { storage, clock, mailer, newsletters, publicUrl: config.publicUrl, siteName: config.siteName },
    { ratePerSecond: config.newsletterMail.ratePerSecond, batch: 50, parallel: 8, claimMs: config.newsletterMail.claimMs },
  );
  const auth = new AuthService({
    storage,
    clock,
    mailer,
    publicUrl: config.publicUrl,
    reportError: (err) => reportError(err),
  });
  // The TOTP sealing key is derived from the site secret, so every process has it and nothing else is stored.
  const twoFactor = new TwoFactorService({
    storage, clock, issuer: config.siteName, options: auth.options,
    key: Buffer.from(hkdfSync('sha256', secret, 'broadsheet', 'totp secret sealing', 32)),
  });
  const scheduler = new ScheduledPublishing({
    storage,
    clock,
    apply: applyInvalidations,
    ...(redis ? { lease: new RedisLeaderLease(redis, 'scheduler', 10_000), leaseUsable: () => redis.client.status === 'ready' } : {}),
  });
  const flushViews = async () => {
    await collector.settleClaims();
    await aggregator.flush();
  };

  // Every background job of a process, in the order they start (they stop in reverse).
  const jobs = new JobList([
    fanout.job(config.invalidationPollMs),
    searchCatchUp(storage),
    housekeeping(storage, clock, auth.options.throttleWindowMs),
    scheduler.job(config.schedulerIntervalMs),
    viewCounting({ collector, loadPublished, flush: flushViews, sink: viewSink instanceof WorkerViewSink ? viewSink : {} }, config.viewFlushMs),
    rankingSync.job(config.rankingRefreshMs),
    // "Forgot password" requests are handled on this timer, never by the request (decision 013).
    periodicJob('password reset mail', RESET_DRAIN_MS, () => auth.drainResets(), { stop: () => auth.settled() }),
    // Reader sign-in links are looked up and mailed on this timer, never by the request (same time for any address).
    periodicJob('member link mail', RESET_DRAIN_MS, () => members.drain(), { stop: () => members.settled() }),
    // Scheduled briefings: every process looks; the day's edition is unique, so each is built once.
    periodicJob('newsletter schedule', 30_000, () => newsletters.runSchedule()),
    ...(config.newsletterMail.send ? [periodicJob('newsletter mail', config.newsletterMail.pollMs, () => newsletterSender.drain())] : []),
    ...(config.webhooks.deliver ? [periodicJob('webhook delivery', config.webhooks.pollMs, () => dispatcher.drain())] : []),
  ]);

  const files = new LocalMediaFiles(config.mediaDir);
  const processor = new SharpImageProcessor();
  const newsroom = new Newsroom({ storage, clock, files, processor, viewSource, checklist: config.publishChecklist });

  return {
    config,
    clock,
    storage,
    secret,
    files,
    processor,
    time,
    site,
    tokens,
    aggregator,
    collector,
    viewSource,
    ranking,
    directory,
    reader,
    syndication,
    contentApi,
    apiKeys,
    integrations,
    tokenGate,
    idempotency,
    webhooks,
    members,
    newsletters,
    plans,
    subscriptions,
    paywallCookies,
    sendNewsletters: () => newsletterSender.drain(),
    memberDirectory: new MemberDirectory({ storage, clock }),
    deliverWebhooks: () => dispatcher.drain(),
    rateLimiter,
    cache,
    searchCache,
    invalidations,
    auth,
    twoFactor,
    newsroom,
    redis,
    publishDue: () => scheduler.runDue(),
    refreshRanking,
    flushViews,
    counting: () => countingReport(collector, aggregator),
    applyInvalidations,
    async start(log) {
      if (log) {
        mailLog = (line) => log.info(line);
        reportError = (err) => log.error({ err }, 'background account work failed');
      }
      await jobs.start(log);
    },
    async stop() {
      await jobs.stop();
      // Pooled SMTP connections are closed, not left to time out (a mail server waits on open ones).
      if (mailer instanceof SmtpMailer) mailer.close();
      await redis?.close();
      await storage.close();
    },
  };
}

/** Opens the configured database (migrating it) and builds the services. */
export async function openServices(config: Config, clock: Clock = systemClock): Promise<Services> {
  await mkdir(config.mediaDir, { recursive: true });
  const storage = await openStorage(config.databaseUrl);
  return createServices(config, storage, await resolveSecret(config, storage), clock);
}
