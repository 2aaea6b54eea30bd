import type { Clock, Storage } from '../core/ports.ts';
import { TIME } from '../core/time/edition-time.ts';
import { periodicJob, type BackgroundJob } from './background-job.ts';

/**
 * Hourly: forgets what no longer matters (applied invalidations, expired sessions, throttle windows
 * that have ended, idempotency keys older than a day, webhook deliveries finished over 30 days ago, view buckets past what any ranking or chart reads) and refreshes the planner's
 * statistics (also once at start: without them SQLite scans a whole index for a twenty-id lookup).
 */
export function housekeeping(storage: Storage, clock: Clock, throttleWindowMs: number): BackgroundJob {
  return periodicJob('housekeeping', TIME.HOUR, async () => {
    const now = clock.now();
    await storage.invalidations.prune(now - TIME.DAY);
    await storage.sessions.prune(now);
    await storage.throttle.prune(now - throttleWindowMs);
    await storage.views.prune('5m', now - 8 * TIME.HOUR);
    await storage.views.prune('1h', now - 9 * TIME.DAY);
    await storage.views.prune('1d', now - 400 * TIME.DAY);
    await storage.idempotency.purge(now - TIME.DAY);
    await storage.webhooks.prune(now - 30 * TIME.DAY);
    await storage.members.prune(now);
    await storage.optimize();
  }, { start: () => storage.optimize() });
}
