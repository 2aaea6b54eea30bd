import { GenerationalTable, stringKey } from '../util/generational-table.ts';
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

/** Columns of the reader table. */
const TOKENS = 0;
const AT = 1;

/**
 * Rate limits on counted views, in memory and bounded: a token bucket per reader (address + user
 * agent hash) and a coarse hourly cap per address prefix. Over-limit views are answered like any
 * other and silently not counted (research: ranking §5.5). Both live in typed-array tables, so a
 * new reader allocates nothing (generational-table.ts says why that matters).
 */
export class ReaderLimits {
  readonly #options: ReaderLimitOptions;
  readonly #readers: GenerationalTable;
  #prefixHour = 0;
  readonly #prefixes: GenerationalTable;

  constructor(options: ReaderLimitOptions = DEFAULT_READER_LIMITS) {
    this.#options = options;
    this.#readers = new GenerationalTable(Math.ceil(options.maxReaders / 2), 2);
    this.#prefixes = new GenerationalTable(Math.ceil(options.maxReaders / 2), 1);
  }

  get trackedReaders(): number {
    return this.#readers.size;
  }

  /** Takes one view from the reader's and the prefix's allowance; false when either is spent. */
  allow(reader: { readonly hi: number; readonly lo: number }, prefix: string, now: number): boolean {
    const hour = Math.floor(now / TIME.HOUR);
    if (hour !== this.#prefixHour) {
      this.#prefixHour = hour;
      this.#prefixes.clear();
    }
    const [prefixHi, prefixLo] = stringKey(prefix);
    const prefixSlot = this.#prefixes.slot(prefixHi, prefixLo);
    const prefixCount = this.#prefixes.get(prefixSlot, 0);
    if (prefixCount >= this.#options.perPrefixPerHour) return false;

    const o = this.#options;
    // The least recently seen readers are forgotten beyond maxReaders (they start again with a full bucket).
    const slot = this.#readers.slot(reader.hi, reader.lo);
    const rate = o.perReaderPerMinute / TIME.MINUTE;
    const tokens = this.#readers.created ? o.burst : Math.min(o.burst, this.#readers.get(slot, TOKENS) + (now - this.#readers.get(slot, AT)) * rate);
    this.#readers.set(slot, AT, now);
    if (tokens < 1) {
      this.#readers.set(slot, TOKENS, tokens);
      return false;
    }
    this.#readers.set(slot, TOKENS, tokens - 1);
    this.#prefixes.set(prefixSlot, 0, prefixCount + 1);
    return true;
  }
}
