/**
 * Cold start and idle memory (issue 16): an existing SQLite database with the demo edition and 10,000
 * more articles; each run spawns the server as `npm start` would after its build and times spawn → the
 * first article page answered 200, then reads the process's resident memory once it has served a
 * few pages and sat idle. Median of five starts. The reference in the same run: bare Node answering
 * its first request (what no application can beat on this machine). Writes docs/benchmarks.md.
 *
 * Usage: npm run bench:startup [-- --runs 5 --articles 10000]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { LocalMediaFiles } from '../../src/storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../../src/storage/media/sharp-image-processor.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { generateArticles } from '../lib/generate-articles.ts';
import { machineInfo, ROOT, writeSection } from '../lib/harness.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const ARTICLES = arg('articles', 10_000);
const PORT = 3917;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** Resident memory of a process in MB (VmRSS). */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function firstOk(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (performance.now() > deadline) throw new Error(`${url} not answered within ${deadlineMs} ms`);
    await sleep(5);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One start: ms from spawn to the first 200 of `path`, and RSS after serving a few pages and 5 s idle. */
async function oneStart(command: string, args: string[], env: NodeJS.ProcessEnv, path: string, extraPaths: string[]): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await firstOk(`http://127.0.0.1:${PORT}${path}`, child, 60_000);
    const ms = performance.now() - started;
    for (const p of extraPaths) await fetch(`http://127.0.0.1:${PORT}${p}`).then((r) => r.arrayBuffer());
    await sleep(5_000);
    return { ms, rss: rssMb(child.pid as number) };
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-startup-'));
  const dbFile = join(work, 'edition.db');
  const media = join(work, 'media');
  try {
    console.log(`preparing a database: the demo edition and ${ARTICLES} more articles ...`);
    const storage = await openStorage(`sqlite:${dbFile}`);
    const now = Date.now();
    await seedDemo({ storage, files: new LocalMediaFiles(media), processor: new SharpImageProcessor(), now });
    await generateArticles(storage, { count: ARTICLES, now, days: 365, seed: 7 });
    await storage.transaction((tx) => tx.search.rebuild());
    await storage.optimize();
    await storage.close();
    const env = {
      ...process.env,
      BROADSHEET_DATABASE_URL: `sqlite:${dbFile}`,
      BROADSHEET_MEDIA_DIR: media,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      BROADSHEET_SECRET: 'bench-secret-bench-secret-bench-secret!!',
      BROADSHEET_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    // The article path, from a first start (not measured: it also warms the OS file cache, as a restart has).
    const probe = spawn(process.execPath, serverArgs(), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    await firstOk(`http://127.0.0.1:${PORT}/healthz`, probe, 60_000);
    const home = await (await fetch(`http://127.0.0.1:${PORT}/`)).text();
    await stopChild(probe);
    const path = /class="lead-headline"><a href="([^"]+)"/.exec(home)?.[1];
    if (!path) throw new Error('no lead article on the home page');
    const extra = ['/', path, '/politics/', '/search/?q=minister'];

    const results: { ms: number; rss: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await oneStart(process.execPath, serverArgs(), env, path, extra);
      console.log(`start ${i + 1}: first article page after ${r.ms.toFixed(0)} ms; idle RSS ${r.rss.toFixed(0)} MB`);
      results.push(r);
    }
    const bare: { ms: number; rss: number }[] = [];
    const bareScript = `require('node:http').createServer((q, s) => s.end('ok')).listen(${PORT}, '127.0.0.1')`;
    for (let i = 0; i < RUNS; i++) bare.push(await oneStart(process.execPath, ['-e', bareScript], env, '/', ['/']));

    const ms = median(results.map((r) => r.ms));
    const rss = median(results.map((r) => r.rss));
    const bareMs = median(bare.map((r) => r.ms));
    const bareRss = median(bare.map((r) => r.rss));
    const markdown = [
      '## Start and idle memory',
      '',
      `\`npm run bench:startup\`: an existing SQLite database with the demo edition and ${ARTICLES.toLocaleString('en-US')} more articles; the`,
      `server started as \`npm start\` runs it once built (\`node ${serverArgs().join(' ')}\`), timed from spawn to the first article`,
      `page answered 200; resident memory after four pages and 5 s idle. Median of ${RUNS} starts; the reference is bare Node`,
      'answering its first request, started the same way. Targets (issue 16): start ≤ 1 s, idle RSS ≤ 150 MB.',
      '',
      ...machineInfo(),
      '',
      '| process | spawn → first page (median) | idle RSS (median) |',
      '|---|---|---|',
      `| Broadsheet | ${ms.toFixed(0)} ms | ${rss.toFixed(0)} MB |`,
      `| bare Node \`http\` | ${bareMs.toFixed(0)} ms | ${bareRss.toFixed(0)} MB |`,
      `| ratio | ${(ms / bareMs).toFixed(1)}× | ${(rss / bareRss).toFixed(1)}× |`,
      '',
      `Each start: ${results.map((r) => `${r.ms.toFixed(0)} ms / ${r.rss.toFixed(0)} MB`).join(', ')}.`,
    ].join('\n');
    writeSection('startup', markdown);
    console.log(markdown);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** How `npm start` runs the server once built: its V8 flags (package.json) and the built entry. */
function serverArgs(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const flags = start.split(' ').filter((w) => w.startsWith('--') && w.includes('='));
  if (!existsSync(join(ROOT, 'dist/server.js'))) throw new Error('run npm run build first');
  return [...flags, 'dist/server.js'];
}

await main();
