import { GenerationalTable } from '../util/generational-table.ts';
import { TIME } from '../time/edition-time.ts';
import type { SubnetCount } from './buckets.ts';

/** A subnet as 64 bits of a keyed hash (reader-identity.ts `subnetKey`). */
export interface SubnetId {
  readonly hi: number;
  readonly lo: number;
}

/** How a subnet id is written to the store: its 8 bytes, base64url (11 characters). */
export function subnetText(id: SubnetId): string {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32BE(id.hi >>> 0, 0);
  bytes.writeUInt32BE(id.lo >>> 0, 4);
  return bytes.toString('base64url');
}

// Columns of the table.
const VIEWS = 0;
const WRITTEN = 1;
const ARTICLE = 2;
const SUBNET_HI = 3;
const SUBNET_LO = 4;

/**
 * Hour-to-date views per (article, subnet), for the hold-out rule, bounded in memory. Only pairs
 * seen at least twice reach the store, as deltas: honest traffic is mostly one view per subnet per
 * article per hour, and writing a row for each would make the subnet table the size of the
 * traffic; the rule compares a subnet's views with the article's total, which comes from the
 * counts, so leaving singletons out changes no decision.
 *
 * When the table is full its older half is forgotten, singletons and all; what those pairs still
 * owed the store is kept for the next write. Typed arrays, not a Map: see generational-table.ts.
 */
export class SubnetTally {
  readonly #table: GenerationalTable;
  #hour = -1;
  /** Deltas of pairs forgotten, or of an hour that ended, waiting for the next write. */
  #carry: SubnetCount[] = [];

  constructor(maxPairs: number) {
    this.#table = new GenerationalTable(Math.ceil(maxPairs / 2), 5, (values, base) => this.#owed(values, base, this.#carry));
  }

  /** Pairs tracked now (at most `maxPairs`). */
  get size(): number {
    return this.#table.size;
  }

  /** One view of an article from a subnet, in the hour numbered `hour` (since the epoch). */
  record(articleId: number, subnet: SubnetId, hour: number): void {
    if (hour !== this.#hour) {
      if (this.#hour >= 0) this.#table.each((values, base) => this.#owed(values, base, this.#carry));
      this.#table.clear();
      this.#hour = hour;
    }
    // Distinct pairs get distinct keys: the article is folded into both words of the subnet's hash.
    const slot = this.#table.slot(subnet.hi ^ Math.imul(articleId, 0x85ebca6b), subnet.lo ^ articleId);
    if (this.#table.created) {
      this.#table.set(slot, ARTICLE, articleId);
      this.#table.set(slot, SUBNET_HI, subnet.hi >>> 0);
      this.#table.set(slot, SUBNET_LO, subnet.lo >>> 0);
    }
    this.#table.set(slot, VIEWS, this.#table.get(slot, VIEWS) + 1);
  }

  /** What the store has not yet been told, of pairs seen at least twice; marks it told. */
  takeDeltas(): SubnetCount[] {
    const out = this.#carry;
    this.#carry = [];
    this.#table.each((values, base) => this.#owed(values, base, out));
    return out;
  }

  #owed(values: Float64Array, base: number, out: SubnetCount[]): void {
    const views = values[base + VIEWS] as number;
    const written = values[base + WRITTEN] as number;
    if (views < 2 || views === written) return;
    out.push({
      hour: this.#hour * TIME.HOUR,
      articleId: values[base + ARTICLE] as number,
      subnet: subnetText({ hi: values[base + SUBNET_HI] as number, lo: values[base + SUBNET_LO] as number }),
      views: views - written,
    });
    values[base + WRITTEN] = views;
  }
}
