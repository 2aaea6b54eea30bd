import type { FastifyBaseLogger } from 'fastify';

/** Work a process does on its own, apart from answering requests: started once at boot, stopped at shutdown. */
export interface BackgroundJob {
  /** For logs: what failed, or what was done. */
  readonly name: string;
  start(log?: FastifyBaseLogger): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A job that runs `task` every `ms` milliseconds. A failed run is logged and retried on the next
 * tick; the timer never keeps the process alive; `stop` waits for a run in progress. A run is skipped
 * while the previous one is still going (a slow database must not stack runs up).
 */
export function periodicJob(name: string, ms: number, task: () => Promise<unknown>, onStop?: () => Promise<void>): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  return {
    name,
    async start(log) {
      timer = setInterval(() => {
        if (running) return;
        running = task()
          .then(() => undefined)
          .catch((err: unknown) => log?.warn({ err }, `${name} failed; retrying on the next tick`))
          .finally(() => {
            running = undefined;
          });
      }, ms);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
      await onStop?.();
    },
  };
}
