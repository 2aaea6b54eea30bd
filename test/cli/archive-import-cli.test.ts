import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { KyselyStorage, openStorage } from '../../src/storage/open-storage.ts';
import { databaseDump } from '../helpers/database-dump.ts';
import { until } from '../helpers/wait.ts';
import { writeGeneratedWxr } from '../helpers/wxr.ts';

/*
 * The import command as an operator runs it: a dry run that writes nothing, a broken file that
 * stops before the database is touched, and a run killed with SIGKILL in the middle that, run
 * again, ends with exactly the database an uninterrupted run makes.
 */

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const POSTS = 3000;
let dir: string;
let archive: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-archive-cli-'));
  archive = join(dir, 'export.xml');
  await writeGeneratedWxr(archive, POSTS);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function env(db: string): NodeJS.ProcessEnv {
  return { ...process.env, BROADSHEET_DATABASE_URL: `sqlite:${join(dir, db)}`, BROADSHEET_MEDIA_DIR: join(dir, `${db}-media`) };
}

async function importCli(db: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/import.js', ...args], { cwd: ROOT, env: env(db), maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function dump(db: string): Promise<Record<string, string[]>> {
  const storage = (await openStorage(`sqlite:${join(dir, db)}`)) as KyselyStorage;
  try {
    return await databaseDump(storage);
  } finally {
    await storage.close();
  }
}

function importedPosts(db: string): number {
  try {
    const conn = new Database(join(dir, db), { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare("select count(*) as n from import_ledger where kind = 'post'").get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0; // not created or not migrated yet
  }
}

test('a dry run prints what would happen and writes nothing; a broken file stops before the database', async () => {
  const dry = await importCli('dry.db', 'wordpress', archive, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`Would create: ${POSTS} article\\(s\\)`));
  assert.equal(importedPosts('dry.db'), 0);
  writeFileSync(join(dir, 'broken.xml'), '<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</title>\n</channel></rss>');
  const broken = await importCli('broken.db', 'wordpress', join(dir, 'broken.xml'));
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /broken\.xml:4: .*\nNothing was imported\./);
  const missing = await importCli('broken.db', 'ghost', join(dir, 'nope.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.json: cannot be read \(ENOENT\)/);
});

test('killed with SIGKILL mid-import, a second run resumes and leaves the same database as an uninterrupted run', async () => {
  const whole = await importCli('whole.db', 'wordpress', archive);
  assert.equal(whole.code, 0, whole.stderr);
  assert.match(whole.stdout, new RegExp(`Created: ${POSTS} article\\(s\\)`));

  const child = spawn(process.execPath, ['dist/import.js', 'wordpress', archive], { cwd: ROOT, env: env('killed.db'), stdio: 'ignore' });
  const exited = once(child, 'exit');
  const landed = await until(() => {
    const n = importedPosts('killed.db');
    return n > 0 ? n : undefined;
  }, 'the first batch to land', 60_000);
  child.kill('SIGKILL');
  const [code, signal] = await exited;
  assert.equal(signal, 'SIGKILL', `the import was still running (exit ${code})`);
  const before = importedPosts('killed.db');
  assert.ok(before >= landed && before < POSTS, `killed part-way: ${before} of ${POSTS} posts in`);

  const resumed = await importCli('killed.db', 'wordpress', archive);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`Already imported and unchanged: ${before}\\.`));
  assert.match(resumed.stdout, new RegExp(`Created: ${POSTS - before} article\\(s\\)`));
  assert.deepEqual(await dump('killed.db'), await dump('whole.db'));

  const again = await importCli('killed.db', 'wordpress', archive);
  assert.match(again.stdout, /Nothing changed: everything in this export was imported before\./);
});
