import { publishDue } from '../core/newsroom/change-status.ts';
import type { Clock, Storage } from '../core/ports.ts';
import type { LeaderLease } from '../core/ranking/ranking-ports.ts';
import { periodicJob, type BackgroundJob } from './background-job.ts';

/**
 * Publishes scheduled articles when they fall due. In scaled mode one process does it (a lease,
 * taken over within its TTL when the holder dies); publishing is version-checked as well, so even two
 * schedulers (Redis down, both running) publish each article once.
 */
export class ScheduledPublishing {
  readonly #deps: { storage: Storage; clock: Clock };
  readonly #lease: LeaderLease | undefined;
  readonly #leaseUsable: () => boolean;
  readonly #apply: (keys: readonly string[]) => Promise<void>;

  constructor(deps: { storage: Storage; clock: Clock; lease?: LeaderLease; leaseUsable?: () => boolean; apply: (keys: readonly string[]) => Promise<void> }) {
    this.#deps = { storage: deps.storage, clock: deps.clock };
    this.#lease = deps.lease;
    this.#leaseUsable = deps.leaseUsable ?? (() => true);
    this.#apply = deps.apply;
  }

  /** Publishes what is due now; returns the ids published. */
  async runDue(): Promise<number[]> {
    if (this.#lease && this.#leaseUsable() && !(await this.#lease.isLeader())) return [];
    const { published, invalidates } = await publishDue(this.#deps);
    if (invalidates.length > 0) await this.#apply(invalidates);
    return published;
  }

  /** The job: catches up at start on what fell due while no process ran, then every `ms`. */
  job(ms: number): BackgroundJob {
    return periodicJob('scheduled publishing', ms, () => this.runDue(), {
      start: () => this.runDue(),
      stop: async () => this.#lease?.release(),
    });
  }
}
