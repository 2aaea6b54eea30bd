import type { Storage } from '../core/ports.ts';
import type { BackgroundJob } from './background-job.ts';

/**
 * Writes keep the search index current; a database from before the index (or loaded in bulk) is
 * indexed once, at start, when the index and the published articles disagree.
 */
export function searchCatchUp(storage: Storage): BackgroundJob {
  return {
    name: 'search catch-up',
    async start(log) {
      if ((await storage.search.count()) === (await storage.articles.publishedIds()).length) return;
      const indexed = await storage.transaction((tx) => tx.search.rebuild());
      log?.info(`search index rebuilt: ${indexed} published articles`);
    },
    async stop() {},
  };
}
