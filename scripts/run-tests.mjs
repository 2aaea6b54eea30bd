#!/usr/bin/env node
// Runs the whole suite on node's own test runner: unit, contract (SQLite and PostgreSQL),
// HTTP, CLI and browser tests. Node 20 does not expand globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const layers = ['unit', 'contract', 'http', 'cli', 'system', 'e2e'];
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

const reporter = 'spec';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);
process.exit(result.status ?? 1);
