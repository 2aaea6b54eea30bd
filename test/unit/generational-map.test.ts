import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GenerationalMap } from '../../src/core/util/generational-map.ts';

test('a generational map stays bounded, keeps what is used and forgets what is not', () => {
  const map = new GenerationalMap<number, string>(100);
  for (let i = 0; i < 10_000; i++) {
    map.set(i, `v${i}`);
    // Key 0 is read all the time: it must survive every turnover.
    assert.equal(map.get(0), 'v0');
    assert.ok(map.size <= 200, `size ${map.size} at ${i}`);
  }
  assert.equal(map.get(9_999), 'v9999', 'recent entries are kept');
  assert.equal(map.get(5), undefined, 'old unused entries are forgotten');
});
