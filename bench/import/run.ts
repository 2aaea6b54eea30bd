/**
 * Archive import at scale (issue 18): a generated WordPress export of 50,000 posts (block markup,
 * categories, tags, old permalinks) imported into a fresh SQLite database by the built command
 * (`node dist/import.js wordpress …`, what `npm run import -- wordpress …` runs), timed wall clock,
 * with the process's peak resident memory (VmHWM). The reference in the same run: bare Node reading
 * the same file with the same streaming XML parser and nothing else, the floor for any importer of
 * this file on this machine. Targets: under 10 minutes and under 500 MB. Writes docs/benchmarks.md.
 *
 * Usage: npm run bench:import [-- --posts 50000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedWxr } from '../../test/helpers/wxr.ts';
import { machineInfo, ROOT, writeSection } from '../lib/harness.ts';

const at = process.argv.indexOf('--posts');
const POSTS = at >= 0 ? Number(process.argv[at + 1]) : 50_000;

/** Runs a command to its end; wall time and peak resident memory (MB), sampled from /proc. */
async function measure(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; peakMb: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let peakKb = 0;
  const sample = () => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      peakKb = Math.max(peakKb, kb);
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 50);
  const [code] = await once(child, 'exit');
  clearInterval(timer);
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${stdout}`);
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, stdout };
}

const PARSE_ONLY = `
const { SaxesParser } = require('saxes');
const p = new SaxesParser({ xmlns: false });
let items = 0;
p.on('opentag', (t) => { if (t.name === 'item') items++; });
require('node:fs').createReadStream(process.argv[1], { encoding: 'utf8', highWaterMark: 1 << 20 })
  .on('data', (c) => p.write(c)).on('end', () => { p.close(); console.log(items); });`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-bench-import-'));
  try {
    const file = join(work, 'export.xml');
    console.log(`writing a ${POSTS.toLocaleString('en-US')}-post export…`);
    await writeGeneratedWxr(file, POSTS);
    const mb = statSync(file).size / 1024 / 1024;
    const env = { ...process.env, BROADSHEET_DATABASE_URL: `sqlite:${join(work, 'bench.db')}`, BROADSHEET_MEDIA_DIR: join(work, 'media') };
    const parse = await measure(['-e', PARSE_ONLY, file], env);
    if (parse.stdout.trim() !== String(POSTS)) throw new Error(`the reference read ${parse.stdout.trim()} items, not ${POSTS}`);
    console.log(`parse only: ${parse.seconds.toFixed(1)} s, ${parse.peakMb.toFixed(0)} MB`);
    const imported = await measure(['dist/import.js', 'wordpress', file], env);
    console.log(imported.stdout);
    if (!imported.stdout.includes(`Created: ${POSTS} article(s)`)) throw new Error('the import did not create every post');
    const again = await measure(['dist/import.js', 'wordpress', file], env);
    const markdown = [
      '## Archive import',
      '',
      `\`npm run bench:import\`: a generated WordPress export of ${POSTS.toLocaleString('en-US')} posts (${mb.toFixed(0)} MB of WXR: block`,
      'markup, two levels of categories, a tag, old permalinks) imported into a fresh SQLite database by the built command',
      '(`node dist/import.js wordpress export.xml`), then run again (everything already imported). Peak resident memory is',
      "the process's VmHWM. The reference is bare Node streaming the same file through the same XML parser (saxes) and",
      'doing nothing else. Targets (issue 18): under 10 minutes and under 500 MB.',
      '',
      ...machineInfo(),
      '',
      '| run | wall time | peak RSS | posts per second |',
      '|---|---|---|---|',
      `| import (articles, redirects, search index, ledger) | ${imported.seconds.toFixed(1)} s | ${imported.peakMb.toFixed(0)} MB | ${(POSTS / imported.seconds).toFixed(0)} |`,
      `| second run (nothing to do) | ${again.seconds.toFixed(1)} s | ${again.peakMb.toFixed(0)} MB | ${(POSTS / again.seconds).toFixed(0)} |`,
      `| reference: parse only (bare Node + saxes) | ${parse.seconds.toFixed(1)} s | ${parse.peakMb.toFixed(0)} MB | ${(POSTS / parse.seconds).toFixed(0)} |`,
      `| ratio import / parse only | ${(imported.seconds / parse.seconds).toFixed(1)}× | ${(imported.peakMb / parse.peakMb).toFixed(1)}× | |`,
    ].join('\n');
    writeSection('archive-import', markdown);
    console.log(markdown);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
