import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { until } from './wait.ts';
import { leadStoryPath, viewTokenOf } from './dom.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A real Broadsheet server process (npm start's entry point), for tests across processes and crashes. */
export class ServerProcess {
  readonly port: number;
  readonly url: string;
  readonly #env: NodeJS.ProcessEnv;
  #child: ChildProcess | undefined;
  output = '';

  constructor(port: number, env: Record<string, string>) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.#env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', BROADSHEET_LOG_LEVEL: 'warn', ...env };
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.#child = spawn(process.execPath, ['dist/server.js'], { cwd: ROOT, env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (d: Buffer) => {
      this.output += d.toString();
      if (this.output.length > 50_000) this.output = this.output.slice(-20_000);
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    const child = this.#child;
    const healthy = async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${this.output}`);
      return fetch(`${this.url}/healthz`).then((res) => res.ok, () => false);
    };
    await until(healthy, `the server to answer /healthz; its output:\n${this.output}`, timeoutMs, 50);
  }

  /** fetch() against this process; a failure says whether the process is still running and what it printed. */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, init);
    } catch (err) {
      const child = this.#child;
      const state = child?.exitCode !== null || child?.signalCode !== null ? `exited (${child?.exitCode ?? child?.signalCode})` : 'still running';
      throw new Error(`${path}: ${(err as Error).message} (${(err as { cause?: Error }).cause?.message ?? ''}); the server is ${state}; its output ends:\n${this.output.slice(-3000)}`, { cause: err });
    }
  }

  /** Ends the process: SIGTERM lets it flush; SIGKILL is a crash. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await until(() => child.exitCode !== null || child.signalCode !== null, `the server to exit on ${signal}`, 10_000).catch(() => child.kill('SIGKILL'));
    await exited;
  }
}

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/** An article page's id and view token, read from the page as a browser would. */
export async function articleBeacon(base: string): Promise<{ id: number; token: string; path: string }> {
  const home = await (await fetch(`${base}/`)).text();
  const path = leadStoryPath(home);
  const html = await (await fetch(`${base}${path}`)).text();
  return { ...viewTokenOf(html), path };
}

/** Sends one beacon as a reader (the user agent makes the reader; X-Forwarded-For is ignored without trusted proxies). */
export async function sendBeacon(base: string, id: number, token: string, reader: string): Promise<number> {
  const res = await fetch(`${base}/_/v`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': `${BROWSER_UA} ${reader}` },
    body: JSON.stringify({ a: id, t: token }),
  });
  return res.status;
}
