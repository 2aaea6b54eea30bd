import { createHash, createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** The part of an address that identifies a reader: the IPv4 address, or the IPv6 /64 (one household or device). */
export function readerPrefix(ip: string): string {
  const clean = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(clean)) return clean;
  if (isIPv6(clean)) return expandIPv6(clean).slice(0, 4).join(':');
  return 'unknown';
}

/** The network a reader is on: IPv4 /24 or IPv6 /48, for spotting one network flooding an article. */
export function subnetOf(ip: string): string {
  const clean = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(clean)) return `${clean.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIPv6(clean)) return `${expandIPv6(clean).slice(0, 3).join(':')}::/48`;
  return 'unknown';
}

function expandIPv6(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: Math.max(0, 8 - h.length - t.length) }, () => '0');
  return (ip.includes('::') ? [...h, ...zeros, ...t] : h).map((p) => p.toLowerCase().padStart(4, '0'));
}

/** A reader as two 32-bit numbers (for the dedupe filter) and as text (for maps). */
export interface ReaderKey {
  readonly hi: number;
  readonly lo: number;
  readonly text: string;
}

/**
 * Who a reader is, without cookies and without keeping their address: a hash of the day's salt,
 * the address prefix and the user agent (Plausible's scheme). The salt changes every UTC day and is
 * never written to disk, so yesterday's readers cannot be linked to today's.
 */
export function readerKey(dailySalt: string, ip: string, userAgent: string): ReaderKey {
  const digest = createHash('sha256').update(dailySalt).update('\u0000').update(readerPrefix(ip)).update('\u0000').update(userAgent).digest();
  return { hi: digest.readUInt32BE(0), lo: digest.readUInt32BE(4), text: digest.subarray(0, 12).toString('base64url') };
}

/** A subnet as a short keyed hash: comparable across days, not reversible without the site secret. */
export function subnetKey(secret: string, ip: string): string {
  return createHmac('sha256', secret).update(subnetOf(ip)).digest().subarray(0, 8).toString('base64url');
}
