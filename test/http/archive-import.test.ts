import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { archiveDeps } from '../../src/cli/import-archive.ts';
import { readGhost } from '../../src/core/import/archive/ghost-source.ts';
import { importArchive } from '../../src/core/import/archive/import-archive.ts';
import type { ImportSummary } from '../../src/core/import/archive/import-summary.ts';
import { readWordpress } from '../../src/core/import/archive/wordpress-source.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { requires } from '../helpers/requirements.ts';
import { databaseDump } from '../helpers/database-dump.ts';

/*
 * The peers' own exports (WordPress 6.1.9 and Ghost 5.130.6, ../shared/fixtures/peers) imported
 * into a demo edition, then read back the way readers and old links reach them.
 */

const PEERS = fileURLToPath(new URL('../../../shared/fixtures/peers/', import.meta.url));
const WXR = `${PEERS}wordpress-export.xml`;
const GHOST = `${PEERS}ghost-export.json`;
const IMAGES = `${PEERS}images`;
const pg = await postgresStatus();
const noShared = existsSync(WXR) ? undefined : `the peer fixtures are not at ${PEERS}`;

async function importWordpress(t: TestApp): Promise<ImportSummary> {
  const archive = await readWordpress(() => createReadStream(WXR, 'utf8'), WXR);
  const deps = archiveDeps(t.services.storage, t.services, new EditionTime(t.config.timeZone, t.config.timeZoneLabel), IMAGES);
  return importArchive(deps, archive, { dryRun: false, mapping: new Map() });
}

async function importGhost(t: TestApp, imagesFrom: string, dryRun = false): Promise<ImportSummary> {
  const archive = readGhost(readFileSync(GHOST, 'utf8'), GHOST);
  const deps = archiveDeps(t.services.storage, t.services, new EditionTime(t.config.timeZone, t.config.timeZoneLabel), imagesFrom);
  return importArchive(deps, archive, { dryRun, mapping: new Map([['tag:long-read', 'politics/politics-government'], ['*', 'society/general-news']]) });
}

async function get(t: TestApp, url: string) {
  return t.app.inject({ method: 'GET', url });
}

/** Follows one 301 and checks where it leads answers 200. */
async function redirectsTo(t: TestApp, from: string, to: string | RegExp): Promise<string> {
  const res = await get(t, from);
  assert.equal(res.statusCode, 301, `${from} should redirect, answered ${res.statusCode}`);
  const location = res.headers.location as string;
  if (typeof to === 'string') assert.equal(location, to, from);
  else assert.match(location, to, from);
  return location;
}

const dialects: [TestDialect, string | undefined][] = [
  [sqliteDialect, undefined],
  [postgresDialect, pg.ok ? undefined : pg.reason],
];

