import { GenerationalMap } from '../util/generational-map.ts';
import { TIME } from '../time/edition-time.ts';

export interface ReaderLimitOptions {
  /** Counted views per reader per minute (token bucket refill). */
  readonly perReaderPerMinute: number;
  /** Bucket size: views a reader may count in a burst. */
  readonly burst: number;
  /** Counted views per address prefix per hour: generous, because carrier NAT puts many readers behind one IPv4. */
  readonly perPrefixPerHour: number;
  /** Readers tracked at once; the least recently seen are forgotten beyond this. */
  readonly maxReaders: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimitOptions = Object.freeze({
  perReaderPerMinute: 60,
  burst: 20,
  perPrefixPerHour: 3000,
  maxReaders: 200_000,
});

/**
 * Rate limits on counted views, in memory and bounded: a token bucket per reader (address + user
 * agent hash) and a coarse hourly cap per address prefix. Over-limit views are answered like any
 * other and silently not counted (research: ranking §5.5).
 */
export class ReaderLimits {
  readonly #options: ReaderLimitOptions;
  readonly #readers: GenerationalMap<string, { tokens: number; at: number }>;
  #prefixHour = 0;
  #prefixes = new Map<string, number>();

  constructor(options: ReaderLimitOptions = DEFAULT_READER_LIMITS) {
    this.#options = options;
    this.#readers = new GenerationalMap(Math.ceil(options.maxReaders / 2));
  }

  get trackedReaders(): number {
    return this.#readers.size;
  }

  /** Takes one view from the reader's and the prefix's allowance; false when either is spent. */
  allow(reader: string, prefix: string, now: number): boolean {
    const hour = Math.floor(now / TIME.HOUR);
    if (hour !== this.#prefixHour) {
      this.#prefixHour = hour;
      this.#prefixes = new Map();
    }
    const prefixCount = this.#prefixes.get(prefix) ?? 0;
    if (prefixCount >= this.#options.perPrefixPerHour) return false;

    const o = this.#options;
    // The least recently seen readers are forgotten beyond maxReaders (they start again with a full bucket).
    const entry = this.#readers.get(reader);
    const rate = o.perReaderPerMinute / TIME.MINUTE;
    const tokens = entry ? Math.min(o.burst, entry.tokens + (now - entry.at) * rate) : o.burst;
    if (tokens < 1) {
      this.#touch(reader, { tokens, at: now });
      return false;
    }
    this.#touch(reader, { tokens: tokens - 1, at: now });
    if (this.#prefixes.size < o.maxReaders) this.#prefixes.set(prefix, prefixCount + 1);
    return true;
  }

  #touch(reader: string, entry: { tokens: number; at: number }): void {
    this.#readers.set(reader, entry);
  }
}
