interface Generation {
  /** Two uint32 words per slot: the key. */
  readonly keys: Uint32Array;
  /** 1 where a slot holds a key; 2 where it held one that moved to the young generation. */
  readonly used: Uint8Array;
  /** `columns` numbers per slot. */
  readonly values: Float64Array;
  count: number;
}

/**
 * GenerationalMap's forgetting (a young and an old generation; when the young one is full it
 * becomes the old one) for 64-bit keys with a few numbers each, held in typed arrays with open
 * addressing. Why not a Map: the collect path adds an entry per new reader, thousands a second,
 * and each Map entry (a key string and a value object) survives into the old heap; profiled at 10k
 * beacons/s that made every young-generation collection a 5-10 ms pause. Here nothing is allocated
 * after construction.
 *
 * Usage: `const s = table.slot(hi, lo)`, then `table.get(s, column)` / `table.set(s, column, v)`;
 * `table.created` says whether the key was new (its numbers are then 0).
 */
export class GenerationalTable {
  readonly #perGeneration: number;
  readonly #columns: number;
  readonly #mask: number;
  #young: Generation;
  #old: Generation;
  readonly #onDrop: ((values: Float64Array, base: number) => void) | undefined;
  /** Whether the last `slot` call added the key. */
  created = false;

  /**
   * Holds the most recent `entriesPerGeneration` to twice that many keys. `onDrop` sees each key's
   * numbers (at `values[base + column]`) as its generation is forgotten.
   */
  constructor(entriesPerGeneration: number, columns: number, onDrop?: (values: Float64Array, base: number) => void) {
    this.#perGeneration = Math.max(1, entriesPerGeneration);
    this.#columns = columns;
    this.#onDrop = onDrop;
    // At most half full, so linear probes stay short.
    let capacity = 8;
    while (capacity < this.#perGeneration * 2) capacity *= 2;
    this.#mask = capacity - 1;
    this.#young = this.#generation(capacity);
    this.#old = this.#generation(capacity);
  }

  #generation(capacity: number): Generation {
    return { keys: new Uint32Array(capacity * 2), used: new Uint8Array(capacity), values: new Float64Array(capacity * this.#columns), count: 0 };
  }

  get size(): number {
    return this.#young.count + this.#old.count;
  }

  /** Bytes held by the arrays (fixed at construction). */
  get bytes(): number {
    const g = this.#young;
    return 2 * (g.keys.byteLength + g.used.byteLength + g.values.byteLength);
  }

  #find(g: Generation, hi: number, lo: number): number {
    // Keys are hash output already; mixing the two words is enough to spread them.
    let i = (Math.imul(hi ^ lo, 0x9e3779b1) >>> 0) & this.#mask;
    while (g.used[i] !== 0) {
      if (g.used[i] === 1 && g.keys[2 * i] === hi && g.keys[2 * i + 1] === lo) return i;
      i = (i + 1) & this.#mask;
    }
    return -1 - i;
  }

  /** The key's slot in the young generation, adding it (with its old numbers, or zeros) if absent. */
  slot(hi: number, lo: number): number {
    hi >>>= 0;
    lo >>>= 0;
    let at = this.#find(this.#young, hi, lo);
    if (at >= 0) {
      this.created = false;
      return at;
    }
    if (this.#young.count >= this.#perGeneration) {
      const dropped = this.#old;
      if (this.#onDrop) this.#visit(dropped, this.#onDrop);
      this.#old = this.#young;
      dropped.used.fill(0);
      dropped.values.fill(0);
      dropped.count = 0;
      this.#young = dropped;
      at = this.#find(this.#young, hi, lo);
    }
    const free = -1 - at;
    const young = this.#young;
    young.used[free] = 1;
    young.keys[2 * free] = hi;
    young.keys[2 * free + 1] = lo;
    young.count++;
    // A key seen in the old generation moves up with its numbers; the stale copy goes with the old generation.
    const old = this.#find(this.#old, hi, lo);
    this.created = old < 0;
    if (old >= 0) {
      for (let c = 0; c < this.#columns; c++) young.values[free * this.#columns + c] = this.#old.values[old * this.#columns + c] as number;
      this.#old.used[old] = 2;
      this.#old.count--;
    }
    return free;
  }

  /** Calls `visit` with every key's numbers (at `values[base + column]`), young generation first. */
  each(visit: (values: Float64Array, base: number) => void): void {
    this.#visit(this.#young, visit);
    this.#visit(this.#old, visit);
  }

  #visit(g: Generation, visit: (values: Float64Array, base: number) => void): void {
    if (g.count === 0) return;
    for (let i = 0; i < g.used.length; i++) if (g.used[i] === 1) visit(g.values, i * this.#columns);
  }

  get(slot: number, column: number): number {
    return this.#young.values[slot * this.#columns + column] as number;
  }

  set(slot: number, column: number, value: number): void {
    this.#young.values[slot * this.#columns + column] = value;
  }

  /** Forgets every key. */
  clear(): void {
    for (const g of [this.#young, this.#old]) {
      g.used.fill(0);
      g.values.fill(0);
      g.count = 0;
    }
  }
}

/** Two 32-bit FNV-1a hashes of a short string, as a 64-bit table key (not a cryptographic hash). */
export function stringKey(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}