for (const [dialect, missing] of dialects) {
  const suite = `a WordPress export imported (${dialect.name})`;
  describe(suite, { skip: requires(suite, { shared: noShared, ...(dialect.name === 'postgres' ? { postgres: missing } : {}) }) }, () => {
    let t: TestApp;
    let first: ImportSummary;
    before(async () => {
      t = await startTestApp({ dialect });
      first = await importWordpress(t);
    });
    after(async () => t?.close());

    test('the summary counts what was created, copied, missing, dropped and not imported', () => {
      assert.equal(first.created.articles, 26);
      assert.equal(first.created.pages, 4);
      assert.equal(first.created.authors, 4);
      assert.equal(first.images.copied, 6);
      assert.deepEqual(first.images.missing, ['http://127.0.0.1:8084/wp-content/uploads/photo-1.jpg']);
      assert.equal(first.dropped['script (in raw HTML)'], 1);
      assert.deepEqual(first.comments, { posts: 2, total: 5 });
      assert.ok(first.redirects > 100);
    });

    test('every published post is at its new address with its photo, tags, bylines and time; its old addresses redirect there', async () => {
      const ledger = (t.services.storage as KyselyStorage).connection.db;
      const rows = await ledger.selectFrom('import_ledger').select(['source_id', 'target_id']).where('kind', '=', 'post').execute();
      assert.equal(rows.length, 26);
      const wxr = readFileSync(WXR, 'utf8');
      for (const { source_id: sourceId, target_id: id } of rows) {
        const article = (await t.services.storage.articles.findForEdit(id))!;
        const item = wxr.split('<item>').find((s) => s.includes(`<wp:post_id>${sourceId}</wp:post_id>`))!;
        const status = /<wp:status><!\[CDATA\[(\w+)/.exec(item)![1];
        if (status !== 'publish') {
          assert.notEqual(article.status, 'published', `post ${sourceId} (${status}) must not be public`);
          assert.notEqual((await get(t, `/?p=${sourceId}`)).statusCode, 301, 'an unpublished post has no public address to lead to');
          continue;
        }
        const link = new URL(/<link>([^<]+)<\/link>/.exec(item)![1]!).pathname;
        const canonical = await redirectsTo(t, link.toUpperCase() === link ? link : link.replace(/%[0-9a-f]{2}/g, (m) => m.toUpperCase()), /^\/[a-z-]+\/[a-z0-9-]+\/\d{8}-\d+\/([a-z0-9-]+\/)?$/);
        await redirectsTo(t, `/?p=${sourceId}`, canonical);
        if (link.endsWith('/')) await redirectsTo(t, `${link}feed/`, canonical);
        const page = await get(t, canonical);
        assert.equal(page.statusCode, 200, canonical);
        const title = /<title><!\[CDATA\[([^\]]*)\]\]><\/title>/.exec(item)![1]!;
        assert.ok(page.body.includes(title.replace(/&/g, '&amp;').replace(/’/g, '’')), `${canonical} shows "${title}"`);
        const gmt = /<wp:post_date_gmt><!\[CDATA\[([^\]]+)/.exec(item)![1]!;
        assert.equal(article.publishedAt, Date.parse(`${gmt.replace(' ', 'T')}Z`), `post ${sourceId} keeps its time`);
        const creator = /<dc:creator><!\[CDATA\[([^\]]+)/.exec(item)![1]!;
        assert.ok(article.content.authorIds.length >= 1, `post ${sourceId} has a byline (${creator})`);
        const tags = [...item.matchAll(/domain="post_tag"/g)].length;
        assert.equal(article.content.tagIds.length, tags, `post ${sourceId} keeps its ${tags} tags`);
        if (/_thumbnail_id/.test(item)) assert.match(page.body, /<img[^>]+src="\/media\//, `${canonical} shows its lead photo`);
      }
    });

    test('photos: inline ones in the body, old upload addresses (any size) redirect to the library file', async () => {
      const essay = await redirectsTo(t, '/2026/11/11/photo-essay-night-markets-of-the-old-port/', /./);
      const body = (await get(t, essay)).body;
      assert.equal([...body.matchAll(/<figure class="photo"/g)].length, 3, 'three inline photos');
      assert.match(body, /Market traders arranging tables under lanterns/);
      const file = await redirectsTo(t, '/wp-content/uploads/2026/11/night-market-1024x683.jpg', /^\/media\/\d{4}\/\d{2}\/[0-9a-f]+\.jpg$/);
      assert.equal((await get(t, file)).statusCode, 200);
      // One attachment used by two posts is stored once.
      const media = await t.services.storage.media.list('', { limit: 100, offset: 0 });
      assert.equal(new Set(media.items.map((m) => m.key)).size, media.items.length);
    });

    test('bodies: blocks kept as blocks (table, quote with its source, embed, divider); classic paragraphs; scripts gone', async () => {
      const parliament = await get(t, await redirectsTo(t, '/2026/11/18/parliament-passes-clean-air-bill-after-all-night-sitting/', /./));
      assert.match(parliament.body, /<table>[\s\S]*Governing coalition/);
      assert.match(parliament.body, /<h2>What the bill does<\/h2>/);
      const sport = await get(t, await redirectsTo(t, '/2026/11/07/city-womens-team-clinches-league-title-in-stoppage-time/', /./));
      assert.ok([...sport.body.matchAll(/<p>/g)].length >= 4, 'classic content is split into paragraphs');
      const all = await Promise.all((await t.services.storage.articles.publishedIds()).map((id) => t.services.storage.articles.findPublished(id)));
      for (const a of all) assert.doesNotMatch(a!.bodyHtml, /<script|wp:paragraph|<!--|data-import-src/, `article ${a!.id} is clean`);
      assert.ok(all.some((a) => /class="embed" data-embed="https:\/\/www\.youtube\.com\//.test(a!.bodyHtml)), 'the YouTube embed is an embed block');
    });

    test('sections from nested categories; category, tag, author and feed addresses redirect', async () => {
      await redirectsTo(t, '/category/politics/politics-government/', '/politics/politics-government/');
      await redirectsTo(t, '/category/world/asia/japan/feed/', '/world/asia/feed/');
      await redirectsTo(t, '/tag/%E6%97%A5%E6%9C%AC%E8%AA%9E/', /^\/tag\/[a-z0-9-]+\/$/);
      await redirectsTo(t, '/tag/cafe-culture/feed/', /^\/tag\/cafe-culture\/feed\/$/).catch(async () => assert.equal((await get(t, '/tag/cafe-culture/feed/')).statusCode, 200));
      await redirectsTo(t, '/author/hana.sato/', '/author/hana-sato/');
      await redirectsTo(t, '/comments/feed/', '/feed/');
      assert.equal((await get(t, '/world/asia/')).statusCode, 200);
    });

    test('pages become static pages; their old addresses (with the hierarchy) redirect', async () => {
      await redirectsTo(t, '/about-the-benchmark-news/contact-corrections/', '/pages/contact-corrections/');
      const page = await get(t, '/pages/contact-corrections/');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Contact &amp; corrections/);
    });

    test('a second run changes nothing and says so', async () => {
      const before = await databaseDump(t.services.storage as KyselyStorage);
      const second = await importWordpress(t);
      assert.equal(second.unchanged, 30);
      assert.deepEqual(second.created, { articles: 0, pages: 0, sections: 0, tags: 0, authors: 0 });
      assert.equal(second.images.copied, 0);
      assert.equal(second.redirects, 0);
      assert.deepEqual(await databaseDump(t.services.storage as KyselyStorage), before);
    });
  });
}

describe('a Ghost export imported', { skip: requires('a Ghost export imported', { shared: noShared }) }, () => {
  let t: TestApp;
  let summary: ImportSummary;
  let server: Server;
  const requested: string[] = [];
  before(async () => {
    t = await startTestApp();
    // The old site's content/images served over HTTP on 127.0.0.1 (the fixture folder is flat).
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      const file = join(IMAGES, basename(decodeURIComponent(req.url ?? '')));
      if (!existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/content/images/`;
    const dry = await importGhost(t, base, true);
    assert.equal(dry.created.articles, 26, 'the dry run says what it would do');
    assert.equal((await t.services.storage.importLedger.find('ghost', 'post', 'x')), undefined);
    summary = await importGhost(t, base);
  });
  after(async () => {
    server?.close();
    await t?.close();
  });

  test('a dry run wrote nothing; the run creates posts and pages, flags members-only, leaves internal tags out', async () => {
    assert.equal(summary.created.articles, 26);
    assert.equal(summary.images.copied, 6, 'photos fetched over HTTP from --images <url>');
    assert.ok(requested.includes('/content/images/2026/11/river-town-flood.jpg'), requested.join(' '));
    assert.deepEqual(summary.images.missing, ['/content/images/2026/11/photo-1.jpg']);
    assert.equal(summary.created.pages, 3);
    assert.equal(summary.membersOnly, 1);
    assert.equal(await t.services.storage.tags.findBySlug('hash-breaking'), undefined);
    assert.equal(await t.services.storage.tags.findBySlug('breaking'), undefined);
    const db = (t.services.storage as KyselyStorage).connection.db;
    // The demo edition walls a story of its own; the import's is the one with a source key.
    const members = await db.selectFrom('articles').select(['headline', 'access']).where('access', '=', 'members').where('source_key', 'is not', null).execute();
    assert.deepEqual(members.map((m) => m.headline), ['Health service trials weekend clinics in three districts']);
  });

  test('old addresses (/slug/, /p/uuid/) redirect; __GHOST_URL__ is gone; co-authors keep their order; the tag mapping places posts', async () => {
    const longRead = await redirectsTo(t, '/long-read-how-a-small-river-town-rebuilt-after-the-2024-floods/', /^\/politics\/politics-government\/20261112-\d+\/long-read/);
    const page = await get(t, longRead);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Marcus O[’']Brien[\s\S]*Hana Sato/);
    await redirectsTo(t, '/rss/', '/feed/');
    await redirectsTo(t, '/tag/elections/rss/', '/tag/elections/feed/');
    await redirectsTo(t, '/content/images/2026/11/river-town-flood.jpg', /^\/media\//);
    const ids = await t.services.storage.articles.publishedIds();
    for (const id of ids) assert.doesNotMatch((await t.services.storage.articles.findPublished(id))!.bodyHtml, /__GHOST_URL__|kg-card/);
    // The demo has its own About page: Ghost's (a Mobiledoc page) takes the next free slug, and its old address leads there.
    const about = await get(t, await redirectsTo(t, '/about/', '/pages/about-2/'));
    assert.match(about.body, /Access all areas/);
  });

  test('the scheduled post waits in the newsroom, the draft stays a draft', async () => {
    const db = (t.services.storage as KyselyStorage).connection.db;
    const rows = await db.selectFrom('articles').select(['headline', 'status']).where('status', 'in', ['draft', 'scheduled']).where('source_key', 'like', 'ghost:%').execute();
    assert.deepEqual(rows.map((r) => r.status).sort(), ['draft', 'scheduled']);
  });
});
