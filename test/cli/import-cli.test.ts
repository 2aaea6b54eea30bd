import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { SERVED_URL_SETTING } from '../../src/core/ports.ts';
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

async function importCli(this: { env?: NodeJS.ProcessEnv } | void, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/import.js', ...args], { cwd: ROOT, env: (this && this.env) || env });
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

test('the dry run runs every check the real run does; a bad file anywhere in the batch means nothing is written', async () => {
  const good = readFileSync(join(dir, 'wire-story.txt'), 'utf8');
  const page = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const first = page('batch-a.txt', good.replace(/^.*\n/, 'Batch story A\n'));
  const bell = page('batch-b.txt', good.replace(/^.*\n/, 'Batch story B \u0007 rings\n'));
  const third = page('batch-c.txt', good.replace(/^.*\n/, 'Batch story C\n'));
  const escape = page('batch-d.txt', good.replace('Trade\n', 'Trade \u001b[2J\u001b[31mred\n'));
  const notImage = page('batch-e.txt', good.replace(/^.*\n/, 'Batch story E\n'));
  writeFileSync(join(dir, 'batch-e.jpg'), 'this is text with a .jpg name');
  const before = await articleCount();
  for (const args of [['--dry-run'], []]) {
    const res = await importCli(...args, '--section', 'business/economy', first, bell, third, escape, notImage);
    assert.equal(res.code, 1, `${args.join(' ')}: ${res.stdout}`);
    assert.match(res.stderr, /batch-b\.txt:1: contains a character that cannot be published \(U\+0007\)/);
    assert.match(res.stderr, /batch-d\.txt:9: contains a character that cannot be published \(U\+001B\)/);
    assert.match(res.stderr, /batch-e\.jpg:1: This file cannot be used as an image/);
    assert.match(res.stderr, /Nothing was imported: 3 of 5 file\(s\)/);
    assert.doesNotMatch(res.stdout + res.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no raw control characters reach the terminal');
    assert.equal(await articleCount(), before, `${args.join(' ')}: nothing written`);
  }
  const ok = await importCli('--section', 'business/economy', first, third);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(await articleCount(), before + 2);
});

test('printed links name the origin the site runs at, not the CLI shell’s default', async () => {
  const storage = await openStorage(env.BROADSHEET_DATABASE_URL as string);
  await storage.settings.put(SERVED_URL_SETTING, 'https://served.example.org');
  await storage.close();
  const { BROADSHEET_PUBLIC_URL: _unset, ...shell } = env;
  const res = await importCli.call({ env: { ...shell, PORT: '3000' } }, '--section', 'society/general-news', join(dir, 'harbor-bridge.txt'));
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /https:\/\/served\.example\.org\/society\/general-news\/20260303-\d+\//);
  const explicit = await importCli('--section', 'society/general-news', join(dir, 'harbor-bridge.txt'));
  assert.match(explicit.stdout, /https:\/\/news\.example\.com\/society\//, 'an explicit BROADSHEET_PUBLIC_URL still wins');
  const link = await run(process.execPath, ['dist/user.js', 'create', '--email', 'cli.writer@example.com', '--name', 'Cli Writer', '--role', 'admin', '--link'], { cwd: ROOT, env: shell });
  assert.match(link.stdout, /https:\/\/served\.example\.org\/admin\/setup\//);
});

test('usage errors exit non-zero', async () => {
  const res = await importCli();
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /missing required argument 'files'/);
});
