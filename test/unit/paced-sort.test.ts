import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pacedSort } from '../../src/core/util/paced-sort.ts';

test('a paced sort orders exactly as Array.prototype.sort, stably, and pauses between pieces', async () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  for (const n of [0, 1, 5, 99, 100, 101, 250, 1_000, 2_345]) {
    // Few distinct keys, so ties are everywhere; `at` says where each item started.
    const items = Array.from({ length: n }, (_, at) => ({ key: Math.floor(random() * 20), at }));
    const compare = (a: { key: number }, b: { key: number }) => b.key - a.key;
    let pauses = 0;
    const sorted = await pacedSort(items, compare, async () => void pauses++, 100);
    assert.deepEqual(sorted, [...items].sort(compare), `n = ${n}`);
    assert.ok(items.every((item, i) => item.at === i), 'the input is left as it was');
    if (n > 200) assert.ok(pauses >= Math.floor(n / 100), `${pauses} pauses for ${n} items`);
  }
});
