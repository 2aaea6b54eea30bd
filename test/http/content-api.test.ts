import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../../src/core/access/types.ts';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../src/core/api/api-keys.ts';
import { until } from '../helpers/wait.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { requires } from '../helpers/requirements.ts';

/*
 * The public Content API on the demo edition: what it lists, how it pages, what it refuses, and
 * that nothing unpublished reaches any answer.
 */

const API = '/api/content/v1';
const pg = await postgresStatus();

interface ArticleJson {
  id: number;
  headline: string;
  path: string;
  url: string;
  published_at: string;
  section: { path: string };
  subsection: { path: string };
  tags?: { slug: string }[];
  blocks?: { type: string }[];
  body_html?: string;
}

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `the Content API (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let actor: Actor;
    let draftId: number;
    let midId: number;
    let lateId: number;
    let key: string;
    before(async () => {
      t = await startTestApp({ dialect });
      await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief', password: 'a long enough passphrase' });
      const admin = (await t.services.storage.users.findByEmail('chief@example.com'))!;
      actor = { id: admin.id, role: admin.role, authorId: admin.authorId };
      const sub = (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!;
      draftId = (await t.services.newsroom.createDraft(actor, { headline: 'SECRET merger talks draft', subsectionId: sub.id })).id;
      midId = (await t.services.newsroom.createDraft(actor, { headline: 'Published while a client pages', subsectionId: sub.id })).id;
      lateId = (await t.services.newsroom.createDraft(actor, { headline: 'Published after a client cached the list', subsectionId: sub.id })).id;
      key = (await createApiKey({ storage: t.services.storage, clock: t.clock }, actor, { name: 'Test app', origins: ['https://app.example.com'], ratePerMinute: 100_000 })).key;
    });

    async function publish(id: number): Promise<void> {
      const a = await t.services.newsroom.article(actor, id);
      const result = await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: a.version, action: 'publish' });
      assert.equal(result.status, 'published');
      await t.services.applyInvalidations(result.invalidates);
    }
    after(async () => t?.close());

    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { 'x-api-key': key, ...headers } });

    test('articles page by cursor: newest first, every published article once, stable while another is published', async () => {
      const seen: ArticleJson[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(`${API}/articles?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json() as { articles: ArticleJson[]; next_cursor: string | null };
        seen.push(...body.articles);
        cursor = body.next_cursor;
        // Something is published while the client is paging: it lands before page one, so the walk goes on undisturbed.
        if (pages === 0) await publish(midId);
        pages++;
      } while (cursor && pages < 50);
      const total = (await t.services.storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total - 1;
      assert.equal(seen.length, total);
      assert.ok(!seen.some((a) => a.id === midId), 'published after the walk began: not in it');
      assert.equal(new Set(seen.map((a) => a.id)).size, total, 'no article twice');
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.published_at >= seen[i]!.published_at, 'newest first');
      assert.ok(!seen.some((a) => a.id === draftId));
      assert.match(seen[0]!.url, /^http:\/\/localhost:3000\/[a-z-]+\/[a-z-]+\/\d{8}-\d+\/$/);
    });

    test('filters: section, tag, author and dates narrow the list; fields picks the fields', async () => {
      const all = (await get(`${API}/articles?limit=100`)).json() as { articles: ArticleJson[] };
      const sub = all.articles[0]!.subsection.path;
      const inSub = (await get(`${API}/articles?limit=100&section=${sub}`)).json() as { articles: ArticleJson[] };
      assert.ok(inSub.articles.length > 0 && inSub.articles.every((a) => a.subsection.path === sub));
      const tag = all.articles.find((a) => (a.tags ?? []).length > 0)!.tags![0]!.slug;
      const tagged = (await get(`${API}/articles?limit=100&tag=${tag}`)).json() as { articles: ArticleJson[] };
      assert.ok(tagged.articles.length > 0 && tagged.articles.every((a) => a.tags!.some((x) => x.slug === tag)));
      const cut = all.articles[5]!.published_at;
      const older = (await get(`${API}/articles?limit=100&published_before=${encodeURIComponent(cut)}`)).json() as { articles: ArticleJson[] };
      assert.ok(older.articles.every((a) => Date.parse(a.published_at) < Date.parse(cut)));
      const withBodies = (await get(`${API}/articles?limit=2&include=body_html,blocks`)).json() as { articles: Record<string, unknown>[] };
      assert.ok('body_html' in withBodies.articles[0]! && 'blocks' in withBodies.articles[0]! && 'headline' in withBodies.articles[0]!, 'include adds to the default fields');
      const ranked = await get(`${API}/rankings?window=24h&scope=site&limit=5`);
      assert.equal(ranked.statusCode, 200, ranked.body);
      const items = ranked.json().items as { rank: number; views: number; article: ArticleJson }[];
      for (const [i, item] of items.entries()) {
        assert.equal(item.rank, i + 1);
        assert.ok(item.article.url.startsWith('http://localhost:3000/') && item.article.id !== draftId);
      }
      assert.equal((await get(`${API}/rankings?window=forever`)).statusCode, 400);
      const slim = (await get(`${API}/articles?limit=2&fields=id,headline,blocks`)).json() as { articles: Record<string, unknown>[] };
      assert.deepEqual(Object.keys(slim.articles[0]!).sort(), ['blocks', 'headline', 'id']);
      const asc = (await get(`${API}/articles?limit=3&order=updated_asc`)).json() as { articles: ArticleJson[]; next_cursor: string };
      const second = await get(`${API}/articles?limit=3&order=published_desc&cursor=${asc.next_cursor}`);
      assert.equal(second.statusCode, 400);
      assert.equal(second.json().error.code, 'BS_ERR_API_CURSOR', 'a cursor only continues the order it came from');
    });

    test('one article by id and by path: the body as HTML and as blocks; a draft is a 404', async () => {
      const list = (await get(`${API}/articles?limit=10`)).json() as { articles: ArticleJson[] };
      const demo = list.articles.find((a) => a.id !== midId && a.id !== lateId)!;
      const one = await get(`${API}/articles/${demo.id}`);
      assert.equal(one.statusCode, 200);
      const article = one.json().article as ArticleJson;
      assert.ok(article.body_html!.length > 0);
      assert.ok(article.blocks!.length > 0 && article.blocks!.every((b) => ['paragraph', 'heading', 'list', 'quote', 'photo', 'gallery', 'embed', 'table', 'divider', 'raw'].includes(b.type)));
      const byPath = await get(`${API}/articles/by-path?path=${encodeURIComponent(article.path)}`);
      assert.equal(byPath.json().article.id, article.id);
      for (const url of [`${API}/articles/${draftId}`, `${API}/articles/by-path?path=/politics/x/20260101-${draftId}/`]) {
        const res = await get(url);
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().error.code, 'BS_ERR_NOT_FOUND');
      }
    });

    test('search: the site\'s search as JSON (words, snippet, filters); what a reader types never breaks it', async () => {
      const list = (await get(`${API}/articles?limit=30`)).json() as { articles: ArticleJson[] };
      const demo = list.articles.find((a) => a.id !== midId && a.id !== lateId)!;
      const word = demo.headline.split(/\s+/).find((w) => /^[A-Za-z]{6,}$/.test(w))!;
      const res = await get(`${API}/search?q=${encodeURIComponent(word)}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { total: number; results: { article: ArticleJson; snippet: string; matches: string[] }[] };
      assert.ok(body.total >= 1 && body.results.some((r) => r.article.id === demo.id), `${word} finds its article`);
      for (const q of ["' OR 1=1 --", 'SECRET merger', '"unclosed', '***']) {
        const r = await get(`${API}/search?q=${encodeURIComponent(q)}`);
        assert.equal(r.statusCode, 200, q);
        assert.doesNotMatch(r.body, /SECRET merger talks draft/, 'drafts are never found');
      }
      assert.equal((await get(`${API}/search`)).statusCode, 400, 'q is required');
      assert.equal((await get(`${API}/search?q=x&from=yesterday`)).statusCode, 400);
    });

    test('nothing unpublished in any answer: lists, counts, tags made only for a draft', async () => {
      const draftTag = await t.services.storage.tags.ensure('secret-merger', 'Secret merger');
      const db = (t.services.storage as KyselyStorage).connection.db;
      await db.insertInto('article_tags').values({ article_id: draftId, tag_id: draftTag.id, position: 0 }).execute();
      for (const url of [`${API}/tags`, `${API}/authors`, `${API}/series`, `${API}/sections`, `${API}/pages`, `${API}/articles?limit=100&order=updated_desc`]) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.doesNotMatch(res.body, /SECRET|secret-merger|Secret merger/, url);
      }
      const filtered = await get(`${API}/articles?tag=secret-merger`);
      assert.equal(filtered.statusCode, 200, 'the tag exists, so the filter is valid');
      assert.deepEqual(filtered.json().articles, [], 'but no published article carries it');
    });

    test('hostile input: unknown parameters, fields, cursors, slugs and dates are 400s with codes, never 500s', async () => {
      const cases: [string, string][] = [
        [`${API}/articles?password=x`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?filter=status:draft`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?order=password_hash`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?fields=id,password_hash`, 'BS_ERR_API_FIELD'],
        [`${API}/articles?fields=id;drop`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?cursor=bm9wZQ`, 'BS_ERR_API_CURSOR'],
        [`${API}/articles?cursor=${Buffer.from(JSON.stringify(['published_desc', 'x', 1])).toString('base64url')}`, 'BS_ERR_API_CURSOR'],
        [`${API}/articles?cursor=%27%20or%201=1`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?section=nowhere`, 'BS_ERR_API_FILTER'],
        [`${API}/articles?tag=Robert%27);`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?published_after=2026-02-30T00:00:00Z`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles?limit=100000`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/articles/0`, 'BS_ERR_REQUEST_INVALID'],
        [`${API}/tags?q=1`, 'BS_ERR_REQUEST_INVALID'],
      ];
      for (const [url, code] of cases) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.statusCode} ${res.body}`);
        assert.equal(res.json().error.code, code, url);
      }
    });

    test('cacheable: ETag and 304, Last-Modified; a publish is seen at once', async () => {
      const first = await get(`${API}/articles?limit=3`);
      assert.match(first.headers.etag as string, /^"/);
      assert.ok(first.headers['last-modified']);
      assert.equal((await get(`${API}/articles?limit=3`, { 'if-none-match': first.headers.etag as string })).statusCode, 304);
      t.clock.advance(60_000);
      await publish(lateId);
      const after = await get(`${API}/articles?limit=3`, { 'if-none-match': first.headers.etag as string });
      assert.equal(after.statusCode, 200, 'the list changed');
      assert.equal((after.json() as { articles: ArticleJson[] }).articles[0]!.id, lateId);
    });

    test('keys: none, unknown or revoked is a 401; each key has its limit (429 with Retry-After) and its origins; last use is recorded', async () => {
      const deps = { storage: t.services.storage, clock: t.clock };
      const bare = await t.app.inject({ method: 'GET', url: `${API}/articles` });
      assert.equal(bare.statusCode, 401);
      assert.equal(bare.json().error.code, 'BS_ERR_API_KEY');
      assert.equal((await get(`${API}/articles`, { 'x-api-key': 'bsk_not-a-real-key' })).statusCode, 401);
      const viaQuery = await t.app.inject({ method: 'GET', url: `${API}/sections?key=${key}` });
      assert.equal(viaQuery.statusCode, 200, 'the key may come as ?key=');

      const small = await createApiKey(deps, actor, { name: 'Tiny', origins: [], ratePerMinute: 3 });
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await get(`${API}/sections`, { 'x-api-key': small.key }));
      assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200, 429]);
      assert.equal(answers[2]!.headers['x-ratelimit-remaining'], '0');
      assert.equal(answers[3]!.json().error.code, 'BS_ERR_API_RATE');
      assert.ok(Number(answers[3]!.headers['retry-after']) >= 1);
      const other = await get(`${API}/sections`);
      assert.equal(other.statusCode, 200, 'another key has its own budget');

      const allowed = await get(`${API}/sections`, { origin: 'https://app.example.com' });
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com');
      const foreign = await get(`${API}/sections`, { origin: 'https://evil.example' });
      assert.equal(foreign.headers['access-control-allow-origin'], undefined);
      const preflight = await t.app.inject({ method: 'OPTIONS', url: `${API}/articles`, headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' } });
      assert.equal(preflight.statusCode, 204);
      assert.match(preflight.headers['access-control-allow-headers'] as string, /x-api-key/);

      // Last use is written after the answer, off the request's path: wait for it.
      await until(async () => (await listApiKeys(deps, actor)).find((k) => k.name === 'Tiny')!.lastUsedAt !== null, 'last use recorded');
      await revokeApiKey(deps, actor, small.id);
      t.clock.advance(10_000); // past the gate's few seconds of cached lookups
      const revoked = await get(`${API}/sections`, { 'x-api-key': small.key });
      assert.equal(revoked.statusCode, 401);
      await assert.rejects(createApiKey(deps, actor, { name: 'Bad', origins: ['javascript:alert(1)'] }), /not an origin/);
      await assert.rejects(createApiKey(deps, { ...actor, role: 'editor' }, { name: 'Editor key', origins: [] }), /admins manage API keys/);
    });
  });
}
