/**
 * "Seen this (reader, article) lately?" in fixed memory: two Bloom filters, the older dropped every
 * `rotateMs`. A pair added at time t is reported as seen until at least t + rotateMs and at most
 * t + 2·rotateMs; false positives (a new pair reported as seen) happen at the filter's rate, which
 * drops a small, uniform share of views and so leaves the ranking order alone (research: ranking §5.4).
 * Memory never grows: under a flood the false-positive rate rises instead (reported by `fillRatio`).
 */
export class RotatingBloom {
  readonly #bits: number;
  readonly #hashes: number;
  readonly #rotateMs: number;
  #current: Uint32Array;
  #previous: Uint32Array;
  #rotatedAt: number;
  #added = 0;
  #previousAdded = 0;

  /** Sized for `capacity` pairs per rotation at `falsePositiveRate`. */
  constructor(options: { capacity: number; falsePositiveRate: number; rotateMs: number; now: number }) {
    const bits = Math.ceil((-options.capacity * Math.log(options.falsePositiveRate)) / Math.LN2 ** 2);
    this.#bits = Math.max(64, bits + (32 - (bits % 32)));
    this.#hashes = Math.max(1, Math.round((this.#bits / options.capacity) * Math.LN2));
    this.#rotateMs = options.rotateMs;
    this.#current = new Uint32Array(this.#bits / 32);
    this.#previous = new Uint32Array(this.#bits / 32);
    this.#rotatedAt = options.now;
  }

  get bytes(): number {
    return this.#current.byteLength * 2;
  }

  /** Share of set bits in the current filter (the false-positive rate is about this to the power k). */
  get fillRatio(): number {
    return this.#fill(this.#added);
  }

  /** Pairs added since the last rotation. */
  get added(): number {
    return this.#added;
  }

  /**
   * The chance, now, that a pair never added is reported as seen: it may hit in either filter. This
   * is the share of genuinely new views the dedupe step drops; the newsroom's rankings page shows it.
   */
  get falsePositiveRate(): number {
    const current = this.#fill(this.#added) ** this.#hashes;
    const previous = this.#fill(this.#previousAdded) ** this.#hashes;
    return current + previous - current * previous;
  }

  #fill(added: number): number {
    return Math.min(1, 1 - Math.exp((-this.#hashes * added) / this.#bits));
  }

  /** Adds the pair; true if it was (probably) there already. */
  testAndAdd(a: number, b: number, c: number, now: number): boolean {
    this.#rotate(now);
    const h1 = mix(a ^ mix(c), b);
    const h2 = mix(b ^ 0x9e3779b9, a ^ c) | 1;
    let inCurrent = true;
    let inPrevious = true;
    for (let i = 0; i < this.#hashes; i++) {
      const bit = ((h1 + Math.imul(i, h2)) >>> 0) % this.#bits;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if (((this.#current[word] as number) & mask) === 0) {
        inCurrent = false;
        this.#current[word] = (this.#current[word] as number) | mask;
      }
      if (((this.#previous[word] as number) & mask) === 0) inPrevious = false;
    }
    if (!inCurrent) this.#added++;
    return inCurrent || inPrevious;
  }

  #rotate(now: number): void {
    if (now - this.#rotatedAt < this.#rotateMs) return;
    const steps = Math.floor((now - this.#rotatedAt) / this.#rotateMs);
    this.#previous = steps === 1 ? this.#current : new Uint32Array(this.#current.length);
    this.#current = new Uint32Array(this.#current.length);
    this.#rotatedAt += steps * this.#rotateMs;
    this.#previousAdded = steps === 1 ? this.#added : 0;
    this.#added = 0;
  }
}

/** murmur3's finaliser over a combination of two 32-bit values. */
function mix(x: number, y = 0): number {
  let h = (x ^ Math.imul(y, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
