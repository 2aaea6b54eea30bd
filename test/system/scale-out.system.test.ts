import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { POSTGRES_URL, postgresDialect, postgresStatus, REDIS_REQUIRED, type TestDatabase } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { freePort, ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/wait.ts';
import { leadStoryPath } from '../helpers/dom.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pgStatus = await postgresStatus();
const redisServer = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
const skipped = requires('several processes over PostgreSQL and Redis', {
  postgres: pgStatus.ok ? undefined : pgStatus.reason,
  redis: redisServer ? undefined : `redis-server is not installed (this suite starts and stops its own)${REDIS_REQUIRED ? '' : ''}`,
});

/** A TCP proxy to PostgreSQL that the test can cut and restore: "the database is down" without stopping the shared server. */
class CuttableProxy {
  readonly port: number;
  readonly #target: { host: string; port: number };
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(port: number, target: { host: string; port: number }) {
    this.port = port;
    this.#target = target;
  }

  async open(): Promise<void> {
    this.#server = createServer((client) => {
      const upstream = createConnection(this.#target);
      this.#sockets.add(client).add(upstream);
      const done = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on('error', done).on('close', done);
      upstream.on('error', done).on('close', done);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server?.listen(this.port, '127.0.0.1', resolve));
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A Redis server of this suite's own, so it can be stopped and started mid-test. */
class OwnRedis {
  readonly port: number;
  #child: ChildProcess | undefined;
  constructor(port: number) {
    this.port = port;
  }
  async start(): Promise<void> {
    this.#child = spawn(redisServer, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const accepting = () =>
      new Promise<boolean>((resolve) => {
        const s = createConnection({ port: this.port, host: '127.0.0.1' }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
    await until(accepting, 'redis-server to accept connections', 5_000, 50);
  }

  /** How many clients are connected (the servers' connections: they reconnect on their own after a restart). */
  async clients(): Promise<number> {
    const probe = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await probe.connect();
      const list = (await probe.client('LIST')) as string;
      return list.split('\n').filter((line) => line.trim() !== '').length - 1;
    } catch {
      return 0;
    } finally {
      probe.disconnect();
    }
  }
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}

/** A browser-like client for a real process: cookies, and the CSRF token pages carry. */
class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';
  async request(base: string, method: string, path: string, body?: { form?: Record<string, string>; json?: unknown }): Promise<{ status: number; text: string; json: () => unknown }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let payload: string | undefined;
    if (body?.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ ...body.form, _csrf: this.csrf }).toString();
    } else if (body?.json !== undefined) {
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = this.csrf;
      payload = JSON.stringify(body.json);
    }
    const res = await fetch(`${base}${path}`, { method, headers, redirect: 'manual', ...(payload !== undefined ? { body: payload } : {}) });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), value);
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? /data-csrf="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token.replaceAll('&amp;', '&');
    return { status: res.status, text, json: () => JSON.parse(text) };
  }
}

const PASSWORD = 'scale-out test passphrase 2026';

