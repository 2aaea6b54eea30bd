/**
 * The thread that writes view batches to SQLite in embedded mode (worker-view-sink.ts): its own
 * connection to the same file, at a lower scheduling priority than the thread serving requests.
 */
import { spawnSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { KyselyViewRepository } from '../view-repository.ts';
import { connectSqlite } from './connect.ts';
import { unpackBatch, type PackedBatch } from './packed-batch.ts';

export interface FlushRequest {
  readonly seq: number;
  /** Absent: a ping, answered once the thread is ready. */
  readonly batch?: PackedBatch;
}
export type FlushReply = { readonly seq: number; readonly ok: true } | { readonly seq: number; readonly ok: false; readonly message: string };

const { file, nice } = workerData as { file: string; nice: number };
lowerPriority(nice);
const connection = connectSqlite(file);
const views = new KyselyViewRepository(connection.db, false);
const port = parentPort;
if (!port) throw new Error('view-flush-worker runs as a worker thread');

port.on('message', (request: FlushRequest | 'close') => {
  if (request === 'close') {
    void connection.close().finally(() => port.close());
    return;
  }
  if (!request.batch) {
    port.postMessage({ seq: request.seq, ok: true } satisfies FlushReply);
    return;
  }
  views.applyBatch(unpackBatch(request.batch)).then(
    () => port.postMessage({ seq: request.seq, ok: true } satisfies FlushReply),
    (err: unknown) => port.postMessage({ seq: request.seq, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies FlushReply),
  );
});

/**
 * Puts this thread below the request thread. Linux's SCHED_IDLE first: such a thread runs only
 * when no normal thread wants the core, and a request thread that wakes takes the core back at
 * once. A nice value alone still let a long write hold the core for slices of several
 * milliseconds while beacons waited. `chrt` (util-linux) sets it, since Node has no call for it;
 * where that fails, a nice value; where that is refused too, normal priority.
 */
function lowerPriority(niceValue: number): void {
  try {
    const tid = readlinkSync('/proc/thread-self').split('/').at(-1) ?? '';
    if (/^\d+$/.test(tid) && spawnSync('chrt', ['--idle', '--pid', '0', tid], { stdio: 'ignore' }).status === 0) return;
  } catch {
    // not Linux, or no chrt: fall back to nice
  }
  try {
    setPriority(niceValue);
  } catch {
    // nothing to do: the flush still works, only without the lower priority
  }
}
