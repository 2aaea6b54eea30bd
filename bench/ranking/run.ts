/**
 * bench/ranking: the view counting and ranking pipeline under a news site's traffic shape.
 *
 *   npm run bench:ranking
 *
 * A demo edition plus 10,000 generated articles on SQLite (embedded mode). The beacon workload is
 * Zipf(1.1) over the articles with 2 % bots and 5 % reloads (workload.ts). Phases:
 *   1. collect throughput: wrk (core 1) saturates POST /_/v on one server process (core 0), then
 *      an open-loop generator (bench/lib/open-loop.ts) offers a fixed 10,000 beacons/s and times
 *      each answer from when its request was due, in three rounds, each followed by the same load
 *      on a bare Node server (the machine's floor);
 *   2. freshness: under a steady background load, single views of cold articles, each alone in a
 *      tag of its own, timed from the beacon's answer to the article showing in that tag's 24-hour
 *      list (GET /api/ranking), with the default flush and refresh intervals;
 *   3. memory under a 10x spike: a fresh process at 1,000 beacons/s, then 10,000/s;
 *   4. in process: flush rows/s and the longest event-loop stall (SQLite, and Redis when it
 *      answers), ranking refresh time, and ranking reads (snapshot and /api/ranking) with every
 *      database query counted.
 * Writes its section of docs/benchmarks.md. Needs wrk (Debian) and taskset (util-linux).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { BeaconTokens } from '../../src/core/ranking/beacon-token.ts';
import { bucketStart } from '../../src/core/ranking/buckets.ts';
import { percent, type CountingReport } from '../../src/core/ranking/counting-report.ts';
import { TIME } from '../../src/core/time/edition-time.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { createServices } from '../../src/services.ts';
import { LocalMediaFiles } from '../../src/storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../../src/storage/media/sharp-image-processor.ts';
import { connect, KyselyStorage, openStorage, sqliteFileOf } from '../../src/storage/open-storage.ts';
import { connectRedis } from '../../src/storage/redis/redis-connection.ts';
import { RedisViewSink } from '../../src/storage/redis/redis-view-store.ts';
import { WorkerViewSink } from '../../src/storage/worker-view-sink.ts';
import { generateArticles, prng, zipfSampler } from '../lib/generate-articles.ts';
import { have, machineInfo, pinned, start, stderrOf, stdoutOf, stop, waitFor, wrk, writeSection, type LoadResult } from '../lib/harness.ts';
import type { OpenLoopResult } from '../lib/open-loop.ts';
import { flushBatch, longestBlock, measureFlush, QueryCounter, timeCalls, type FlushFigures } from './in-process.ts';
import { WORKLOAD, wrkScript, type BeaconTarget } from './workload.ts';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/** wrk runs at each of these connection counts: few (latency at high load) and many (saturation). */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '8,32').split(',').map(Number);
const FRESHNESS_SAMPLES = Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 20);
const BACKGROUND_RATE = 2_000;
const DEDUPE_PROBES = 2_000;
const TARGET_RATE = 10_000;
const FIXED_P99_MS = 5;
/** Rounds of the fixed-rate measurement (each: Broadsheet, then bare Node); the median is reported. */
const FIXED_ROUNDS = 3;
const BARE_PORT = 38_091;
const SPIKE = { base: 1_000, factor: 10, baseSeconds: 30, spikeSeconds: 20, afterSeconds: 15 };
const PORT = 38_090;
const SECRET = 'bench-ranking-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const origin = `http://127.0.0.1:${PORT}`;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Views stored so far, once flushes have settled (two reads a flush interval apart agree). */
async function settledViews(url: string): Promise<number> {
  let last = await countedViews(url);
  for (let i = 0; i < 10; i++) {
    await sleep(6_000);
    const now = await countedViews(url);
    if (now === last) return now;
    last = now;
  }
  throw new Error('stored view counts did not settle within a minute');
}

