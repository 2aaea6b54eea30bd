import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openStorage } from '../../src/storage/open-storage.ts';
import { articleBeacon, freePort, sendBeacon, ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/wait.ts';

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function storedViews(url: string, id: number): Promise<number> {
  const storage = await openStorage(url);
  try {
    let n = 0;
    for (const counts of (await storage.views.read('5m', Date.now() - 3_600_000, Date.now() + 3_600_000)).values()) n += counts.get(id) ?? 0;
    return n;
  } finally {
    await storage.close();
  }
}

test('kill -9 loses at most the views not yet flushed, and the database stays sound', async () => {
  const db = `sqlite:${join(dir, 'crash.db')}`;
  const env = { BROADSHEET_DATABASE_URL: db, BROADSHEET_MEDIA_DIR: join(dir, 'media'), BROADSHEET_VIEW_FLUSH_MS: '400' };
  const server = new ServerProcess(await freePort(), env);
  await server.start();
  const { id, token } = await articleBeacon(server.url);
  const before = await storedViews(db, id);

  for (let i = 0; i < 50; i++) assert.equal(await sendBeacon(server.url, id, token, `flushed-${i}`), 204);
  await until(async () => (await storedViews(db, id)) - before >= 50, 'the first 50 views on disk');
  const unflushed = 30;
  for (let i = 0; i < unflushed; i++) await sendBeacon(server.url, id, token, `in-memory-${i}`);
  await server.stop('SIGKILL');

  const after = await storedViews(db, id);
  assert.ok(after - before >= 50, `the flushed views survived (${after - before})`);
  assert.ok(after - before <= 50 + unflushed, 'nothing counted twice');
  const lost = 50 + unflushed - (after - before);
  assert.ok(lost <= unflushed, `lost ${lost}, at most the ${unflushed} sent since the last flush`);

  const storage = await openStorage(db);
  try {
    const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute((storage.connection).db);
    assert.equal(check.rows[0]?.integrity_check, 'ok');
  } finally {
    await storage.close();
  }
  // It starts again on the same file and keeps counting.
  const again = new ServerProcess(await freePort(), env);
  await again.start();
  const fresh = await articleBeacon(again.url);
  assert.equal(await sendBeacon(again.url, fresh.id, fresh.token, 'after-restart'), 204);
  await again.stop('SIGTERM');
  assert.equal(await storedViews(db, id), after + 1, 'a clean stop flushes what it holds');
});
