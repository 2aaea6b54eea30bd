import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { PaywallCookies } from '../../src/core/members/paywall-cookies.ts';
import { decide, EMPTY_METER, entitled, type Meter, type MeterRules, type ReaderLevel, type Variant } from '../../src/core/members/paywall-rules.ts';
import type { ArticleAccess } from '../../src/core/content/types.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 15, 3, 0); // 12:00 JST, 15 December 2026
const time = new EditionTime('Asia/Tokyo');
const monthOf = (ms: number) => time.dateKey(ms).slice(0, 6);
const rules: MeterRules = { anonymousPer30Days: 2, memberPerMonth: 1 };
const meter = (owner: number, ...reads: [number, number][]): Meter => ({ owner, reads: reads.map(([articleId, at]) => ({ articleId, at })) });

describe('who reads what: the entitlement, meter and wall rules', () => {
  const rows: { name: string; access: ArticleAccess; level: ReaderLevel; meter?: Meter; rules?: MeterRules; variant: Variant; charged: boolean }[] = [
    { name: 'a free article, anyone', access: 'public', level: 'anonymous', variant: 'full', charged: false },
    { name: 'a free article is never metered', access: 'public', level: 'anonymous', meter: meter(0, [1, NOW], [2, NOW]), variant: 'full', charged: false },
    { name: 'members article, member', access: 'members', level: 'member', variant: 'full', charged: false },
    { name: 'members article, subscriber', access: 'members', level: 'subscriber', variant: 'full', charged: false },
    { name: 'paid article, subscriber', access: 'paid', level: 'subscriber', variant: 'full', charged: false },
    { name: 'members article, anonymous, meter off', access: 'members', level: 'anonymous', rules: { anonymousPer30Days: 0, memberPerMonth: 0 }, variant: 'register', charged: false },
    { name: 'paid article, anonymous, meter off', access: 'paid', level: 'anonymous', rules: { anonymousPer30Days: 0, memberPerMonth: 0 }, variant: 'register', charged: false },
    { name: 'paid article, member, meter off', access: 'paid', level: 'member', rules: { anonymousPer30Days: 0, memberPerMonth: 0 }, variant: 'subscribe', charged: false },
    { name: 'anonymous, first metered read', access: 'members', level: 'anonymous', variant: 'full', charged: true },
    { name: 'anonymous, second metered read', access: 'paid', level: 'anonymous', meter: meter(0, [1, NOW - DAY]), variant: 'full', charged: true },
    { name: 'anonymous, meter used up', access: 'members', level: 'anonymous', meter: meter(0, [1, NOW - DAY], [2, NOW - 2 * DAY]), variant: 'register', charged: false },
    { name: 'anonymous, re-reading a metered article', access: 'members', level: 'anonymous', meter: meter(0, [7, NOW - DAY], [2, NOW - 2 * DAY]), variant: 'full', charged: false },
    { name: 'anonymous, reads older than 30 days no longer count', access: 'members', level: 'anonymous', meter: meter(0, [1, NOW - 31 * DAY], [2, NOW - 40 * DAY]), variant: 'full', charged: true },
    { name: 'anonymous, a member’s meter on this browser is not theirs', access: 'members', level: 'anonymous', meter: meter(5, [1, NOW], [2, NOW]), variant: 'full', charged: true },
    { name: 'member, first paid read this month', access: 'paid', level: 'member', variant: 'full', charged: true },
    { name: 'member, monthly allowance used', access: 'paid', level: 'member', meter: meter(7, [1, NOW - DAY]), variant: 'subscribe', charged: false },
    { name: 'member, last month’s reads do not count', access: 'paid', level: 'member', meter: meter(7, [1, Date.UTC(2026, 10, 29)]), variant: 'full', charged: true },
    { name: 'member, another member’s meter does not count', access: 'paid', level: 'member', meter: meter(8, [1, NOW - DAY]), variant: 'full', charged: true },
    { name: 'member, the anonymous meter does not count', access: 'paid', level: 'member', meter: meter(0, [1, NOW - DAY]), variant: 'full', charged: true },
    { name: 'a read dated in the future counts for nothing', access: 'members', level: 'anonymous', meter: meter(0, [1, NOW + DAY], [2, NOW + DAY]), variant: 'full', charged: true },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const d = decide({ access: row.access, level: row.level, memberId: 7, articleId: 7, rules: row.rules ?? rules, meter: row.meter ?? EMPTY_METER, now: NOW, monthOf });
      assert.equal(d.variant, row.variant);
      assert.equal(d.meter !== undefined, row.charged);
      if (d.meter) assert.ok(d.meter.reads.some((r) => r.articleId === 7 && r.at === NOW), 'the charged read is on the meter');
    });
  }

  test('the month is the edition’s: 23:30 UTC on 30 November is already December in Tokyo', () => {
    const late = Date.UTC(2026, 10, 30, 23, 30);
    const d = decide({ access: 'paid', level: 'member', memberId: 7, articleId: 2, rules, meter: meter(7, [1, late]), now: NOW, monthOf });
    assert.equal(d.variant, 'subscribe', 'that read counts toward December');
  });

  test('for any access, level, meter and rules: the body goes out only when entitled or charged to a meter with room', () => {
    const read = fc.record({ articleId: fc.integer({ min: 1, max: 20 }), at: fc.integer({ min: NOW - 60 * DAY, max: NOW + DAY }) });
    fc.assert(
      fc.property(
        fc.constantFrom<ArticleAccess>('public', 'members', 'paid'),
        fc.constantFrom<ReaderLevel>('anonymous', 'member', 'subscriber'),
        fc.record({ owner: fc.constantFrom(0, 7, 8), reads: fc.array(read, { maxLength: 40 }) }),
        fc.record({ anonymousPer30Days: fc.integer({ min: 0, max: 30 }), memberPerMonth: fc.integer({ min: 0, max: 30 }) }),
        fc.integer({ min: 1, max: 20 }),
        (access, level, m, r, articleId) => {
          const d = decide({ access, level, memberId: 7, articleId, rules: r, meter: m, now: NOW, monthOf });
          if (entitled(access, level)) return d.variant === 'full' && d.meter === undefined;
          if (d.variant !== 'full') return d.meter === undefined && d.variant === (level === 'anonymous' ? 'register' : 'subscribe');
          const limit = level === 'anonymous' ? r.anonymousPer30Days : r.memberPerMonth;
          // A charged read leaves the meter at most at its limit; an uncharged one was already on it.
          return d.meter ? d.meter.reads.length <= limit && limit > 0 : m.reads.some((x) => x.articleId === articleId);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the paywall cookies', () => {
  const cookies = new PaywallCookies('a site secret of at least thirty-two characters');
  const other = new PaywallCookies('another site secret, also thirty-two characters');

  test('an entitlement reads back until it expires, and not with another site’s key', () => {
    const value = cookies.entitlement(42, 'subscriber', NOW);
    assert.deepEqual(cookies.readEntitlement(value, NOW + 60_000), { memberId: 42, level: 'subscriber', expiresAt: Math.floor((NOW + 600_000) / 1000) * 1000 });
    assert.equal(cookies.readEntitlement(value, NOW + 11 * 60_000), undefined, 'ten minutes, then the database is asked again');
    assert.equal(other.readEntitlement(value, NOW), undefined);
  });

  test('any change to an entitlement or a meter cookie makes it unreadable', () => {
    const ent = cookies.entitlement(42, 'member', NOW);
    const m = cookies.meter(meter(0, [5, NOW], [9, NOW - DAY]));
    assert.deepEqual(cookies.readMeter(m), meter(0, [5, Math.floor(NOW / 60_000) * 60_000], [9, Math.floor((NOW - DAY) / 60_000) * 60_000]));
    fc.assert(
      fc.property(fc.constantFrom(ent, m), fc.nat(), fc.constantFrom(...'0123456789abcsmz._-AZ'.split('')), (value, at, ch) => {
        const i = at % value.length;
        if (value[i] === ch) return true;
        const changed = `${value.slice(0, i)}${ch}${value.slice(i + 1)}`;
        return cookies.readEntitlement(changed, NOW) === undefined && cookies.readMeter(changed) === undefined;
      }),
      { numRuns: 1000 },
    );
  });
});
