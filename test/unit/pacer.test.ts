import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pacer } from '../../src/core/util/pacer.ts';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // work
  }
}

test('a pacer rests three times the work done since the last pause, capped, and only yields after little work', async () => {
  const pause = pacer(0.25, 50);
  busy(10);
  let at = performance.now();
  await pause();
  const rested = performance.now() - at;
  assert.ok(rested >= 25, `after 10 ms of work it rested ${rested.toFixed(1)} ms`);

  busy(40);
  at = performance.now();
  await pause();
  const capped = performance.now() - at;
  assert.ok(capped >= 45 && capped < 500, `after 40 ms the rest is capped at 50 ms (${capped.toFixed(1)} ms)`);

  // A timer due now runs during a rest, before the work resumes.
  let ran = false;
  busy(5);
  setTimeout(() => (ran = true), 0);
  await pause();
  assert.equal(ran, true, 'queued work ran during the pause');

  at = performance.now();
  await pause();
  assert.ok(performance.now() - at < 20, 'with no work since the last pause it only yields');
});
