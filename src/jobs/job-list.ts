import type { FastifyBaseLogger } from 'fastify';
import type { BackgroundJob } from './background-job.ts';

/**
 * Starts jobs in the order given (each may rely on those before it having started) and stops them in
 * the reverse order. The one place a process's background work is listed is the array handed here
 * (services.ts).
 */
export class JobList {
  readonly #jobs: readonly BackgroundJob[];
  #started: BackgroundJob[] = [];

  constructor(jobs: readonly BackgroundJob[]) {
    this.#jobs = jobs;
  }

  get names(): string[] {
    return this.#jobs.map((j) => j.name);
  }

  async start(log?: FastifyBaseLogger): Promise<void> {
    for (const job of this.#jobs) {
      await job.start(log);
      this.#started.push(job);
    }
  }

  /** Stops every started job, the last started first; one that fails to stop does not keep the others running. */
  async stop(log?: FastifyBaseLogger): Promise<void> {
    for (const job of this.#started.splice(0).reverse()) {
      await job.stop().catch((err: unknown) => log?.warn({ err }, `${job.name} did not stop cleanly`));
    }
  }
}
