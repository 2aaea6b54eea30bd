/**
 * An open-loop HTTP/1.1 load generator for small requests at a fixed rate (wrk2's method): request
 * k is due at start + k / rate whether or not earlier answers have come back, and its latency is
 * measured from when it was due, so a server that stalls is charged for every request it delayed
 * (no coordinated omission). Raw keep-alive sockets and a busy scheduling loop, because it runs
 * pinned to its own core: autocannon's per-request JavaScript, timers and 1 ms histogram put a
 * 5 ms p99 and a ~10k/s ceiling on a bare Node server that answers in microseconds (measured here),
 * which hid the server's own figures.
 */
import { connect, type Socket } from 'node:net';

export interface OpenLoopOptions {
  readonly host: string;
  readonly port: number;
  /** Requests per second to offer. */
  readonly rate: number;
  readonly seconds: number;
  readonly connections: number;
  /** Sent at the rate before the measured seconds, not measured: both ends' JIT and caches warm up (default 2). */
  readonly warmupSeconds?: number;
  /** The next request's bytes (a whole HTTP/1.1 request with Content-Length). */
  readonly next: () => Buffer;
}

export interface OpenLoopResult {
  /** Requests answered, and answered per second of the run. */
  readonly answered: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  /** Answers other than 2xx, plus connection errors. */
  readonly errors: number;
  /** Requests due but never sent: every connection was still waiting when the run ended. */
  readonly unsent: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('\r\ncontent-length:');

/** The Content-Length of a response head in buf[0, end), read from the bytes (no strings: the generator must not make garbage). */
function contentLength(buf: Buffer, end: number): number {
  let at = buf.indexOf(CONTENT_LENGTH);
  if (at < 0 || at > end) {
    at = buf.subarray(0, end).toString('latin1').toLowerCase().indexOf('\r\ncontent-length:');
    if (at < 0) return 0;
  }
  let n = 0;
  for (let i = at + CONTENT_LENGTH.length; i < end; i++) {
    const d = buf[i] as number;
    if (d >= 48 && d <= 57) n = n * 10 + d - 48;
    else if (d !== 32 || n > 0) break;
  }
  return n;
}

interface Connection {
  readonly socket: Socket;
  /** When each request on the wire was due, oldest first (requests are not pipelined, so at most one). */
  due: number | undefined;
  buffer: Buffer;
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const warmup = Math.round(options.rate * (options.warmupSeconds ?? 2));
  const total = warmup + Math.round(options.rate * options.seconds);
  // Everything the run needs is made before it starts, so the generator's own garbage collection
  // does not show up as server latency.
  const requests = Array.from({ length: total }, () => options.next());
  const latencies = new Float64Array(total);
  let measured = 0;
  let errors = 0;
  let lastAnswer = 0;
  let warmed = 0;
  let measureFrom = Number.POSITIVE_INFINITY;
  const idle: Connection[] = [];
  const backlog: { due: number; bytes: Buffer }[] = [];
  let backlogHead = 0;

  const send = (c: Connection, due: number, bytes: Buffer) => {
    c.due = due;
    c.socket.write(bytes);
  };

  const connections = await Promise.all(
    Array.from(
      { length: options.connections },
      () =>
        new Promise<Connection>((resolve, reject) => {
          const socket = connect({ host: options.host, port: options.port, noDelay: true });
          const c: Connection = { socket, due: undefined, buffer: Buffer.alloc(0) };
          socket.once('connect', () => resolve(c));
          socket.once('error', reject);
          socket.on('data', (chunk: Buffer) => {
            c.buffer = c.buffer.length === 0 ? chunk : Buffer.concat([c.buffer, chunk]);
            for (;;) {
              const end = c.buffer.indexOf(HEADER_END);
              if (end < 0) return;
              const length = contentLength(c.buffer, end);
              if (c.buffer.length < end + 4 + length) return;
              // "HTTP/1.1 204": the status's first digit.
              if (c.buffer[9] !== 50) errors++;
              c.buffer = c.buffer.subarray(end + 4 + length);
              lastAnswer = performance.now();
              if (c.due !== undefined && c.due >= measureFrom) latencies[measured++] = lastAnswer - c.due;
              else if (c.due !== undefined) warmed++;
              c.due = undefined;
              const waiting = backlog[backlogHead];
              if (waiting) {
                backlog[backlogHead++] = undefined as never;
                send(c, waiting.due, waiting.bytes);
              } else idle.push(c);
            }
          });
        }),
    ),
  );
  for (const c of connections) {
    c.socket.removeAllListeners('error');
    c.socket.on('error', () => errors++);
    idle.push(c);
  }

  const start = performance.now();
  measureFrom = start + warmup * interval;
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval;
        const bytes = requests[sent] as Buffer;
        const c = idle.pop();
        if (c) send(c, due, bytes);
        else backlog.push({ due, bytes });
        sent++;
      }
      if (sent < total) setImmediate(tick);
      else resolve();
    };
    tick();
  });
  // Let the last answers arrive (bounded), then stop.
  const drainUntil = performance.now() + 2_000;
  while (warmed + measured < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  // Answered per second of the time answers took: the offered rate if the server kept up.
  const elapsed = Math.max(options.seconds, (lastAnswer - measureFrom) / 1000);
  for (const c of connections) c.socket.destroy();

  const sorted = latencies.subarray(0, measured).sort();
  const at = (q: number) => sorted[Math.min(measured - 1, Math.floor(q * measured))] ?? 0;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    answered: measured,
    perSecond: Math.round(measured / elapsed),
    p50Ms: round(at(0.5)),
    p99Ms: round(at(0.99)),
    p999Ms: round(at(0.999)),
    maxMs: round(sorted[measured - 1] ?? 0),
    errors,
    unsent: backlog.length - backlogHead,
  };
}
