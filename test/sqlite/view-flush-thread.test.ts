import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ViewBatch } from '../../src/core/ranking/buckets.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { packBatch, unpackBatch } from '../../src/storage/sqlite/packed-batch.ts';
import { WorkerViewSink } from '../../src/storage/worker-view-sink.ts';
import { until } from '../helpers/wait.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 27, 3, 0, 0);

let dir: string;
let storage: KyselyStorage;
let file: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-flush-'));
  file = join(dir, 'views.db');
  storage = await openStorage(`sqlite:${file}`);
});
after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const batch = (id: string, views: number): ViewBatch => ({
  id,
  counts: [{ bucketStart: NOW, articleId: 7, views }],
  subnets: [{ hour: NOW, articleId: 7, subnet: 'AAAAAAAAAAA', views: 2 }],
});
const stored = async () => (await storage.views.read('1h', NOW - HOUR, NOW + HOUR)).get(NOW)?.get(7) ?? 0;

test('the flush thread writes batches to the same file, once per batch id, and stops cleanly', async () => {
  const { packed } = packBatch(batch('packed', 3));
  assert.deepEqual(unpackBatch(packed), batch('packed', 3), 'a batch crosses to the thread unchanged');
  const sink = new WorkerViewSink(file);
  await sink.write(batch('b1', 5));
  assert.equal(await stored(), 5, 'visible to the request thread’s connection once acknowledged');
  await sink.write(batch('b1', 5));
  assert.equal(await stored(), 5, 'a retried batch is applied once');
  await Promise.all([sink.write(batch('b2', 1)), sink.write(batch('b3', 2))]);
  assert.equal(await stored(), 8);
  await sink.close();
  await sink.write(batch('b4', 1));
  assert.equal(await stored(), 9, 'a closed sink starts a new thread when written again');
  await sink.close();
});

test('closed while it is still starting (start not awaited, as at boot), the thread is waited for to the end', async () => {
  // The start's reply arrives after close() has asked the thread to end; it must not let go of the
  // thread (unref) then, or a process with nothing else to do ends before the thread has exited.
  for (let i = 0; i < 3; i++) {
    const sink = new WorkerViewSink(file);
    const started = sink.start().catch(() => undefined);
    await sink.close();
    await started;
  }
});

test('a failed write is reported and leaves nothing behind, and the thread keeps working', async () => {
  const sink = new WorkerViewSink(file);
  // Views that are not a number break the NOT NULL constraint inside the thread's transaction.
  const broken: ViewBatch = { id: 'broken', counts: [{ bucketStart: NOW, articleId: 7, views: Number.NaN }], subnets: [] };
  await assert.rejects(sink.write(broken), /view flush failed: NOT NULL constraint/);
  assert.equal(await stored(), 9, 'nothing of the failed batch was kept');
  await sink.write(batch('b5', 1));
  assert.equal(await stored(), 10);
  await sink.close();
});

test('a transaction that finds the write lock taken waits for it without stopping the event loop', async () => {
  const other = await openStorage(`sqlite:${file}`);
  try {
    let holding = false;
    let released = false;
    let release: () => void = () => undefined;
    const releasing = new Promise<void>((resolve) => (release = resolve));
    // Another connection (as the flush thread is) holds the write lock until the test lets go.
    const holder = other.transaction(async (tx) => {
      await tx.views.addCounts('1h', [{ bucketStart: NOW + HOUR, articleId: 1, views: 1 }]);
      holding = true;
      await releasing;
      released = true;
    });
    await until(() => holding, 'the other connection to hold the write lock');
    let longestGap = 0;
    let ticks = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, performance.now() - last);
      last = performance.now();
      ticks++;
    }, 5);
    let began = false;
    const waiting = storage.transaction(async (tx) => {
      began = true;
      assert.equal(released, true, 'began only after the other writer committed');
      await tx.views.addCounts('1h', [{ bucketStart: NOW + HOUR, articleId: 1, views: 1 }]);
    });
    // While it waits for the lock, timers keep firing: 20 ticks of the event loop.
    await until(() => ticks >= 20, 'the event loop to tick while the transaction waits');
    assert.equal(began, false, 'still waiting for the lock');
    release();
    await waiting;
    clearInterval(ticker);
    await holder;
    assert.ok(longestGap < 100, `the event loop kept running while waiting (longest gap ${longestGap.toFixed(0)} ms)`);
    assert.equal((await storage.views.read('1h', NOW + HOUR, NOW + 2 * HOUR)).get(NOW + HOUR)?.get(1), 2);
  } finally {
    await other.close();
  }
});

/** Scheduling policy of each thread of this process (field 41 of /proc/.../stat; 5 is SCHED_IDLE). */
function threadPolicies(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The command name may hold spaces; fields are counted after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(fields[41 - 3]));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

test('the flush thread runs at idle priority, so it never takes the core from the request thread', { skip: process.platform !== 'linux' && 'scheduling policies are read from Linux /proc' }, async () => {
  const SCHED_IDLE = 5;
  const before = threadPolicies();
  assert.equal([...before.values()].filter((p) => p === SCHED_IDLE).length, 0);
  const sink = new WorkerViewSink(file);
  await sink.start();
  try {
    const idle = [...threadPolicies()].filter(([tid, p]) => p === SCHED_IDLE && !before.has(tid));
    assert.equal(idle.length, 1, 'one new thread, at SCHED_IDLE');
    assert.equal(threadPolicies().get(String(process.pid)), 0, 'the request thread keeps the normal policy');
  } finally {
    await sink.close();
  }
});
