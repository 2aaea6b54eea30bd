/**
 * A pause for long background work on the request thread (a ranking refresh, paged reads) that
 * lets queued requests run and then rests: three times as long as the work done since the last
 * pause, by default, so the work takes at most a quarter of the core while it runs. Merely
 * yielding (setImmediate) lets requests in, but the work still takes the core at full speed, and
 * when requests already need most of it they queue behind (bench/ranking: a 94 ms refresh at 10k
 * beacons/s). Work under a millisecond only yields.
 */
export function pacer(duty = 0.25, maxRestMs = 50, clock: PacerClock = WALL_CLOCK): () => Promise<void> {
  let resumed = clock.now();
  return async () => {
    const worked = clock.now() - resumed;
    const rest = worked >= 1 ? Math.min(maxRestMs, (worked * (1 - duty)) / duty) : 0;
    await clock.rest(rest);
    resumed = clock.now();
  };
}

/** How a pacer reads time and rests: the wall clock and timers, or a test's own. */
export interface PacerClock {
  now(): number;
  /** Lets queued work run, and waits `ms` (0: only yields to what is queued). */
  rest(ms: number): Promise<void>;
}

const WALL_CLOCK: PacerClock = {
  now: () => performance.now(),
  rest: (ms) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve))),
};
