import { createHash } from 'node:crypto';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';

/** How long a key's answer is kept for retries (Stripe keeps a day too). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** Fingerprint of a request as a retry must repeat it: method, path and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * Runs a create once per (token, Idempotency-Key): a retried POST gets the first answer instead of a
 * second item. The key is reserved before the work (two concurrent retries: one runs, the other gets
 * BS_ERR_IDEMPOTENCY_PENDING); a failed create frees it, since core operations write nothing when they
 * fail. A process killed between the write and the recording leaves the key pending: the retry is
 * refused rather than risking a second item.
 */
export class IdempotencyGuard {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(deps: { storage: Storage; clock: Clock }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
  }

  async run(tokenId: number, key: string, fingerprint: string, work: () => Promise<Answer>): Promise<Answer & { replayed: boolean }> {
    const repo = this.#storage.idempotency;
    const now = this.#clock.now();
    let found = await repo.reserve(tokenId, key, fingerprint, now);
    if (found && found.createdAt < now - IDEMPOTENCY_TTL_MS) {
      await repo.purge(now - IDEMPOTENCY_TTL_MS);
      found = await repo.reserve(tokenId, key, fingerprint, now);
    }
    if (found) {
      if (found.requestHash !== fingerprint) throw new BroadsheetError('BS_ERR_IDEMPOTENCY_MISMATCH');
      if (found.statusCode === null || found.response === null) throw new BroadsheetError('BS_ERR_IDEMPOTENCY_PENDING');
      return { status: found.statusCode, body: JSON.parse(found.response) as unknown, replayed: true };
    }
    let answer: Answer;
    try {
      answer = await work();
    } catch (err) {
      await repo.release(tokenId, key);
      throw err;
    }
    await repo.complete(tokenId, key, answer.status, JSON.stringify(answer.body));
    return { ...answer, replayed: false };
  }
}
