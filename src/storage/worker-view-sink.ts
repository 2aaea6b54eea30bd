import { Worker } from 'node:worker_threads';
import type { ViewSink } from '../core/ranking/ranking-ports.ts';
import type { ViewBatch } from '../core/ranking/buckets.ts';
import { packBatch, type PackedBatch } from './sqlite/packed-batch.ts';
import type { FlushReply } from './sqlite/view-flush-worker.ts';

/**
 * The flush thread's entry: beside the bundle when running built (dist/, scripts/build.mjs), else a
 * plain module that loads the TypeScript through tsx (worker threads do not inherit `--import tsx`).
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? new URL('./sqlite/view-flush-worker.mjs', import.meta.url) : new URL('./view-flush-worker.js', import.meta.url);

/** The flush thread's nice value where Linux's idle policy cannot be set (view-flush-worker.ts: lowerPriority). */
const FLUSH_NICE = 10;

/**
 * The embedded mode's flush target: each batch is written by a worker thread with its own SQLite
 * connection (sqlite/view-flush-worker.ts), in one transaction with its batch id (so a retried
 * flush is applied once). Why a thread: a five-second batch at 10k beacons/s is ~80 ms of SQLite
 * work, and on the request thread, even cut into statements, it queued beacons behind it (p99 of
 * the collect endpoint 60-150 ms at 10k/s, profiled). On its own thread at idle priority it uses
 * the time requests leave, and with WAL the request thread's reads never wait for it. A worker
 * that dies is started again on the next write; the batch it held is retried by the aggregator.
 */
export class WorkerViewSink implements ViewSink {
  readonly #file: string;
  #worker: Worker | undefined;
  #seq = 0;
  readonly #pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(file: string) {
    this.#file = file;
  }

  #start(): Worker {
    // A small heap: the thread holds one batch at a time (its memory is the process's idle RSS, issue 16).
    const worker = new Worker(WORKER_ENTRY, { workerData: { file: this.#file, nice: FLUSH_NICE }, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
    worker.unref();
    worker.on('message', (reply: FlushReply) => {
      const waiting = this.#pending.get(reply.seq);
      this.#pending.delete(reply.seq);
      // An idle thread must not keep the process alive; one with a write in hand must, and so must one
      // being closed (a reply that comes in after close() must not let the process end before the exit).
      if (this.#pending.size === 0 && this.#worker === worker) worker.unref();
      if (reply.ok) waiting?.resolve();
      else waiting?.reject(new Error(`view flush failed: ${reply.message}`));
    });
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiting of this.#pending.values()) waiting.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`view flush thread exited (${code})`)));
    return worker;
  }

  write(batch: ViewBatch): Promise<void> {
    const { packed, transfer } = packBatch(batch);
    return this.#send({ batch: packed }, transfer);
  }

  /** Starts the thread and waits until it has its connection (call at startup: it takes a moment, more on a busy machine). */
  start(): Promise<void> {
    return this.#send({}, []);
  }

  #send(message: { batch?: PackedBatch }, transfer: ArrayBuffer[]): Promise<void> {
    this.#worker ??= this.#start();
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject });
      this.#worker?.ref();
      this.#worker?.postMessage({ seq, ...message }, transfer);
    });
  }

  /** Lets the thread finish what it holds, then ends it (call after the last flush). */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage('close');
    await exited;
  }
}
