import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { openStorage } from '../../src/storage/open-storage.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

let dir: string;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-'));
  for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(dir, f));
  await sharp({ create: { width: 1400, height: 800, channels: 3, background: '#225588' } }).jpeg().toFile(join(dir, 'harbor-bridge.jpg'));
  env = {
    ...process.env,
    BROADSHEET_DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`,
    BROADSHEET_MEDIA_DIR: join(dir, 'media'),
    BROADSHEET_PUBLIC_URL: 'https://news.example.com',
  };
  const storage = await openStorage(env.BROADSHEET_DATABASE_URL as string);
  const society = await storage.sections.create({ slug: 'society', name: 'Society', parentId: null, position: 0, description: '' });
  await storage.sections.create({ slug: 'general-news', name: 'General News', parentId: society.id, position: 1, description: '' });
  const business = await storage.sections.create({ slug: 'business', name: 'Business', parentId: null, position: 2, description: '' });
  await storage.sections.create({ slug: 'economy', name: 'Economy', parentId: business.id, position: 3, description: '' });
  await storage.close();
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function importCli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function articleCount(): Promise<number> {
  const storage = await openStorage(env.BROADSHEET_DATABASE_URL as string);
  try {
    return (await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total;
  } finally {
    await storage.close();
  }
}

test('one malformed file stops the run: every problem is named by file and line, nothing is imported', async () => {
  const res = await importCli('--section', 'society/general-news', join(dir, 'harbor-bridge.txt'), join(dir, 'bad-date.txt'), join(dir, 'no-timestamp.txt'), join(dir, 'missing.txt'));
  assert.equal(res.code, 1);
  assert.match(res.stderr, /bad-date\.txt:2: "10:00 JST, February 30, 2026" is not a real date/);
  assert.match(res.stderr, /no-timestamp\.txt:2: expected a timestamp/);
  assert.match(res.stderr, /missing\.txt: cannot be read \(ENOENT\)/);
  assert.match(res.stderr, /Nothing was imported: 3 of 4 file\(s\)/);
  assert.equal(await articleCount(), 0);
});

test('valid files are imported with a progress bar, each URL printed; a second run duplicates nothing', async () => {
  const first = await importCli(join(dir, 'harbor-bridge.txt'), join(dir, 'wire-story.txt'), '--section', 'society/general-news');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /importing \[.*\] 2\/2/);
  assert.match(first.stdout, /imported: https:\/\/news\.example\.com\/society\/general-news\/20260303-\d+\/ {2}\(.*harbor-bridge\.txt\)/);
  assert.match(first.stdout, /imported: https:\/\/news\.example\.com\/society\/general-news\/20250806-\d+\/ /);
  assert.match(first.stdout, /2 article\(s\) imported, 0 already present/);
  assert.equal(await articleCount(), 2);
  assert.ok(readdirSync(join(dir, 'media'), { recursive: true }).some((f) => String(f).endsWith('-480w.webp')), 'the sibling photo was stored');

  const second = await importCli('--section', 'society/general-news', join(dir, 'harbor-bridge.txt'), join(dir, 'wire-story.txt'));
  assert.equal(second.code, 0);
  assert.match(second.stdout, /already imported: https:\/\/news\.example\.com\/society\/general-news\/20260303-\d+\//);
  assert.match(second.stdout, /0 article\(s\) imported, 2 already present/);
  assert.equal(await articleCount(), 2);
});

test('without --section the first related tag that names a section places the article; otherwise a clear error', async () => {
  const placed = await importCli('--dry-run', join(dir, 'wire-story.txt'));
  assert.equal(placed.code, 0, placed.stderr);
  assert.match(placed.stdout, /ok: .*wire-story\.txt/);
  const unplaced = await importCli(join(dir, 'harbor-bridge.txt'));
  assert.equal(unplaced.code, 1);
  assert.match(unplaced.stderr, /harbor-bridge\.txt: Unknown section "Transport" \(Name the section with --section/);
});

test('usage errors exit non-zero', async () => {
  const res = await importCli();
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /missing required argument 'files'/);
});
