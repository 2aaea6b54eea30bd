import { createHmac, timingSafeEqual } from 'node:crypto';
import { GenerationalMap } from '../util/generational-map.ts';
import { METER_MAX, type Meter, type ReaderLevel } from './paywall-rules.ts';

/** A member's entitlement, as the signed cookie carries it. */
export interface Entitlement {
  readonly memberId: number;
  readonly level: Exclude<ReaderLevel, 'anonymous'>;
  readonly expiresAt: number;
}

/** Entitlement cookies live this long; then one request refreshes them from the database. */
export const ENTITLEMENT_TTL_MS = 10 * 60_000;
const SIG_CHARS = 22;
const MINUTE = 60_000;

/**
 * The paywall's two signed cookies (docs/members.md, "The paywall"): the entitlement (who the member
 * is and whether a plan entitles them, for ten minutes) and the meter (which walled articles this
 * browser has read). The fast path decides a walled page from them without touching the database;
 * the HMAC makes them unforgeable, so a reader can clear them (and be metered afresh, as with any
 * browser meter) but never raise their own level.
 */
export class PaywallCookies {
  readonly #key: Buffer;
  /** Cookies already verified (a member's cookie arrives on every page for ten minutes). */
  readonly #proven = new GenerationalMap<string, Entitlement>(20_000);

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('broadsheet:paywall-cookies').digest();
  }

  #sign(kind: string, payload: string): string {
    return createHmac('sha256', this.#key).update(`${kind}|${payload}`).digest('base64url').slice(0, SIG_CHARS);
  }

  #check(kind: string, payload: string, sig: string): boolean {
    if (sig.length !== SIG_CHARS) return false;
    const a = Buffer.from(this.#sign(kind, payload));
    const b = Buffer.from(sig);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  entitlement(memberId: number, level: Entitlement['level'], now: number): string {
    const payload = `${memberId}.${level === 'subscriber' ? 's' : 'm'}.${Math.floor((now + ENTITLEMENT_TTL_MS) / 1000)}`;
    return `${payload}.${this.#sign('ent', payload)}`;
  }

  /** The entitlement when the cookie is genuine and unexpired. */
  readEntitlement(value: string | undefined, now: number): Entitlement | undefined {
    if (!value || value.length > 80) return undefined;
    let ent = this.#proven.get(value);
    if (!ent) {
      const m = /^(\d{1,15})\.([ms])\.(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(value);
      if (!m || !this.#check('ent', `${m[1]}.${m[2]}.${m[3]}`, m[4] as string)) return undefined;
      ent = { memberId: Number(m[1]), level: m[2] === 's' ? 'subscriber' : 'member', expiresAt: Number(m[3]) * 1000 };
      this.#proven.set(value, ent);
    }
    return ent.expiresAt > now ? ent : undefined;
  }

  meter(meter: Meter): string {
    const reads = meter.reads
      .slice(-METER_MAX)
      .map((r) => `${r.articleId.toString(36)}-${Math.floor(r.at / MINUTE).toString(36)}`)
      .join('_');
    const payload = `${meter.owner}.${reads}`;
    return `${payload}.${this.#sign('meter', payload)}`;
  }

  /** The meter the cookie holds, or undefined when it is missing or not ours (then the meter is empty). */
  readMeter(value: string | undefined): Meter | undefined {
    if (!value || value.length > 1200) return undefined;
    const m = /^(\d{1,15})\.((?:[0-9a-z]{1,11}-[0-9a-z]{1,9}(?:_|(?=\.)))*)\.([A-Za-z0-9_-]+)$/.exec(value);
    if (!m || !this.#check('meter', `${m[1]}.${m[2]}`, m[3] as string)) return undefined;
    const reads = (m[2] as string)
      .split('_')
      .filter(Boolean)
      .map((r) => {
        const [id, at] = r.split('-') as [string, string];
        return { articleId: parseInt(id, 36), at: parseInt(at, 36) * MINUTE };
      });
    return { owner: Number(m[1]), reads };
  }
}
