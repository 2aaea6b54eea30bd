import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Deliveries are signed as Stripe signs its webhooks: HMAC-SHA256 over "<unix seconds>.<body>" with the
 * subscription's secret, sent as `Broadsheet-Signature: t=<seconds>,v1=<hex>`. The timestamp is inside
 * the signed text, so a receiver that refuses old timestamps refuses replays.
 */

export const SIGNATURE_HEADER = 'broadsheet-signature';
/** How old a signed timestamp a receiver should accept (and our own verifier does). */
export const REPLAY_WINDOW_SECONDS = 300;

export function signPayload(secret: string, body: string, atMs: number): string {
  const t = Math.floor(atMs / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/** Checks a signature header against the body: right secret, untampered body, timestamp within the window. */
export function verifySignature(secret: string, body: string, header: string | undefined, nowMs: number, windowSeconds = REPLAY_WINDOW_SECONDS): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || Math.abs(nowMs / 1000 - t) > windowSeconds || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
