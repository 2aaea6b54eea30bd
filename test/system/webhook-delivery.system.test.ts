import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/core/access/types.ts';
import { createToken } from '../../src/core/api/access-tokens.ts';
import { Webhooks } from '../../src/core/webhooks/webhooks.ts';
import { GuardedHttp } from '../../src/storage/outbound/guarded-http.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { postgresDialect, postgresStatus, type TestDatabase } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { freePort, ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/wait.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';

/*
 * Webhooks across real server processes over one PostgreSQL database: two processes deliver each
 * event once between them; an event written by a process killed (-9) before delivering is delivered
 * by the next; a process killed in the middle of a delivery has it taken over when its claim lapses.
 */

const pg = await postgresStatus();
const clock = { now: () => Date.now() };

describe('webhook delivery across processes', { skip: requires('webhook delivery across processes', { postgres: pg.ok ? undefined : pg.reason }) }, () => {
  let db: TestDatabase;
  let storage: KyselyStorage;
  let receiver: WebhookReceiver;
  let token: string;
  let subsectionId: number;
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-hooks-'));
  const servers: ServerProcess[] = [];
  const server = async (env: Record<string, string> = {}) => {
    const s = new ServerProcess(await freePort(), {
      BROADSHEET_DATABASE_URL: db.url, BROADSHEET_MEDIA_DIR: join(dir, 'media'), BROADSHEET_OUTBOUND_ALLOW: '127.0.0.1',
      BROADSHEET_WEBHOOK_POLL_MS: '25', BROADSHEET_WEBHOOK_TIMEOUT_MS: '500', ...env,
    });
    servers.push(s);
    await s.start();
    return s;
  };
  const publish = async (s: ServerProcess, headline: string): Promise<number> => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const made = await s.fetch('/api/admin/v1/articles', { method: 'POST', headers: auth, body: JSON.stringify({ headline, subsectionId }) });
    assert.equal(made.status, 201, await made.clone().text());
    const { article } = (await made.json()) as { article: { id: number; version: number } };
    const done = await s.fetch(`/api/admin/v1/articles/${article.id}/workflow`, { method: 'POST', headers: auth, body: JSON.stringify({ version: article.version, action: 'publish' }) });
    assert.equal(done.status, 200, await done.clone().text());
    return article.id;
  };
  const pending = async () => (await storage.webhooks.deliveries((await storage.webhooks.subscriptions())[0]!.id, 1000)).filter((d) => d.state !== 'delivered').length;

  before(async () => {
    db = await postgresDialect.create();
    receiver = await new WebhookReceiver().start();
    // The first process migrates and seeds the demo edition; the test then works in the same database.
    await server();
    storage = await openStorage(db.url);
    const user = await storage.users.create({ email: 'hooks-admin@example.com', name: 'Hooks Admin', role: 'admin', authorId: null, createdAt: clock.now() });
    const actor: Actor = { id: user.id, role: 'admin', authorId: null };
    token = (await createToken({ storage, clock }, actor, { kind: 'integration', name: 'wire', scopes: ['newsroom:enter', 'article:create', 'article:publish-any', 'article:publish-own'] })).token;
    await new Webhooks({ storage, clock, http: new GuardedHttp({ allow: ['127.0.0.1'] }) }).subscribe(actor, { name: 'receiver', url: receiver.url, events: ['article.published'] });
    subsectionId = (await storage.sections.listAll()).find((s) => s.parentId !== null)!.id;
  });
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL');
    await receiver?.close();
    await storage?.close();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('two processes deliver each event exactly once between them', async () => {
    const [a] = servers as [ServerProcess];
    const b = await server();
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) ids.push(await publish(i % 2 === 0 ? a : b, `Two-process story ${i}`));
    await until(async () => (await pending()) === 0 && receiver.received.length >= ids.length, () => Promise.resolve(`24 deliveries (have ${receiver.received.length})`), 30_000, 25);
    const events = receiver.eventIds();
    assert.equal(events.length, ids.length, 'no event twice');
    assert.equal(new Set(events).size, ids.length);
    const articles = receiver.received.map((r) => (JSON.parse(r.body) as { data: { article: { id: number } } }).data.article.id).sort((x, y) => x - y);
    assert.deepEqual(articles, [...ids].sort((x, y) => x - y));
    await b.stop('SIGTERM');
    servers.splice(servers.indexOf(b), 1);
  });

  test('kill -9 after the write and before the delivery: the next process delivers it, once', async () => {
    receiver.received.splice(0);
    await servers[0]!.stop('SIGTERM');
    servers.splice(0);
    const writer = await server({ BROADSHEET_WEBHOOK_DELIVERY: 'off' });
    const id = await publish(writer, 'Written, then the process died');
    await writer.stop('SIGKILL');
    servers.splice(0);
    assert.equal(receiver.received.length, 0);
    assert.equal(await pending(), 1, 'the event is in the outbox');
    await server();
    await until(async () => (await pending()) === 0, 'the next process to deliver it', 20_000, 25);
    assert.equal(receiver.received.length, 1);
    assert.equal((JSON.parse(receiver.received[0]!.body) as { data: { article: { id: number } } }).data.article.id, id);
  });

  test('kill -9 in the middle of a delivery: another process takes it over when the claim lapses', async () => {
    receiver.received.splice(0);
    let hung = false;
    receiver.answer = () => (hung ? 204 : ((hung = true), 'hang'));
    const doomed = servers[0]!;
    await publish(doomed, 'Cut off mid-delivery');
    await until(() => receiver.received.length === 1, 'the first attempt to reach the receiver', 10_000, 10);
    await doomed.stop('SIGKILL');
    servers.splice(0);
    await server();
    await until(async () => (await pending()) === 0, 'the claim to lapse and the delivery to be made', 30_000, 50);
    const ids = receiver.eventIds();
    assert.equal(ids.length, 2, 'sent again once (receivers dedupe on the event id)');
    assert.equal(ids[0], ids[1]);
    receiver.answer = () => 204;
  });
});
