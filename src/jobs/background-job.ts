import type { FastifyBaseLogger } from 'fastify';

/** Work a process does on its own, apart from answering requests: started once at boot, stopped at shutdown. */
export interface BackgroundJob {
  /** For logs: what failed, or what was done. */
  readonly name: string;
  start(log?: FastifyBaseLogger): Promise<void>;
  stop(): Promise<void>;
}

/** What a periodic job does besides its task: once before the timer starts, once after it stops. */
export interface JobHooks {
  readonly start?: (log?: FastifyBaseLogger) => Promise<unknown>;
  readonly stop?: () => Promise<unknown>;
}

/**
 * A job that runs `task` every `ms` milliseconds. A failed run is logged and retried on the next
 * tick; the timer never keeps the process alive; `stop` waits for a run in progress. A run is skipped
 * while the previous one is still going (a slow database must not stack runs up).
 */
export function periodicJob(name: string, ms: number, task: () => Promise<unknown>, hooks: JobHooks = {}): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  return {
    name,
    async start(log) {
      await hooks.start?.(log);
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
      await hooks.stop?.();
    },
  };
}
