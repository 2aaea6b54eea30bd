import { createHmac, timingSafeEqual } from 'node:crypto';
import { TIME } from '../time/edition-time.ts';
import { GenerationalMap } from '../util/generational-map.ts';

/** Tokens stay valid for the hour they were minted in and the two before, so a page cached for up to an hour still counts. */
const HOURS_ACCEPTED = 3;
const TOKEN_BYTES = 16;

/**
 * The token an article page carries for its view beacon: an HMAC of the article id and the hour.
 * The collect endpoint accepts a view only with a token that names that article, so a bare request
 * for an arbitrary id is not counted, and the counters' key space is bounded by real articles,
 * with no database lookup (research: ranking §5.2).
 */
export class BeaconTokens {
  readonly #key: Buffer;
  /**
   * Tokens already proven, with the article and hour they were minted for. Popular pages send the
   * same token thousands of times an hour; an HMAC per beacon is a native object per beacon for the
   * garbage collector. Only exact tokens that passed the full check are here, so a lookup reveals
   * nothing that helps forge one.
   */
  readonly #proven = new GenerationalMap<string, { articleId: number; hour: number }>(20_000);

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('broadsheet:beacon-token').digest();
  }

  #tokenFor(articleId: number, hour: number): Buffer {
    return createHmac('sha256', this.#key).update(`${articleId}.${hour}`).digest().subarray(0, TOKEN_BYTES);
  }

  /** The token for an article page rendered at `now`. */
  mint(articleId: number, now: number): string {
    return this.#tokenFor(articleId, Math.floor(now / TIME.HOUR)).toString('base64url');
  }

  /** True when the token was minted for this article within the accepted hours. */
  verify(articleId: number, token: string, now: number): boolean {
    if (typeof token !== 'string' || token.length !== 22) return false;
    const hour = Math.floor(now / TIME.HOUR);
    const proven = this.#proven.get(token);
    if (proven) return proven.articleId === articleId && proven.hour > hour - HOURS_ACCEPTED && proven.hour <= hour;
    const given = Buffer.from(token, 'base64url');
    // Only the canonical spelling: base64's last character has spare bits that decode the same.
    if (given.length !== TOKEN_BYTES || given.toString('base64url') !== token) return false;
    for (let h = hour; h > hour - HOURS_ACCEPTED; h--) {
      if (timingSafeEqual(given, this.#tokenFor(articleId, h))) {
        this.#proven.set(token, { articleId, hour: h });
        return true;
      }
    }
    return false;
  }

  /** How long a page with a token minted now may be served before it must be rendered again. */
  static pageLifetime(now: number): number {
    return TIME.HOUR - (now % TIME.HOUR);
  }
}
