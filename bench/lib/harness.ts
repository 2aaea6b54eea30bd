/**
 * Shared pieces for benchmarks: starting servers pinned to a core, waiting for them, running
 * wrk pinned to the other core and reading its figures, and writing results into
 * docs/benchmarks.md between a benchmark's own markers.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = new URL('../../', import.meta.url).pathname;

export function have(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs a command on one CPU core when taskset is available (server and load generator must not share). */
export function pinned(core: number, command: string, args: string[]): [string, string[]] {
  return have('taskset') ? ['taskset', ['-c', String(core), command, ...args]] : [command, args];
}

const stderrTails = new WeakMap<ChildProcess, () => string>();

/** The last 10-20 kB a process started by `start` wrote to stderr (a server's warnings, say). */
export function stderrOf(child: ChildProcess): string {
  return stderrTails.get(child)?.() ?? '';
}

/** The last 10-20 kB a process started by `start` with `{ stdout: true }` wrote to stdout (a server's log, say). */
export function stdoutOf(child: ChildProcess): string {
  return stdoutTails.get(child)?.() ?? '';
}

const stdoutTails = new WeakMap<ChildProcess, () => string>();

function keepTail(stream: NodeJS.ReadableStream | null, tails: WeakMap<ChildProcess, () => string>, child: ChildProcess): void {
  let tail = '';
  stream?.on('data', (d: Buffer) => {
    tail += d.toString();
    if (tail.length > 20_000) tail = tail.slice(-10_000);
  });
  tails.set(child, () => tail);
}

export function start(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: { stdout?: boolean } = {}): ChildProcess {
  const child = spawn(command, args, { env, stdio: ['ignore', options.stdout ? 'pipe' : 'ignore', 'pipe'], cwd: ROOT });
  keepTail(child.stderr, stderrTails, child);
  if (options.stdout) keepTail(child.stdout, stdoutTails, child);
  const stderr = () => stderrOf(child);
  child.on('exit', (code) => {
    if (code && code !== 0 && code !== 143) console.error(`${command} exited ${code}:\n${stderr()}`);
  });
  return child;
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly transferPerSecond: string;
  /** Requests completed in the run. */
  readonly requests: number;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

/** Runs wrk on `core` against `url` and parses throughput and latency percentiles. */
export function wrk(
  url: string,
  options: { core: number; seconds: number; connections: number; threads?: number; script?: string },
): LoadResult {
  const [cmd, args] = pinned(options.core, 'wrk', [
    `-t${options.threads ?? 1}`, `-c${options.connections}`, `-d${options.seconds}s`, '--latency',
    ...(options.script ? ['-s', options.script] : []),
    url,
  ]);
  const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: (options.seconds + 30) * 1000 });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const p50 = /^\s+50%\s+(\S+)/m.exec(out);
  const p99 = /^\s+99%\s+(\S+)/m.exec(out);
  const transfer = /Transfer\/sec:\s+(\S+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  if (!rps || !p50 || !p99) throw new Error(`could not read wrk output:\n${out}`);
  const errors = Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((s, v) => s + Number(v), 0) : 0);
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: toMs(p50[1] as string),
    p99Ms: toMs(p99[1] as string),
    errors,
    transferPerSecond: transfer?.[1] ?? '',
    requests: Number(total?.[1] ?? 0),
  };
}

function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]?.trim() ?? '?';
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    return (e.stderr || e.stdout || '?').split('\n')[0]?.trim() ?? '?';
  }
}

/** The machine and versions, for the record. */
export function machineInfo(): string[] {
  const cpu = cpus();
  const pkg = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}`), 'utf8')) as { dependencies: Record<string, string> };
  const nginx = have('nginx') ? execFileSync('sh', ['-c', 'nginx -v 2>&1'], { encoding: 'utf8' }).trim() : 'nginx not installed';
  const wrk = have('wrk') ? versionOf('wrk', ['-v']).split(' Copyright')[0] : 'wrk not installed';
  return [
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- CPU: ${cpu[0]?.model ?? '?'}, ${cpu.length} cores; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${readOs()}`,
    `- Node ${process.version}; fastify ${pkg.dependencies.fastify}; better-sqlite3 ${pkg.dependencies['better-sqlite3']}; ${nginx}; ${wrk}`,
  ];
}

function readOs(): string {
  if (!existsSync('/etc/os-release')) return process.platform;
  return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? process.platform;
}

/** Replaces this benchmark's section of docs/benchmarks.md (between its markers), keeping the others. */
export function writeSection(name: string, markdown: string): void {
  const file = new URL('docs/benchmarks.md', `file://${ROOT}`);
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures written by the scripts in `bench/`; each section is replaced by its own script. Speed is measured here, never asserted in tests.\n';
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const at = doc.indexOf(start);
  const until = doc.indexOf(end);
  doc = at >= 0 && until > at ? `${doc.slice(0, at)}${block}${doc.slice(until + end.length)}` : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}