describe('several processes over PostgreSQL and Redis', { skip: skipped }, () => {
  let db: TestDatabase;
  let proxy: CuttableProxy;
  let redis: OwnRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-scale-out-'));
  const editor = new Client();
  let articleId = 0;
  let articlePath = '';
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

  /** An admin with PASSWORD, made with the CLI against the suite's database (as an operator would). */
  function createAdmin(email: string, name: string): void {
    const made = spawnSync(process.execPath, ['dist/user.js', 'create', '--email', email, '--name', name, '--role', 'admin', '--password-stdin'], {
      cwd: ROOT,
      env: { ...process.env, BROADSHEET_DATABASE_URL: db.url },
      input: PASSWORD,
      encoding: 'utf8',
    });
    assert.equal(made.status, 0, made.stderr);
  }

  before(async () => {
    db = await postgresDialect.create();
    const pgUrl = new URL(POSTGRES_URL);
    proxy = new CuttableProxy(await freePort(), { host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    await proxy.open();
    redis = new OwnRedis(await freePort());
    await redis.start();
    const viaProxy = db.url.replace(`${pgUrl.hostname}:${pgUrl.port || 5432}`, `127.0.0.1:${proxy.port}`);
    smtp = await startSmtpSink();
    const env = {
      BROADSHEET_SMTP_URL: smtp.url,
      BROADSHEET_NEWSLETTER_POLL_MS: '100',
      BROADSHEET_DATABASE_URL: viaProxy,
      BROADSHEET_REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      BROADSHEET_REDIS_PREFIX: 'so:',
      BROADSHEET_SECRET: 'scale-out-test-secret-scale-out-test-secret',
      BROADSHEET_MEDIA_DIR: join(dir, 'media'),
      // Slow polling, so that seeing a write within a second has to come from the Redis doorbell.
      BROADSHEET_INVALIDATION_POLL_MS: '20000',
      BROADSHEET_SCHEDULER_INTERVAL_MS: '300',
      BROADSHEET_VIEW_FLUSH_MS: '300',
    };
    a = new ServerProcess(await freePort(), env);
    await a.start(120_000);
    b = new ServerProcess(await freePort(), env);
    await b.start(120_000);
    // An editor account, made with the CLI against the same database.
    createAdmin('ops@example.com', 'Ops Editor');
    const home = await (await fetch(`${b.url}/`)).text();
    articlePath = leadStoryPath(home);
    articleId = Number(/-(\d+)\/$/.exec(articlePath)?.[1]);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.stop();
    await proxy?.cut();
    await db?.cleanup();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a session made on A works on B', async () => {
    await editor.request(a.url, 'GET', '/admin/login');
    const login = await editor.request(a.url, 'POST', '/admin/login', { form: { email: 'ops@example.com', password: PASSWORD } });
    assert.equal(login.status, 303, login.text.slice(0, 300));
    const onB = await editor.request(b.url, 'GET', '/admin/account/');
    assert.equal(onB.status, 200);
    assert.match(onB.text, /Ops Editor/);
    assert.ok(editor.csrf.length > 0);
  });

  test('login throttling holds across processes: 30 wrong passwords at once, split over A and B, get 5 checks', async () => {
    createAdmin('target@example.com', 'Throttle Target');
    const clients = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const c = new Client();
        const server = i % 2 === 0 ? a : b;
        await c.request(server.url, 'GET', '/admin/login');
        return { c, server };
      }),
    );
    const statuses = (
      await Promise.all(clients.map(({ c, server }, i) => c.request(server.url, 'POST', '/admin/login', { form: { email: 'target@example.com', password: `wrong guess ${i}` } })))
    ).map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 25);
    const right = new Client();
    await right.request(b.url, 'GET', '/admin/login');
    assert.equal((await right.request(b.url, 'POST', '/admin/login', { form: { email: 'target@example.com', password: PASSWORD } })).status, 429, 'locked on every process');
  });

  test('an update published on A is on B’s cached page within a second', async () => {
    const before = await (await fetch(`${b.url}${articlePath}`)).text();
    assert.ok((await fetch(`${b.url}${articlePath}`)).status === 200, 'cached on B');
    const current = (await editor.request(a.url, 'GET', `/admin/api/articles/${articleId}`)).json() as { article: { version: number; content: Record<string, unknown> } };
    const c = current.article.content;
    const headline = `Scale-out check ${Date.now()}`;
    const content = Object.fromEntries(
      ['headline', 'summary', 'bodyHtml', 'dateline', 'subsectionId', 'tagIds', 'authorIds', 'seriesId', 'leadMediaId', 'leadCaption', 'leadCredit', 'leadAlt', 'isTopStory'].map((k) => [k, c[k]]),
    );
    const saved = await editor.request(a.url, 'PUT', `/admin/api/articles/${articleId}`, { json: { version: current.article.version, content: { ...content, headline } } });
    assert.equal(saved.status, 200, saved.text);
    const started = Date.now();
    await until(async () => (await (await fetch(`${b.url}${articlePath}`)).text()).includes(headline), 'B to show the new headline', 3000, 25);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `seen on B after ${elapsed} ms`);
    assert.ok(!before.includes(headline));
  });

  test('a reader signs in on A and is known on B; a walled article opens for them there; an alert pressed on both goes out once', async () => {
    const reader = new Client();
    const address = 'scaled.reader@example.com';
    await reader.request(a.url, 'GET', '/account/');
    assert.equal((await reader.request(a.url, 'POST', '/account/signin', { form: { email: address } })).status, 200);
    const mail = await until(() => smtp.mails.find((m) => m.to.includes(address)), 'the sign-in mail from A', 10_000);
    const token = /\/account\/link\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    await reader.request(b.url, 'GET', `/account/link/${token}`);
    assert.equal((await reader.request(b.url, 'POST', `/account/link/${token}`, { form: {} })).status, 303, 'the link is followed on B');
    const account = await reader.request(a.url, 'GET', '/account/');
    assert.match(account.text, new RegExp(`Signed in as <strong>${address.replace('.', '\\.')}`), 'the session made on B works on A');

    // Members-only on A; the reader reads it whole on B, an anonymous reader on B gets the wall.
    await editor.request(a.url, 'GET', `/admin/articles/${articleId}/`);
    assert.equal((await editor.request(a.url, 'POST', `/admin/articles/${articleId}/access`, { form: { access: 'members' } })).status, 303);
    await until(async () => (await (await fetch(`${b.url}${articlePath}`)).text()).includes('class="paywall"'), 'B to wall the article', 3000, 25);
    const whole = await reader.request(b.url, 'GET', articlePath);
    assert.ok(!whole.text.includes('class="paywall"'), 'the member reads it on B');

    // An alert newsletter the reader takes; the editor presses "send" on A and on B at the same moment.
    await editor.request(a.url, 'GET', '/admin/newsletters/');
    const made = await editor.request(a.url, 'POST', '/admin/newsletters/', { form: { name: 'Breaking News', slug: 'breaking', senderName: 'The Desk', kind: 'alert' } });
    assert.equal(made.status, 200, made.text.slice(0, 300));
    const letterId = /\/admin\/newsletters\/(\d+)\//.exec(made.text)![1];
    await reader.request(a.url, 'GET', '/account/');
    assert.equal((await reader.request(a.url, 'POST', '/account/newsletters', { form: { 'newsletters[]': letterId! } })).status, 200);
    await editor.request(b.url, 'GET', `/admin/newsletters/${letterId}/`);
    const presses = await Promise.all([a, b].map((server) => editor.request(server.url, 'POST', `/admin/newsletters/${letterId}/alert`, { form: { article: String(articleId), send: 'now' } })));
    assert.deepEqual(presses.map((p) => p.status).sort(), [200, 409], 'one press builds the alert; the other is told it went');
    const { default: pg } = await import('pg');
    const url = new URL(db.url);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.search = '';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await until(async () => (await client.query(`select count(*)::int as n from "${schema}".newsletter_recipients where state <> 'sent'`)).rows[0].n === 0, 'every alert mail to be marked sent', 15_000);
      const editions = (await client.query(`select count(*)::int as n from "${schema}".newsletter_editions where article_id = $1`, [articleId])).rows[0].n;
      assert.equal(editions, 1);
    } finally {
      await client.end();
    }
    assert.equal(smtp.mails.filter((m) => m.to.includes(address) && /^Breaking:/.test(m.subject)).length, 1, 'the reader got the alert once');
  });

  test('Redis stopped and started again: no page request fails', async () => {
    const paths = ['/', '/politics/', articlePath, '/search/?q=minister'];
    const failures: string[] = [];
    let requests = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        for (const base of [a.url, b.url]) {
          for (const path of paths) {
            requests++;
            const res = await fetch(`${base}${path}`).catch((err: Error) => ({ status: 0, statusText: err.message }));
            if (res.status !== 200) failures.push(`${base}${path}: ${res.status}`);
          }
        }
      }
    })();
    // Each phase lasts until enough requests have gone to both processes, not for a fixed time.
    const during = async (n: number, what: string) => {
      const from = requests;
      await until(() => requests >= from + n, `${n} requests ${what}`, 30_000, 10);
    };
    await during(24, 'with Redis up');
    const connected = await redis.clients();
    await redis.stop();
    await during(200, 'with Redis down');
    await redis.start();
    await until(async () => (await redis.clients()) >= connected, `both processes to reconnect to Redis (${connected} connections)`, 30_000, 100);
    await during(100, 'after Redis is back');
    running = false;
    await load;
    assert.deepEqual(failures, [], `${failures.length} of ${requests} requests failed`);
    assert.ok(requests > 50, `${requests} requests made`);
  });

  test('the scheduler publishes once when its leader is killed', async () => {
    // A started first, so A holds the scheduler lease; the article is scheduled on B.
    let state = ((await editor.request(b.url, 'GET', `/admin/api/articles/${articleId}`)).json() as { article: { version: number } }).article;
    const unpublished = await editor.request(b.url, 'POST', `/admin/api/articles/${articleId}/workflow`, { json: { version: state.version, action: 'unpublish' } });
    assert.equal(unpublished.status, 200, unpublished.text);
    state = unpublished.json() as { version: number };
    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await editor.request(b.url, 'POST', `/admin/api/articles/${articleId}/workflow`, { json: { version: state.version, action: 'schedule', at } });
    assert.equal(scheduled.status, 200, scheduled.text);
    await a.stop('SIGKILL');
    const status = async () => ((await editor.request(b.url, 'GET', `/admin/api/articles/${articleId}`)).json() as { article: { status: string } }).article.status;
    await until(async () => (await status()) === 'published', 'B to take over and publish it', 25_000, 250);
    const revisions = await editor.request(b.url, 'GET', `/admin/articles/${articleId}/revisions/`);
    assert.equal((revisions.text.match(/published on schedule/g) ?? []).length, 1, 'published once');
    assert.equal((await fetch(`${b.url}${articlePath}`)).status, 200);
  });

  test('PostgreSQL down: cached pages are still served, the newsroom says 503, and it recovers', async () => {
    for (const path of ['/', '/politics/', articlePath]) assert.equal((await b.fetch(path)).status, 200);
    await proxy.cut();
    try {
      for (const path of ['/', '/politics/', articlePath]) {
        const res = await b.fetch(path);
        assert.equal(res.status, 200, `${path} while the database is down`);
      }
      const cms = await editor.request(b.url, 'GET', `/admin/api/articles/${articleId}`);
      assert.equal(cms.status, 503);
      assert.match(cms.text, /BS_ERR_DB_UNAVAILABLE/);
    } finally {
      await proxy.open();
    }
    await until(async () => (await editor.request(b.url, 'GET', `/admin/api/articles/${articleId}`)).status === 200, 'the newsroom to work again', 15_000, 250);
  });
});