/** Views stored by the server (of one article, or all). */
async function countedViews(url: string, articleId?: number): Promise<number> {
  const conn = connect(url);
  try {
    let query = conn.db.selectFrom('view_buckets_5m').select(sql<number>`coalesce(sum(views), 0)`.as('n'));
    if (articleId !== undefined) query = query.where('article_id', '=', articleId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await conn.close();
  }
}

function serverEnv(work: string, url: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    BROADSHEET_DATABASE_URL: url,
    BROADSHEET_MEDIA_DIR: join(work, 'media'),
    BROADSHEET_SECRET: SECRET,
    BROADSHEET_TRUST_PROXY_HOPS: '1',
    // info: the shutdown line says what the process counted (read by serverReport); requests are not logged.
    BROADSHEET_LOG_LEVEL: 'info',
    BROADSHEET_DEMO: 'false',
    NODE_ENV: 'production',
  };
}

/** The server's JSON log lines (pino, on stdout). */
function logLines(child: ChildProcess): Record<string, unknown>[] {
  return stdoutOf(child)
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return []; // the first line of the tail may be cut
      }
    });
}

/** What the server said it counted, from its shutdown line (src/server.ts). */
function serverReport(child: ChildProcess): CountingReport | undefined {
  return logLines(child).find((l) => l.msg === 'view counting since start')?.counting as CountingReport | undefined;
}

/** The run whose `key` is the median of the runs'. */
function medianBy<T>(runs: readonly T[], key: (run: T) => number): T {
  return [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)] as T;
}

function runLoad(targetsFile: string, rate: number, seconds: number, seed: number, connections = 32, url = origin): Promise<OpenLoopResult> {
  const [cmd, args] = pinned(1, process.execPath, ['--import', 'tsx', 'bench/ranking/load.ts']);
  return new Promise((resolve, reject) => {
    const child = start(
      cmd,
      args,
      { ...process.env, BENCH_URL: url, BENCH_RATE: String(rate), BENCH_SECONDS: String(seconds), BENCH_TARGETS: targetsFile, BENCH_SEED: String(seed), BENCH_CONNECTIONS: String(connections) },
      { stdout: true },
    );
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) as string)) : reject(new Error(`load.ts exited ${code}`))));
  });
}

