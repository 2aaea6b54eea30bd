import { Writable } from 'node:stream';

/** One line of the server's log (pino's JSON), as the tests read it. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { info: 30, warn: 40, error: 50 } as const;

/** A Fastify logger setting that keeps every line in memory, for tests that assert on what is logged. */
export function captureLog(level = 'info'): { readonly lines: LogLine[]; readonly logger: { level: string; stream: Writable } } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { lines, logger: { level, stream } };
}
