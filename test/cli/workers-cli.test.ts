import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `npm start`'s entry point with arguments; it must refuse before it touches anything. */
function start(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['dist/server.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', BROADSHEET_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('--workers refuses a bad count, and SQLite, with a clear message and nothing created', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-workers-'));
  try {
    const db = join(dir, 'site.db');
    for (const bad of ['0', 'two', '1.5', '999']) {
      const r = start(['--workers', bad], { BROADSHEET_DATABASE_URL: `sqlite:${db}` });
      assert.equal(r.status, 1, `--workers ${bad}`);
      assert.match(r.stderr, /BS_ERR_CONFIG_INVALID: .*--workers must be a whole number from 1 to 256/);
    }
    const sqlite = start(['--workers', '2'], { BROADSHEET_DATABASE_URL: `sqlite:${db}` });
    assert.equal(sqlite.status, 1);
    assert.match(sqlite.stderr, /--workers needs BROADSHEET_DATABASE_URL=postgres:\/\/\.\.\. and BROADSHEET_REDIS_URL/);
    assert.equal(existsSync(db), false, 'no database was created');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