async function main(): Promise<void> {
  for (const tool of ['wrk', 'taskset']) if (!have(tool)) throw new Error(`${tool} is not installed (apt-get install -y wrk util-linux)`);
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-bench-ranking-'));
  const url = `sqlite:${join(work, 'bench.db')}`;
  let server: ReturnType<typeof start> | undefined;
  try {
    // The edition: the demo, then ARTICLES generated ones, and a week of hourly history for some.
    console.log(`preparing ${fmt(ARTICLES)} articles ...`);
    const now = Date.now();
    const setup = await openStorage(url);
    await seedDemo({ storage: setup, files: new LocalMediaFiles(join(work, 'media')), processor: new SharpImageProcessor(), now });
    const edition = await generateArticles(setup, { count: ARTICLES, now, days: 7, isolated: FRESHNESS_SAMPLES });
    const isolatedIds = new Set(edition.isolated.map((i) => i.articleId));
    const random = prng(3);
    // Popularity is not publication order: shuffle before ranking.
    const traffic = edition.ids.filter((id) => !isolatedIds.has(id));
    for (let i = traffic.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [traffic[i], traffic[j]] = [traffic[j] as number, traffic[i] as number];
    }
    const pick = zipfSampler(traffic.length, WORKLOAD.zipf, random);
    for (let h = 1; h <= 7 * 24; h++) {
      const start = bucketStart(now, '1h') - h * TIME.HOUR;
      const counts = new Map<number, number>();
      for (let v = 0; v < 3_000; v++) {
        const id = traffic[pick()] as number;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      await setup.views.addCounts('1h', [...counts].map(([articleId, views]) => ({ bucketStart: start, articleId, views })));
    }
    await setup.close();

    const tokens = new BeaconTokens(SECRET);
    const targets: BeaconTarget[] = traffic.map((id) => ({ id, token: tokens.mint(id, Date.now()) }));
    const targetsFile = join(work, 'targets.json');
    writeFileSync(targetsFile, JSON.stringify(targets));
    // Warm-up and measured run draw different readers: a replay would be (rightly) deduped.
    const warmScript = join(work, 'warm-up.lua');
    writeFileSync(warmScript, wrkScript(targets, 41));
    const scripts = CONNECTIONS.map((_, i) => {
      const file = join(work, `beacons-${i}.lua`);
      writeFileSync(file, wrkScript(targets, 42 + i));
      return file;
    });

    // 1. Collect throughput.
    // The demo edition brings views of its own; the server's report is checked against what it adds.
    const storedBefore = await countedViews(url);
    const [cmd, args] = pinned(0, process.execPath, ['dist/server.js']);
    server = start(cmd, args, serverEnv(work, url), { stdout: true });
    await waitFor(`${origin}/healthz`);
    wrk(`${origin}/_/v`, { core: 1, seconds: 3, connections: 8, script: warmScript }); // warm-up
    const before = await settledViews(url);
    const collects: { connections: number; result: LoadResult }[] = [];
    for (const [i, connections] of CONNECTIONS.entries()) {
      const result = wrk(`${origin}/_/v`, { core: 1, seconds: SECONDS, connections, script: scripts[i] as string });
      collects.push({ connections, result });
      console.log(`collect, ${connections} connections: ${fmt(result.requestsPerSecond)} beacons/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      await sleep(1_000);
    }
    const answered = collects.reduce((n, c) => n + c.result.requests, 0);
    const counted = (await settledViews(url)) - before;
    console.log(`counted ${fmt(counted)} of ${fmt(answered)}`);
    const collect = collects.reduce((a, b) => (b.result.requestsPerSecond > a.result.requestsPerSecond ? b : a)).result;
    // Latency at a fixed offered rate, below saturation, free of coordinated omission; in rounds
    // alternating with bare Node answering the same beacons on the same core, because this
    // machine's own latency floor moves from run to run (bare Node's p99 seen from 2 to 9 ms).
    const fixedRuns: OpenLoopResult[] = [];
    const bareRuns: OpenLoopResult[] = [];
    const [bareCmd, bareArgs] = pinned(0, process.execPath, ['--import', 'tsx', 'bench/ranking/bare-beacon-server.ts']);
    for (let round = 0; round < FIXED_ROUNDS; round++) {
      const fixedRun = await runLoad(targetsFile, TARGET_RATE, SECONDS, 6 + round, 16);
      fixedRuns.push(fixedRun);
      console.log(`collect at ${fmt(TARGET_RATE)}/s offered, round ${round + 1}: ${fmt(fixedRun.perSecond)}/s, p50 ${fixedRun.p50Ms} ms, p99 ${fixedRun.p99Ms} ms, p99.9 ${fixedRun.p999Ms} ms, max ${fixedRun.maxMs} ms`);
      const bare = start(bareCmd, bareArgs, { ...process.env, PORT: String(BARE_PORT) });
      try {
        await waitFor(`http://127.0.0.1:${BARE_PORT}/healthz`);
        const bareRun = await runLoad(targetsFile, TARGET_RATE, SECONDS, 6 + round, 16, `http://127.0.0.1:${BARE_PORT}`);
        bareRuns.push(bareRun);
        console.log(`  bare Node, same beacons: p50 ${bareRun.p50Ms} ms, p99 ${bareRun.p99Ms} ms, p99.9 ${bareRun.p999Ms} ms, max ${bareRun.maxMs} ms`);
      } finally {
        await stop(bare);
      }
    }
    const fixed = medianBy(fixedRuns, (r) => r.p99Ms);
    const bareFixed = medianBy(bareRuns, (r) => r.p99Ms);
    // The 5 ms target is judged in the rounds where the machine let bare Node meet it: in a round where
    // bare Node's own p99 is over 5 ms, the VM's stalls, not Broadsheet, set the figure.
    const calm = fixedRuns.flatMap((run, i) => ((bareRuns[i]?.p99Ms ?? Number.POSITIVE_INFINITY) <= FIXED_P99_MS ? [{ round: i + 1, run }] : []));
    const fixedVerdict =
      calm.length === 0
        ? 'not judged: bare Node was over 5 ms in every round'
        : calm.every((c) => c.run.answered >= TARGET_RATE * SECONDS && c.run.errors + c.run.unsent === 0 && c.run.p99Ms <= FIXED_P99_MS)
            ? `met in ${calm.length === 1 ? 'the calm round' : `all ${calm.length} calm rounds`} (${calm.map((c) => `round ${c.round}: ${c.run.p99Ms.toFixed(2)} ms`).join(', ')})`
            : `**missed** in a calm round (${calm.map((c) => `round ${c.round}: ${c.run.p99Ms.toFixed(2)} ms`).join(', ')})`;
    console.log(`fixed rate verdict: ${fixedVerdict}`);

    // 2. Freshness, under a steady background load.
    const background = runLoad(targetsFile, BACKGROUND_RATE, FRESHNESS_SAMPLES * 3 + 100, 5);
    await sleep(3_000);
    const unseenIds: number[] = [];
    const freshness = await Promise.all(
      edition.isolated.map(async ({ articleId, tagId }, i) => {
        await sleep(i * 3_000);
        const res = await fetch(`${origin}/_/v`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.${i}.9`, 'user-agent': 'Mozilla/5.0 (bench freshness) Chrome/131.0 Safari/537.36' },
          body: JSON.stringify({ a: articleId, t: tokens.mint(articleId, Date.now()) }),
        });
        if (res.status !== 204) throw new Error(`beacon answered ${res.status}`);
        const sent = performance.now();
        while (performance.now() - sent < 180_000) {
          const list = (await (await fetch(`${origin}/api/ranking?scope=tag:${tagId}&window=24h&limit=10`)).json()) as { items: { id: number }[] };
          if (list.items.some((item) => item.id === articleId)) return (performance.now() - sent) / 1000;
          await sleep(250);
        }
        unseenIds.push(articleId);
        return Number.POSITIVE_INFINITY;
      }),
    );
    const bg = await background;
    // The dedupe filter measured, not only estimated: new readers on one cold article that was seen
    // above (so exactly one view of it is stored), each counted unless the filter mistakes it for a repeat.
    const probeArticle = edition.isolated.find((a) => !unseenIds.includes(a.articleId))?.articleId as number;
    for (let i = 0; i < DEDUPE_PROBES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, DEDUPE_PROBES - i) }, async (_, j) => {
          const n = i + j;
          const res = await fetch(`${origin}/_/v`, {
            method: 'POST',
            // Distinct addresses over many /24s, so no network dominates the article (the hold-out rule).
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `100.${64 + (n % 64)}.${Math.floor(n / 64)}.${1 + (n % 250)}`, 'user-agent': 'Mozilla/5.0 (bench dedupe probe) Chrome/131.0 Safari/537.36' },
            body: JSON.stringify({ a: probeArticle, t: tokens.mint(probeArticle, Date.now()) }),
          });
          if (res.status !== 204) throw new Error(`probe beacon answered ${res.status}`);
        }),
      );
    }
    freshness.sort((a, b) => a - b);
    const fresh = {
      p50: freshness[Math.floor(freshness.length * 0.5)] as number,
      p95: freshness[Math.min(freshness.length - 1, Math.ceil(freshness.length * 0.95) - 1)] as number,
      max: freshness.at(-1) as number,
    };
    // The server's warnings (pino writes them to stdout, at level 40 and up) and anything on stderr are news.
    const warnings = [...logLines(server).filter((l) => Number(l.level) >= 40).map((l) => JSON.stringify(l)), ...stderrOf(server).split('\n').filter((line) => line.trim().length > 0)];
    if (warnings.length > 0) console.log(`server warnings (${warnings.length}, last 5):\n${warnings.slice(-5).join('\n')}`);
    await stop(server);
    // A view that never shows up is not a slow one: it is reported apart. Where did it go? The
    // server's shutdown report says what it counted and wrote; if every counted view reached the
    // database, an unseen view that is not there was refused when it came in, and for a new reader
    // with a fresh token on a published article the only refusal left is the dedupe filter taking it
    // for a repeat (its false-positive rate, which the report estimates).
    const report = serverReport(server);
    const stored = (await countedViews(url)) - storedBefore;
    const probesStored = (await countedViews(url, probeArticle)) - 1;
    const probesRefused = DEDUPE_PROBES - probesStored;
    const unseen = unseenIds.length;
    let notStored = 0;
    if (unseen > 0) {
      const conn = connect(url);
      try {
        const rows = await conn.db.selectFrom('view_buckets_5m').select('article_id').where('article_id', 'in', unseenIds).groupBy('article_id').execute();
        notStored = unseen - rows.length;
      } finally {
        await conn.close();
      }
    }
    const nothingLost = report !== undefined && report.views.written === stored && report.views.lost === 0 && report.views.unflushed === 0;
    const fpr = report?.dedupe.falsePositiveRate ?? Number.NaN;
    let freshMax = `max ${fresh.max.toFixed(1)} s`;
    if (unseen > 0) {
      freshMax = `${unseen} of ${freshness.length} never seen within 180 s: ${unseen - notStored} stored but not listed, ${notStored} not in the database`;
      if (notStored > 0 && nothingLost) freshMax += ` (refused on arrival: every view the server counted was written, so these were taken for repeats by the dedupe filter, whose false-positive rate was ${percent(fpr)} by then: ${(freshness.length * fpr).toFixed(2)} of ${freshness.length} expected)`;
    }
    const counting = report
      ? `${fmt(report.dedupe.pairs)} reader-article pairs in the filter; false-positive rate ${percent(fpr)} estimated, ${probesRefused} of ${fmt(DEDUPE_PROBES)} new readers refused (${percent(probesRefused / DEDUPE_PROBES)}); the server counted ${fmt(report.views.recorded)} views and wrote ${fmt(report.views.written)}, ${fmt(stored)} reached the database, ${fmt(report.views.lost)} lost`
      : 'no shutdown report from the server';
    console.log(`freshness: p50 ${fresh.p50.toFixed(1)} s, p95 ${fresh.p95.toFixed(1)} s, ${freshMax} (background ${fmt(bg.perSecond)}/s)`);
    console.log(`counting at the end of the freshness phase: ${counting}`);
    // The row passes on latency; a sample stored and not listed, or any view lost on the way to the database, fails it.
    const freshOk = fresh.p95 <= 90 && unseen === notStored && nothingLost;

    // 3. Memory under a 10x spike, on a fresh process.
    server = start(cmd, args, serverEnv(work, url), { stdout: true });
    await waitFor(`${origin}/healthz`);
    const pid = server.pid as number;
    const samples: { phase: 'idle' | 'base' | 'spike' | 'after'; mb: number }[] = [];
    let phase: 'idle' | 'base' | 'spike' | 'after' = 'idle';
    const sampler = setInterval(() => samples.push({ phase, mb: rssMb(pid) }), 250);
    await sleep(2_000);
    phase = 'base';
    const base = await runLoad(targetsFile, SPIKE.base, SPIKE.baseSeconds, 8);
    phase = 'spike';
    const spike = await runLoad(targetsFile, SPIKE.base * SPIKE.factor, SPIKE.spikeSeconds, 9);
    phase = 'after';
    await sleep(SPIKE.afterSeconds * 1000);
    clearInterval(sampler);
    const idleMb = Math.max(...samples.filter((s) => s.phase === 'idle').map((s) => s.mb));
    const baseTail = samples.filter((s) => s.phase === 'base').slice(-20).map((s) => s.mb);
    const baseMb = Math.max(...baseTail);
    const peakMb = Math.max(...samples.filter((s) => s.phase === 'spike' || s.phase === 'after').map((s) => s.mb));
    const endMb = samples.at(-1)?.mb ?? Number.NaN;
    console.log(`memory: idle ${idleMb.toFixed(0)} MB, base ${baseMb.toFixed(0)} MB, spike peak ${peakMb.toFixed(0)} MB (+${(peakMb - baseMb).toFixed(0)} MB), spike rate ${fmt(spike.perSecond)}/s`);
    await stop(server);
    server = undefined;

    // 4. In process.
    const conn = connect(url);
    const counter = new QueryCounter();
    const storage = new KyselyStorage({ ...conn, db: conn.db.withPlugin(counter) });
    const flushAt = Date.now();
    // One flush of five seconds at the measured collect rate.
    const beaconsPerFlush = Math.round(collect.requestsPerSecond * 5);
    const batch = await flushBatch(traffic, beaconsPerFlush, flushAt);
    // As the server writes it: on the flush thread (started and warmed first), timing the request thread's longest stall meanwhile.
    const flushThread = new WorkerViewSink(sqliteFileOf(url) as string);
    await flushThread.write({ id: `${batch.id}-warm-up`, counts: [], subnets: [] });
    // Three flushes (each batch its own id, so each is written), judged by the median stall; and the
    // same wait with nothing to flush, for the VM's own stalls.
    const flushes: FlushFigures[] = [];
    for (let i = 0; i < 3; i++) flushes.push(await measureFlush(flushThread, { ...batch, id: `${batch.id}-${i}` }));
    const sqliteFlush = medianBy(flushes, (f) => f.maxBlockMs);
    const idleStall = (await longestBlock(() => sleep(Math.round(sqliteFlush.ms)))).maxBlockMs;
    await flushThread.close();
    console.log(`SQLite flush: ${fmt(sqliteFlush.rows)} rows in ${sqliteFlush.ms.toFixed(0)} ms, longest stall ${sqliteFlush.maxBlockMs.toFixed(1)} ms (each: ${flushes.map((f) => f.maxBlockMs.toFixed(1)).join(', ')}; idle ${idleStall.toFixed(1)} ms)`);
    let redisFlush: FlushFigures | string;
    try {
      const redis = connectRedis(REDIS_URL, `bench-ranking:${process.pid}:`);
      try {
        if (redis.client.status !== 'ready') {
          await Promise.race([once(redis.client, 'ready'), sleep(3_000).then(() => Promise.reject(new Error('not ready within 3 s')))]);
        }
        redisFlush = await measureFlush(new RedisViewSink(redis), { ...batch, id: `${batch.id}-redis` });
        const keys = await redis.client.keys(`${redis.prefix}*`);
        if (keys.length > 0) await redis.client.del(...keys);
      } finally {
        await redis.close();
      }
      console.log(`Redis flush: ${fmt(redisFlush.rows)} rows in ${redisFlush.ms.toFixed(0)} ms`);
    } catch (err) {
      redisFlush = `not measured (Redis at ${REDIS_URL}: ${(err as Error).message})`;
    }

    const idle = String(10 * TIME.MINUTE);
    const config = loadConfig({
      BROADSHEET_DATABASE_URL: url,
      BROADSHEET_MEDIA_DIR: join(work, 'media'),
      BROADSHEET_SECRET: SECRET,
      BROADSHEET_DEMO: 'false',
      BROADSHEET_LOG_LEVEL: 'warn',
      BROADSHEET_VIEW_FLUSH_MS: idle,
      BROADSHEET_RANKING_REFRESH_MS: idle,
      BROADSHEET_INVALIDATION_POLL_MS: idle,
      BROADSHEET_SCHEDULER_INTERVAL_MS: idle,
    });
    const services = createServices(config, storage, SECRET);
    await services.start();
    const app = await buildApp(services);
    await app.ready();
    const q0 = counter.count;
    const refresh = await timeCalls(5, () => services.refreshRanking());
    const queriesPerRefresh = (counter.count - q0) / 5;
    // A refresh reads SQLite synchronously and sorts in slices: how long can it hold the event loop?
    let refreshStall = 0;
    for (let i = 0; i < 5; i++) refreshStall = Math.max(refreshStall, (await longestBlock(() => services.refreshRanking())).maxBlockMs);
    services.ranking.forget(traffic);
    const cold = await longestBlock(() => services.refreshRanking());
    const windows = ['1h', '24h', '7d', 'trending'] as const;
    const scopes = [...(services.ranking.snapshot.lists.get('24h')?.keys() ?? [])];
    const q1 = counter.count;
    const snapshotRead = await timeCalls(200_000, (i) => services.ranking.top(scopes[i % scopes.length] as string, 10, windows[i % 4]));
    const apiRead = await timeCalls(20_000, (i) =>
      app.inject({ method: 'GET', url: `/api/ranking?scope=${scopes[i % scopes.length]}&window=${windows[i % 4]}&limit=10` }),
    );
    const readQueries = counter.count - q1;
    console.log(`refresh stall ${refreshStall.toFixed(1)} ms, cold ${cold.ms.toFixed(0)} ms / stall ${cold.maxBlockMs.toFixed(1)} ms`);
    console.log(`reads: snapshot p99 ${snapshotRead.p99.toFixed(4)} ms, API p99 ${apiRead.p99.toFixed(3)} ms, ${readQueries} database queries; refresh p50 ${refresh.p50.toFixed(0)} ms`);
    await app.close();
    await services.stop();

    const ok = (pass: boolean) => (pass ? 'met' : '**missed**');
    const redisCell = typeof redisFlush === 'string' ? redisFlush : `${fmt(redisFlush.rowsPerSecond)} rows/s (${fmt(redisFlush.rows)} rows in ${Math.ceil(redisFlush.rows / 500)} script calls of ≤ 500 counters, ${redisFlush.ms.toFixed(0)} ms)`;
    writeSection(
      'ranking',
      `## Rankings: counting views and reading lists

\`npm run bench:ranking\` (bench/ranking/run.ts). SQLite, embedded mode, one server process on core 0, the
load generator on core 1. ${fmt(ARTICLES)} generated articles plus the demo edition, a week of hourly history;
beacons follow Zipf(${WORKLOAD.zipf}) over the articles, ${WORKLOAD.botShare * 100} % from bots, ${WORKLOAD.reloadShare * 100} % reloads, each other beacon from a
new reader address (so nearly every beacon is a counted view: the expensive path).

${machineInfo().join('\n')}

| measure | result | target | |
|---|---|---|---|
${collects
  .map(
    ({ connections, result: r }) =>
      `| collect endpoint, one core, saturated (wrk, ${connections} connections, ${SECONDS} s) | ${fmt(r.requestsPerSecond)} beacons/s, p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.errors} errors | capacity; latency here is queueing | |`,
  )
  .join('\n')}
| collect endpoint at a fixed ${fmt(TARGET_RATE)} beacons/s offered (open loop, 16 connections, ${SECONDS} s after 2 s unmeasured; latency from each request's due time): median of ${FIXED_ROUNDS} rounds by p99 | ${fmt(fixed.perSecond)} beacons/s answered, p50 ${fixed.p50Ms.toFixed(2)} ms, **p99 ${fixed.p99Ms.toFixed(2)} ms**, p99.9 ${fixed.p999Ms.toFixed(2)} ms, max ${fixed.maxMs.toFixed(1)} ms, ${fixed.errors + fixed.unsent} errors (p99 of each round: ${fixedRuns.map((r) => r.p99Ms.toFixed(2)).join(', ')} ms) | ≥ ${fmt(TARGET_RATE)}/s at p99 ≤ 5 ms, judged in the rounds where bare Node's p99 is ≤ 5 ms | ${fixedVerdict} |
| reference: bare Node \`http\` answering the same beacons 204 (bench/ranking/bare-beacon-server.ts), same core, same rounds | p50 ${bareFixed.p50Ms.toFixed(2)} ms, p99 ${bareFixed.p99Ms.toFixed(2)} ms, p99.9 ${bareFixed.p999Ms.toFixed(2)} ms, max ${bareFixed.maxMs.toFixed(1)} ms (p99 of each round: ${bareRuns.map((r) => r.p99Ms.toFixed(2)).join(', ')} ms); Broadsheet's p99 is ${(fixed.p99Ms / Math.max(bareFixed.p99Ms, 0.01)).toFixed(1)}× this floor | | |
| views counted of beacons answered | ${fmt(counted)} of ${fmt(answered)} (${((counted / answered) * 100).toFixed(1)} %; bots and reloads make ≈ ${((1 - WORKLOAD.botShare - WORKLOAD.reloadShare) * 100).toFixed(0)} % expected) | | |
| flush to SQLite on the flush thread (${fmt(beaconsPerFlush)} views: five seconds at the rate above) | ${fmt(sqliteFlush.rowsPerSecond)} rows/s (${fmt(sqliteFlush.rows)} rows in ${sqliteFlush.ms.toFixed(0)} ms) | | |
| longest stall of the request thread's event loop during that flush: median of 3 flushes | ${sqliteFlush.maxBlockMs.toFixed(1)} ms (each: ${flushes.map((f) => f.maxBlockMs.toFixed(1)).join(', ')} ms; the same wait with no flush: ${idleStall.toFixed(1)} ms) | ≤ 20 ms | ${ok(sqliteFlush.maxBlockMs <= 20)} |
| flush to Redis (same batch) | ${redisCell} | | |
| ranking refresh (every list, every window, from the database) | p50 ${refresh.p50.toFixed(0)} ms, max ${refresh.max.toFixed(0)} ms, ${queriesPerRefresh} queries; longest event-loop stall ${refreshStall.toFixed(1)} ms | | |
| ranking refresh with every article's facts to load again (after a restart, hourly) | ${cold.ms.toFixed(0)} ms; longest stall ${cold.maxBlockMs.toFixed(1)} ms | | |
| ranking read from the snapshot (${scopes.length} scopes × 4 windows, 200,000 reads) | p50 ${(snapshotRead.p50 * 1000).toFixed(1)} µs, p99 ${(snapshotRead.p99 * 1000).toFixed(1)} µs | p99 ≤ 1 ms | ${ok(snapshotRead.p99 <= 1)} |
| GET /api/ranking through Fastify (inject, 20,000 requests) | p50 ${apiRead.p50.toFixed(3)} ms, p99 ${apiRead.p99.toFixed(3)} ms | | |
| database queries during those 220,000 reads | ${readQueries} | 0 | ${ok(readQueries === 0)} |
| freshness: a view → visible in the 24-hour list (${FRESHNESS_SAMPLES} samples, background ${fmt(bg.perSecond)} beacons/s) | p50 ${fresh.p50.toFixed(1)} s, p95 ${fresh.p95.toFixed(1)} s, ${freshMax} | p95 ≤ 90 s; every view counted is written and listed | ${ok(freshOk)} |
| the server's own account at the end of that phase (shutdown log) | ${counting} | nothing lost; false-positive rate ≤ 1 % | ${ok(nothingLost && fpr <= 0.01)} |
| RSS: ${fmt(base.perSecond)}/s for ${SPIKE.baseSeconds} s, then ${fmt(spike.perSecond)}/s for ${SPIKE.spikeSeconds} s | ${idleMb.toFixed(0)} MB idle, ${baseMb.toFixed(0)} MB at base load, ${peakMb.toFixed(0)} MB peak: **+${(peakMb - baseMb).toFixed(0)} MB**; ${endMb.toFixed(0)} MB ${SPIKE.afterSeconds} s after | growth ≤ 100 MB | ${ok(peakMb - baseMb <= 100)} |

Read the fixed-rate row against the bare Node row below it: the same generator offers the same beacons at
the same rate to each, in alternating rounds on the same core. On this VM that floor moves from round to round
(the per-round figures), so the 5 ms target is judged only in rounds where bare Node itself met it ("calm"
rounds); the median row above is reported as measured, calm or not.

The dedupe filter's false-positive rate is the share of genuinely new views it drops as repeats; it rises
as the filter fills (this bench puts over a million reader-article pairs through it in a few minutes; the default
sizing is 2 million per 30 minutes at 0.5 %), and research/ranking.md §5.4 budgets 1 %. The newsroom's rankings page shows it live.

Freshness is bounded by the flush interval (5 s) plus the ranking refresh interval (60 s), the defaults;
lower \`BROADSHEET_RANKING_REFRESH_MS\` for fresher lists at the cost of more refreshes (each one costs the time above).
Reads never touch the database: lists are snapshots in memory, replaced whole on refresh.`,
    );
    console.log('wrote docs/benchmarks.md');
  } finally {
    await stop(server);
    // BENCH_KEEP=1 keeps the edition and load scripts for profiling a server by hand.
    if (process.env.BENCH_KEEP === '1') console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main()
  .then(() => {
    // Anything still holding the process open is a leak worth knowing about; say what, then go.
    setTimeout(() => {
      console.error('still running after the benchmark:', (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles());
      process.exit(0);
    }, 3_000).unref();
  })
  .catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
