import type { LeaderLease, SnapshotChannel } from '../core/ranking/ranking-ports.ts';
import { type RankingService } from '../core/ranking/ranking-service.ts';
import { parseSnapshot, serializeSnapshot } from '../core/ranking/ranking-snapshot.ts';
import type { PageCache } from '../web/shared/page-cache.ts';
import type { RankingDirectory } from '../web/api/ranking-directory.ts';
import { periodicJob, type BackgroundJob } from './background-job.ts';

/**
 * Keeps this process's rankings current. Embedded: it computes them. Scaled: the lease holder computes
 * and publishes a snapshot; the others adopt the newest published one (on its announcement, and on
 * every tick in case one was missed).
 */
export class RankingSync {
  readonly #ranking: RankingService;
  readonly #directory: RankingDirectory;
  readonly #cache: PageCache;
  readonly #lease: LeaderLease | undefined;
  readonly #channel: SnapshotChannel | undefined;

  constructor(deps: { ranking: RankingService; directory: RankingDirectory; cache: PageCache; lease?: LeaderLease; channel?: SnapshotChannel }) {
    this.#ranking = deps.ranking;
    this.#directory = deps.directory;
    this.#cache = deps.cache;
    this.#lease = deps.lease;
    this.#channel = deps.channel;
  }

  /** Recomputes (the leader) or adopts (the others); returns the cache keys that changed. */
  async refresh(): Promise<string[]> {
    if (this.#lease && this.#channel && !(await this.#lease.isLeader())) return this.#adoptPublished();
    const changed = await this.#ranking.refresh();
    if (this.#channel) await this.#channel.publish(serializeSnapshot(this.#ranking.snapshot)).catch(() => undefined);
    await this.#applied(changed);
    return changed;
  }

  /** Takes the snapshot the leader published, if it is newer than ours. */
  async #adoptPublished(): Promise<string[]> {
    const json = this.#channel ? await this.#channel.latest().catch(() => undefined) : undefined;
    if (!json) return [];
    const snapshot = parseSnapshot(json);
    if (snapshot.computedAt <= this.#ranking.snapshot.computedAt) return [];
    const changed = this.#ranking.adopt(snapshot);
    await this.#applied(changed);
    return changed;
  }

  async #applied(changed: readonly string[]): Promise<void> {
    this.#cache.invalidate(changed);
    await this.#directory.update(this.#ranking.snapshot);
  }

  /** The job: a first refresh at start, then every `ms`; the lease is given up at stop. */
  job(ms: number): BackgroundJob {
    return periodicJob('ranking refresh', ms, () => this.refresh(), {
      start: async () => {
        await this.refresh();
        this.#channel?.onPublish(() => void this.#adoptPublished().catch(() => undefined));
      },
      stop: async () => this.#lease?.release(),
    });
  }
}
