import { randomBytes } from 'node:crypto';
import type { SaltStore } from '../../core/ranking/ranking-ports.ts';

/**
 * The day's reader-hash salt for a single process: random, in memory only, forgotten when the
 * day changes (or the process restarts, which only means a reader may be counted once more).
 */
export class MemorySaltStore implements SaltStore {
  #day = '';
  #salt = '';

  async saltFor(day: string): Promise<string> {
    if (day !== this.#day) {
      this.#day = day;
      this.#salt = randomBytes(32).toString('base64url');
    }
    return this.#salt;
  }
}
