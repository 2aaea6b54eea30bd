import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditionTime, relativeAge, TIME } from '../../src/core/time/edition-time.ts';

test('the article timestamp has the reference form, in the edition zone', () => {
  const jst = new EditionTime('Asia/Tokyo');
  const at = Date.parse('2025-06-18T06:46:00Z');
  assert.equal(jst.timestamp(at), '15:46 JST, June 18, 2025');
  assert.equal(jst.isoWithOffset(at), '2025-06-18T15:46:00+09:00');
});

test('the URL date follows the edition zone across midnight', () => {
  const jst = new EditionTime('Asia/Tokyo');
  // 23:30 UTC on the 17th is 08:30 JST on the 18th.
  assert.equal(jst.dateKey(Date.parse('2025-06-17T23:30:00Z')), '20250618');
  assert.equal(new EditionTime('UTC').dateKey(Date.parse('2025-06-17T23:30:00Z')), '20250617');
  assert.equal(jst.timestamp(Date.parse('2025-06-17T15:00:00Z')), '00:00 JST, June 18, 2025');
});

test('zones without a fixed label follow daylight saving through Intl', () => {
  const ny = new EditionTime('America/New_York');
  assert.equal(ny.timestamp(Date.parse('2025-06-18T06:46:00Z')), '02:46 EDT, June 18, 2025');
  assert.equal(ny.timestamp(Date.parse('2025-12-18T06:46:00Z')), '01:46 EST, December 18, 2025');
  assert.equal(ny.isoWithOffset(Date.parse('2025-12-18T06:46:00Z')), '2025-12-18T01:46:00-05:00');
  assert.equal(new EditionTime('Asia/Tokyo', 'Tokyo').timestamp(0), '09:00 Tokyo, January 1, 1970');
});

test('relative ages under a day; dates beyond', () => {
  const now = Date.parse('2026-03-06T06:00:00Z');
  assert.equal(relativeAge(now - 10_000, now), 'Just now');
  assert.equal(relativeAge(now - TIME.MINUTE, now), '1 minute ago');
  assert.equal(relativeAge(now - 59 * TIME.MINUTE, now), '59 minutes ago');
  assert.equal(relativeAge(now - 2 * TIME.HOUR - 5 * TIME.MINUTE, now), '2 hours ago');
  assert.equal(relativeAge(now - TIME.HOUR, now), '1 hour ago');
  assert.equal(relativeAge(now - TIME.DAY + 1, now), '23 hours ago');
  assert.equal(relativeAge(now - TIME.DAY, now), undefined);
  assert.equal(relativeAge(now + 5 * TIME.MINUTE, now), 'Just now', 'a clock a little ahead is not "-5 minutes ago"');
  assert.equal(new EditionTime('Asia/Tokyo').listDate(now - 3 * TIME.DAY, now), 'March 3, 2026');
});

test('datetime-local values are read and written in the edition zone, across daylight saving', () => {
  const jst = new EditionTime('Asia/Tokyo');
  assert.equal(jst.parseLocal('2026-03-06T15:01'), Date.parse('2026-03-06T06:01:00Z'));
  assert.equal(jst.localInput(Date.parse('2026-03-06T06:01:00Z')), '2026-03-06T15:01');
  assert.equal(jst.parseLocal('2026-02-30T10:00'), undefined);
  assert.equal(jst.parseLocal('yesterday'), undefined);
  const ny = new EditionTime('America/New_York');
  assert.equal(ny.parseLocal('2026-07-01T12:00'), Date.parse('2026-07-01T16:00:00Z'), 'EDT');
  assert.equal(ny.parseLocal('2026-01-15T12:00'), Date.parse('2026-01-15T17:00:00Z'), 'EST');
});
