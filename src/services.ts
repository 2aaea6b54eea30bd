import { mkdir } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import { AuthService } from './core/access/auth-service.ts';
import { InvalidationFollower } from './core/content/invalidation-follower.ts';
import { publishDue } from './core/newsroom/change-status.ts';
import type { Clock, ImageProcessor, MediaFiles, Storage } from './core/ports.ts';
import { RankingService } from './core/ranking/ranking-service.ts';
import { ViewRecorder } from './core/ranking/view-recorder.ts';
import { ReaderService } from './core/reader/reader-service.ts';
import { EditionTime, TIME } from './core/time/edition-time.ts';
import { LogMailer } from './storage/mail/log-mailer.ts';
import { LocalMediaFiles } from './storage/media/local-media-files.ts';
import { SharpImageProcessor } from './storage/media/sharp-image-processor.ts';
import { openStorage } from './storage/open-storage.ts';
import type { SiteInfo } from './web/reader/render-context.ts';
import { assetUrl } from './web/shared/assets.ts';
import { PageCache } from './web/shared/page-cache.ts';

export const systemClock: Clock = { now: () => Date.now() };

/** Everything the app needs, built once at boot (the composition root's half that is not HTTP). */
export interface Services {
  readonly config: Config;
  readonly clock: Clock;
  readonly storage: Storage;
  readonly files: MediaFiles;
  readonly processor: ImageProcessor;
  readonly time: EditionTime;
  readonly site: SiteInfo;
  readonly ranking: RankingService;
  readonly views: ViewRecorder;
  readonly reader: ReaderService;
  readonly cache: PageCache;
  readonly invalidations: InvalidationFollower;
  readonly auth: AuthService;
  /** Publishes scheduled articles that are due; returns their ids (the timer calls this too). */
  publishDue(): Promise<number[]>;
  /** Applies invalidation keys to this process's caches and lists. */
  applyInvalidations(keys: readonly string[]): Promise<void>;
  /** Loads lists and starts the timers (view flush, ranking refresh, invalidation polling). */
  start(log?: FastifyBaseLogger): Promise<void>;
  /** Stops the timers, flushes pending views and closes the database. */
  stop(): Promise<void>;
}

/** Builds the services over an already-open storage (tests pass their own). */
export function createServices(config: Config, storage: Storage, clock: Clock = systemClock): Services {
  const time = new EditionTime(config.timeZone, config.timeZoneLabel);
  const ranking = new RankingService({ views: storage.views, articles: storage.articles, clock });
  const views = new ViewRecorder({ views: storage.views, articles: storage.articles, clock });
  const reader = new ReaderService({ repos: storage, ranking, time });
  const cache = new PageCache({ maxBytes: config.pageCacheBytes, now: () => clock.now() });
  const site: SiteInfo = Object.freeze({
    name: config.siteName,
    publicUrl: config.publicUrl,
    demo: config.demo,
    assets: Object.freeze({ css: assetUrl('site.css'), js: assetUrl('site.js'), icon: assetUrl('favicon.svg') }),
  });
  const timers: NodeJS.Timeout[] = [];

  const applyInvalidations = async (keys: readonly string[]) => {
    cache.invalidate(keys);
    // A published, updated or unpublished article changes which views count and what lists hold.
    if (keys.some((k) => k.startsWith('article:'))) {
      await views.loadPublished();
      cache.invalidate(await ranking.refresh());
    }
  };
  const invalidations = new InvalidationFollower(storage.invalidations, clock, applyInvalidations);
  let mailLog: (line: string) => void = (line) => console.log(line);
  const auth = new AuthService({ storage, clock, mailer: new LogMailer((line) => mailLog(line)), publicUrl: config.publicUrl });
  const runScheduler = async () => {
    const { published, invalidates } = await publishDue({ storage, clock });
    if (invalidates.length > 0) await applyInvalidations(invalidates);
    return published;
  };

  const every = (ms: number, task: () => Promise<unknown>, what: string, log?: FastifyBaseLogger) => {
    const timer = setInterval(() => {
      task().catch((err: unknown) => log?.warn({ err }, `${what} failed; retrying on the next tick`));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    config,
    clock,
    storage,
    files: new LocalMediaFiles(config.mediaDir),
    processor: new SharpImageProcessor(),
    time,
    site,
    ranking,
    views,
    reader,
    cache,
    invalidations,
    auth,
    publishDue: runScheduler,
    applyInvalidations,
    async start(log) {
      if (log) mailLog = (line) => log.info(line);
      await invalidations.start();
      // Catch up on anything that fell due while no process was running.
      await runScheduler();
      await views.loadPublished();
      await ranking.refresh();
      every(config.viewFlushMs, () => views.flush(), 'view flush', log);
      every(config.rankingRefreshMs, async () => cache.invalidate(await ranking.refresh()), 'ranking refresh', log);
      every(config.invalidationPollMs, () => invalidations.poll(), 'invalidation poll', log);
      every(config.schedulerIntervalMs, runScheduler, 'scheduled publishing', log);
      every(TIME.HOUR, () => storage.sessions.prune(clock.now()), 'session prune', log);
      every(TIME.HOUR, () => storage.invalidations.prune(clock.now() - TIME.DAY), 'invalidation log prune', log);
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      await views.flush().catch(() => undefined);
      await storage.close();
    },
  };
}

/** Opens the configured database (migrating it) and builds the services. */
export async function openServices(config: Config, clock: Clock = systemClock): Promise<Services> {
  await mkdir(config.mediaDir, { recursive: true });
  return createServices(config, await openStorage(config.databaseUrl), clock);
}
