import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RotatingBloom } from '../../src/core/ranking/rotating-bloom.ts';

/** xorshift32: the same "random" readers on every run, so the measured rate is not a coin toss. */
function numbers(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

/** How many of `n` never-added pairs the filter calls seen. */
function wronglySeen(bloom: RotatingBloom, next: () => number, n: number, now: number): number {
  let seen = 0;
  for (let i = 0; i < n; i++) if (bloom.testAndAdd(next(), next(), next() % 10_000, now)) seen++;
  return seen;
}

test('the dedupe filter reports the rate at which it drops new views, and that rate is what it drops', () => {
  const ROTATE = 30 * 60_000;
  const bloom = new RotatingBloom({ capacity: 20_000, falsePositiveRate: 0.01, rotateMs: ROTATE, now: 0 });
  assert.equal(bloom.falsePositiveRate, 0, 'empty: nothing is mistaken');
  const next = numbers(2026);
  for (let i = 0; i < 20_000; i++) bloom.testAndAdd(next(), next(), next() % 10_000, 1);
  // A pair mistaken for one already there is not added: the count runs a little short of 20,000.
  assert.ok(bloom.added > 19_800 && bloom.added < 20_000, `added ${bloom.added}`);
  // At capacity the estimate is the rate the filter was sized for.
  const estimate = bloom.falsePositiveRate;
  assert.ok(estimate > 0.007 && estimate < 0.013, `estimate at capacity ${estimate}`);
  // Measured on fresh pairs (each probe is added, so measure a small share of capacity at a time).
  const probe = new RotatingBloom({ capacity: 20_000, falsePositiveRate: 0.01, rotateMs: ROTATE, now: 0 });
  const again = numbers(2026);
  for (let i = 0; i < 20_000; i++) probe.testAndAdd(again(), again(), again() % 10_000, 1);
  const measured = wronglySeen(probe, numbers(7), 2_000, 2) / 2_000;
  assert.ok(measured > estimate / 3 && measured < estimate * 3, `measured ${measured} against estimate ${estimate}`);

  // After one rotation the older pairs still match (the previous filter), so the estimate holds.
  bloom.testAndAdd(1, 2, 3, ROTATE + 1);
  assert.ok(bloom.falsePositiveRate > estimate * 0.9, `after one rotation ${bloom.falsePositiveRate}`);
  assert.ok(wronglySeen(bloom, numbers(11), 2_000, ROTATE + 2) > 0, 'the previous filter still causes false matches');
  // After two, both filters are new: nothing from then is mistaken.
  bloom.testAndAdd(1, 2, 3, 2 * ROTATE + 2);
  assert.ok(bloom.falsePositiveRate < 1e-6, `after two rotations ${bloom.falsePositiveRate}`);
});
