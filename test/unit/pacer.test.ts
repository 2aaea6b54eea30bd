import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pacer, type PacerClock } from '../../src/core/util/pacer.ts';

/** A clock the test moves: work is `advance`, and every rest asked for is recorded (and passes at once). */
function testClock(): PacerClock & { advance(ms: number): void; rests: number[] } {
  let now = 1_000;
  const rests: number[] = [];
  return {
    rests,
    now: () => now,
    advance: (ms) => void (now += ms),
    rest: async (ms) => {
      rests.push(ms);
      now += ms;
    },
  };
}

test('a pacer rests three times the work done since the last pause, capped, and only yields after little work', async () => {
  const clock = testClock();
  const pause = pacer(0.25, 50, clock);
  clock.advance(10);
  await pause();
  clock.advance(40);
  await pause();
  await pause();
  clock.advance(0.5);
  await pause();
  assert.deepEqual(clock.rests, [30, 50, 0, 0], '10 ms of work: 30 ms of rest; 40 ms: capped at 50; none or under 1 ms: a yield');
});

test('another duty cycle: half the core', async () => {
  const clock = testClock();
  const pause = pacer(0.5, 1_000, clock);
  clock.advance(20);
  await pause();
  assert.deepEqual(clock.rests, [20]);
});

test('on the wall clock, work queued before a pause runs during it', async () => {
  const pause = pacer();
  let ran = false;
  setImmediate(() => (ran = true));
  await pause();
  assert.equal(ran, true, 'queued work ran during the pause');
});
