import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationalTable, stringKey } from '../../src/core/util/generational-table.ts';

test('a generational table keeps numbers per 64-bit key, stays bounded and forgets what is not used', () => {
  const table = new GenerationalTable(100, 2);
  const bytes = table.bytes;
  for (let i = 0; i < 10_000; i++) {
    const s = table.slot(i, i * 7919);
    assert.equal(table.created, true, `key ${i} is new`);
    table.set(s, 0, i);
    table.set(s, 1, -i);
    // Key (0xffffffff, 0) is used all the time: it must survive every turnover with its numbers.
    const hot = table.slot(0xffffffff, 0);
    if (i > 0) assert.equal(table.get(hot, 0), i - 1, `hot key kept at ${i}`);
    table.set(hot, 0, i);
    assert.ok(table.size <= 200, `size ${table.size} at ${i}`);
  }
  assert.equal(table.bytes, bytes, 'no growth');
  const recent = table.slot(9_999, 9_999 * 7919);
  assert.equal(table.created, false);
  assert.deepEqual([table.get(recent, 0), table.get(recent, 1)], [9_999, -9_999]);
  const forgotten = table.slot(5, 5 * 7919);
  assert.equal(table.created, true, 'old unused keys are forgotten');
  assert.deepEqual([table.get(forgotten, 0), table.get(forgotten, 1)], [0, 0], 'and come back empty');
  table.clear();
  assert.equal(table.size, 0);
  table.slot(9_999, 9_999 * 7919);
  assert.equal(table.created, true, 'clear forgets everything');
});

test('keys that share a word, or hash to the same slot, stay apart', () => {
  const table = new GenerationalTable(4_000, 1);
  for (let i = 0; i < 1_000; i++) table.set(table.slot(1, i), 0, i);
  for (let i = 0; i < 1_000; i++) table.set(table.slot(i, 1), 0, -i);
  for (let i = 2; i < 1_000; i++) {
    assert.equal(table.get(table.slot(1, i), 0), i);
    assert.equal(table.get(table.slot(i, 1), 0), -i);
  }
  assert.notDeepEqual(stringKey('192.0.2.1'), stringKey('192.0.2.10'));
  assert.deepEqual(stringKey('2001:db8::/64'), stringKey('2001:db8::/64'));
});
