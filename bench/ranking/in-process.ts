/**
 * The in-process half of bench/ranking: how fast a flush writes counters and how long it holds
 * the event loop, and how fast a ranking is read (and that reading it makes no database call).
 */
import { performance } from 'node:perf_hooks';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { ViewSink } from '../../src/core/ranking/ranking-ports.ts';
import type { ViewBatch } from '../../src/core/ranking/buckets.ts';
import { ViewAggregator } from '../../src/core/ranking/view-aggregator.ts';
import { prng, zipfSampler } from '../lib/generate-articles.ts';
import { WORKLOAD } from './workload.ts';

/** Counts every query a Kysely instance runs (wrap the storage's connection with it). */
export class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * The batch a real aggregator hands its sink after `beacons` counted views spread by the workload's
 * Zipf over `articleIds`, from networks drawn Zipf(1.0) from 50,000 (a few carriers carry much of
 * the traffic, so popular articles see repeat networks).
 */
export async function flushBatch(articleIds: readonly number[], beacons: number, now: number): Promise<ViewBatch> {
  const random = prng(11);
  const pick = zipfSampler(articleIds.length, WORKLOAD.zipf, random);
  const network = zipfSampler(50_000, 1.0, random);
  let batch: ViewBatch | undefined;
  const aggregator = new ViewAggregator({ write: async (b) => void (batch = b) });
  for (let i = 0; i < beacons; i++) aggregator.record(articleIds[pick()] as number, now, { hi: network(), lo: 0x5ab7e7 });
  await aggregator.flush();
  if (!batch) throw new Error('no batch');
  return batch;
}

/** Watches the event loop while `work` runs: the longest stretch it could not turn. */
export async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; maxBlockMs: number; ms: number }> {
  let max = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  running = false;
  const now = performance.now();
  max = Math.max(max, now - last);
  return { result, maxBlockMs: max, ms };
}

export interface FlushFigures {
  readonly rows: number;
  readonly ms: number;
  readonly rowsPerSecond: number;
  readonly maxBlockMs: number;
}

/** Writes `batch` through `sink`, timing it and the longest event-loop stall. */
export async function measureFlush(sink: ViewSink, batch: ViewBatch): Promise<FlushFigures> {
  const rows = batch.counts.length + batch.subnets.length;
  const { ms, maxBlockMs } = await longestBlock(() => sink.write(batch));
  return { rows, ms, rowsPerSecond: rows / (ms / 1000), maxBlockMs };
}

/** Percentiles of `n` timed calls of `fn` (milliseconds). */
export async function timeCalls(n: number, fn: (i: number) => unknown): Promise<{ p50: number; p99: number; max: number }> {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = fn(i);
    // app.inject returns a thenable chain, not a Promise.
    if (r !== null && typeof r === 'object' && 'then' in r) await r;
    samples[i] = performance.now() - t;
  }
  samples.sort();
  return { p50: samples[Math.floor(n * 0.5)] as number, p99: samples[Math.floor(n * 0.99)] as number, max: samples[n - 1] as number };
}
