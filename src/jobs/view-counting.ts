import type { ViewCollector } from '../core/ranking/view-collector.ts';
import { periodicJob, type BackgroundJob } from './background-job.ts';

/**
 * Counting views: at start, the published articles (only those are counted), today's reader salt
 * (so the first beacons take the fast path) and the sink (the embedded mode's flush thread is
 * started now, not by the first flush, which it could then miss); then counted views are written
 * every `ms`, and once more at stop before the sink closes.
 */
export function viewCounting(
  deps: {
    collector: ViewCollector;
    loadPublished: () => Promise<void>;
    flush: () => Promise<void>;
    sink: { start?(): Promise<void>; close?(): Promise<void> };
  },
  ms: number,
): BackgroundJob {
  return periodicJob('view flush', ms, deps.flush, {
    async start(log) {
      await deps.loadPublished();
      await deps.collector.prepare();
      // Started now but not waited for: the thread opens its connection while the server starts to
      // answer, and a flush sent before it is ready waits in its queue.
      deps.sink.start?.().catch((err: unknown) => log?.warn({ err }, 'the view flush thread did not start; it is started again by the next flush'));
    },
    async stop() {
      await deps.flush().catch(() => undefined);
      await deps.sink.close?.();
    },
  });
}
