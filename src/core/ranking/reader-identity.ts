import { hash } from 'node:crypto';
import type { SubnetId } from './subnet-tally.ts';

/**
 * Where a reader is, from one parse of their address. `prefix` identifies the reader: the IPv4
 * address, or the IPv6 /64 (one household or device). `subnet` is the network they are on: IPv4 /24
 * or IPv6 /48, for spotting one network flooding an article.
 */
export interface ReaderNetwork {
  readonly prefix: string;
  readonly subnet: string;
}

const UNKNOWN: ReaderNetwork = Object.freeze({ prefix: 'unknown', subnet: 'unknown' });

export function networkOf(ip: string): ReaderNetwork {
  const clean = ip.startsWith('::ffff:') && IPV4.test(ip.slice(7)) ? ip.slice(7) : ip;
  if (IPV4.test(clean)) return { prefix: clean, subnet: `${clean.slice(0, clean.lastIndexOf('.'))}.0/24` };
  const groups = ipv6Groups(clean);
  if (groups) return { prefix: groups.slice(0, 4).join(':'), subnet: `${groups.slice(0, 3).join(':')}::/48` };
  return UNKNOWN;
}

/**
 * Dotted-quad IPv4 as Node's `net.isIPv4` accepts it (no leading zeros). Written here because core may not
 * import `node:net`; it runs once per view beacon, where ipaddr.js cost 0.6 µs (IPv4) to 11 µs (IPv6) against
 * 0.1 µs. test/unit/reader-identity.test.ts holds both parsers to Node's on generated addresses.
 */
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** An IPv6 address's eight groups, four hex digits each, lower case; undefined when it is not one. */
function ipv6Groups(ip: string): string[] | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const parts = (half: string | undefined) => (half ? half.split(':') : []);
  const head = parts(halves[0]);
  const tail = parts(halves[1]);
  // An IPv4 tail ("::ffff:1.2.3.4", "64:ff9b::1.2.3.4") is the last two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  const side = halves.length === 2 ? tail : head;
  if (last !== undefined && last.includes('.')) {
    if (!IPV4.test(last)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    side.splice(-1, 1, ((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => '0'), ...tail].map((g) => g.toLowerCase().padStart(4, '0'));
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
 *
 * One-shot `crypto.hash`, not `createHash`: every beacon hashes, and each Hash object is a native
 * handle the garbage collector must finalize (profiled: 4-5 ms scavenges every 40 ms at 10k beacons/s).
 */
export function readerKey(dailySalt: string, network: ReaderNetwork, userAgent: string): ReaderKey {
  const hex = hash('sha256', `${dailySalt}\u0000${network.prefix}\u0000${userAgent}`, 'hex');
  return { hi: Number.parseInt(hex.slice(0, 8), 16), lo: Number.parseInt(hex.slice(8, 16), 16), text: hex.slice(0, 24) };
}

/**
 * A subnet as 64 bits of a keyed hash (the site secret, then the subnet): comparable across days,
 * not reversible without the secret. An identifier, not a signature, so a prefix key is enough.
 */
export function subnetKey(secret: string, network: ReaderNetwork): SubnetId {
  const hex = hash('sha256', `${secret}\u0000${network.subnet}`, 'hex');
  return { hi: Number.parseInt(hex.slice(0, 8), 16), lo: Number.parseInt(hex.slice(8, 16), 16) };
}
