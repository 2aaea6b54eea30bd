import type { InvalidationFollower } from '../core/content/invalidation-follower.ts';
import type { Doorbell } from '../core/ranking/ranking-ports.ts';
import { periodicJob, type BackgroundJob } from './background-job.ts';

/**
 * Applies every write's invalidation keys in every process: this process's own at once (before its
 * response goes out), other processes' from the invalidation log, polled on a timer and, in scaled
 * mode, as soon as the writer rings the doorbell (within a second rather than a poll period).
 */
export class InvalidationFanout {
  readonly #follower: InvalidationFollower;
  readonly #applyLocal: (keys: readonly string[]) => Promise<void>;
  readonly #doorbell: Doorbell | undefined;

  constructor(deps: { follower: InvalidationFollower; applyLocal: (keys: readonly string[]) => Promise<void>; doorbell?: Doorbell }) {
    this.#follower = deps.follower;
    this.#applyLocal = deps.applyLocal;
    this.#doorbell = deps.doorbell;
  }

  /** Applies a write's keys here and tells the other processes to read the log. */
  async apply(keys: readonly string[]): Promise<void> {
    await this.#applyLocal(keys);
    if (this.#doorbell && keys.length > 0) await this.#doorbell.ring().catch(() => undefined);
  }

  job(pollMs: number): BackgroundJob {
    return periodicJob('invalidation poll', pollMs, () => this.#follower.poll(), {
      start: async () => {
        await this.#follower.start();
        this.#doorbell?.onRing(() => void this.#follower.poll().catch(() => undefined));
      },
    });
  }
}
