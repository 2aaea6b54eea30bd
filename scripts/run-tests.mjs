#!/usr/bin/env node
// Runs the whole suite on node's own test runner: unit, contract (SQLite and PostgreSQL), HTTP, CLI,
// system and browser tests. Node 20 does not expand globs, so the files are listed here. The last
// line says what ran and what did not, with the reason for each test that did not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildIfStale } from './build.mjs';

const root = new URL('..', import.meta.url).pathname;
// Each folder is named by what its suites need (README, "Tests").
const layers = ['unit', 'contract', 'sqlite', 'redis', 'app', 'http', 'cli', 'system', 'e2e'];
const only = process.argv.slice(2);
const files = layers
  .filter((layer) => only.length === 0 || only.includes(layer))
  .flatMap((layer) =>
    readdirSync(join(root, 'test', layer), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join('test', layer, f)),
  );

// Server and CLI tests run the built code, as npm start does.
await buildIfStale();

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-tests-'));
const summaryFile = join(dir, 'summary.json');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', `--test-concurrency=${process.env.BROADSHEET_TEST_CONCURRENCY ?? 3}`,
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/test-summary-reporter.mjs')}`, `--test-reporter-destination=${summaryFile}`,
    ...files,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);

let line;
try {
  const s = JSON.parse(readFileSync(summaryFile, 'utf8'));
  const ran = `${s.passed + s.failed} tests ran in ${s.files} files: ${s.passed} passed, ${s.failed} failed`;
  const skipped = s.notRun.length === 0
    ? 'nothing was skipped'
    : `${s.notRun.length} did not run: ${s.notRun.map((t) => `"${t.name}" (${t.file ? `${relative(root, t.file)}: ` : ''}${t.reason})`).join('; ')}`;
  line = `npm test (${only.length ? only.join(', ') : 'every layer'}, node ${process.version}): ${ran}; ${skipped}.`;
} catch (err) {
  line = `npm test: no summary (${err.message}); the runner exited with ${result.status ?? result.signal}.`;
}
rmSync(dir, { recursive: true, force: true });
console.log(`\n${line}`);
process.exit(result.status ?? 1);
