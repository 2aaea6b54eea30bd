/** How long a looked-up credential is trusted: a revoke in another process applies within this. */
const KEEP_MS = 5_000;
/** How often a credential's "last used" is written (a busy one would otherwise write on every request). */
const TOUCH_EVERY_MS = 60_000;

/** The per-process memory of API keys and tokens: recent lookups by hash, and when each was last marked used. */
export class CredentialCache<T> {
  readonly #cache = new Map<string, { value: T | undefined; until: number }>();
  readonly #touched = new Map<number, number>();

  async lookup(hash: string, now: number, load: () => Promise<T | undefined>): Promise<T | undefined> {
    let entry = this.#cache.get(hash);
    if (!entry || entry.until < now) {
      entry = { value: await load(), until: now + KEEP_MS };
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(hash, entry);
    }
    return entry.value;
  }

  /** True (and remembered) when credential `id`'s last use is due to be written. */
  touchDue(id: number, now: number): boolean {
    if ((this.#touched.get(id) ?? 0) + TOUCH_EVERY_MS > now) return false;
    this.#touched.set(id, now);
    return true;
  }

  forget(): void {
    this.#cache.clear();
  }
}
