/**
 * A pause for long background work on the request thread (a ranking refresh, paged reads) that
 * lets queued requests run and then rests: three times as long as the work done since the last
 * pause, by default, so the work takes at most a quarter of the core while it runs. Merely
 * yielding (setImmediate) lets requests in, but the work still takes the core at full speed, and
 * when requests already need most of it they queue behind (bench/ranking: a 94 ms refresh at 10k
 * beacons/s). Work under a millisecond only yields.
 */
export function pacer(duty = 0.25, maxRestMs = 50): () => Promise<void> {
  let resumed = performance.now();
  return async () => {
    const worked = performance.now() - resumed;
    const rest = worked >= 1 ? Math.min(maxRestMs, (worked * (1 - duty)) / duty) : 0;
    await new Promise<void>((resolve) => (rest > 0 ? setTimeout(resolve, rest) : setImmediate(resolve)));
    resumed = performance.now();
  };
}
