/**
 * The thread that writes view batches to SQLite in embedded mode (worker-view-sink.ts): its own
 * connection to the same file, at a lower scheduling priority than the thread serving requests.
 */
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
// On Linux a thread has its own nice value: this one yields to the request thread when both want
// the core, and takes what it leaves. (Refused where not permitted; then it runs at normal priority.)
try {
  setPriority(nice);
} catch {
  // nothing to do: the flush still works, only without the lower priority
}
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
