import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { networkOf } from '../../src/core/ranking/reader-identity.ts';

/** What networkOf must give, computed with Node's own address checks and ipaddr.js's parser. */
function expected(ip: string): { prefix: string; subnet: string } {
  const clean = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(clean)) return { prefix: clean, subnet: `${clean.slice(0, clean.lastIndexOf('.'))}.0/24` };
  if (isIPv6(clean) && !clean.includes('%')) {
    const groups = ipaddr.IPv6.parse(clean).parts.map((p) => p.toString(16).padStart(4, '0'));
    return { prefix: groups.slice(0, 4).join(':'), subnet: `${groups.slice(0, 3).join(':')}::/48` };
  }
  return { prefix: 'unknown', subnet: 'unknown' };
}

test('reader networks agree with Node and ipaddr.js on generated addresses, mapped ones and junk', () => {
  const near = fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV4().map((v4) => `::ffff:${v4}`),
    fc.ipV4().map((v4) => `64:ff9b::${v4}`),
    fc.ipV6().map((v6) => v6.toUpperCase()),
    fc.ipV6().map((v6) => `${v6}%eth0`),
    fc.ipV4().map((v4) => v4.replace(/^(\d)/, '0$1')),
    fc.stringMatching(/^[0-9a-fA-F:.]{0,45}$/),
    fc.string({ maxLength: 40 }),
  );
  fc.assert(fc.property(near, (ip) => assert.deepEqual(networkOf(ip), expected(ip), ip)), { numRuns: 20_000 });
});

test('named cases: IPv4, IPv6 shortened and full, mapped addresses, and what is not an address', () => {
  for (const ip of ['1.2.3.4', '::ffff:10.0.0.1', '2001:db8::1', '2001:DB8:a:b:c::', '::1', '::', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'fe80::1%eth0', '1.2.3', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', ':::', 'junk', '']) {
    assert.deepEqual(networkOf(ip), expected(ip), ip);
  }
});
