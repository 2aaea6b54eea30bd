import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { archiveDeps } from '../../src/cli/import-archive.ts';
import { parseMapping } from '../../src/core/import/archive/archive-placement.ts';
import { importArchive } from '../../src/core/import/archive/import-archive.ts';
import type { ImportSummary } from '../../src/core/import/archive/import-summary.ts';
import { readWordpress } from '../../src/core/import/archive/wordpress-source.ts';
import { isBroadsheetError } from '../../src/core/errors.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { requires } from '../helpers/requirements.ts';
import { SITE, wxr, wxrHead, type WxrPost } from '../helpers/wxr.ts';

/*
 * What the peers' exports do not have: classic-editor posts with the old shortcodes, a Japan News-shaped
 * archive whose addresses already are ours, private and password-protected posts, a mapping file,
 * a photo uploaded twice, and broken input that must stop the run before anything is written.
 */

const UPLOADS = `${SITE}/wp-content/uploads/2025/06`;
const CLASSIC = `The ruling came after a <strong>three-year</strong> case.
The judge read it aloud.

[caption id="attachment_50" align="alignnone" width="300"]<img class="wp-image-50 size-medium" src="${UPLOADS}/court-300x200.jpg" alt="" width="300" height="200" /> The district court on Tuesday[/caption]

Reactions followed within the hour.

[gallery ids="50,51"]

https://www.youtube.com/watch?v=abcDEF12345

[contact-form-7 id="3" title="Tips"]`;

const ITEMS: WxrPost[] = [
  { id: 50, type: 'attachment', title: 'Court', content: '', attachmentUrl: `${UPLOADS}/court.jpg`, excerpt: 'The district court', meta: { _wp_attached_file: '2025/06/court.jpg', _wp_attachment_image_alt: 'The district court building' } },
  { id: 51, type: 'attachment', title: 'Crowd', content: '', attachmentUrl: `${UPLOADS}/crowd.jpg`, meta: { _wp_attached_file: '2025/06/crowd.jpg' } },
  { id: 52, type: 'attachment', title: 'Court again', content: '', attachmentUrl: `${UPLOADS}/court-copy.jpg`, meta: { _wp_attached_file: '2025/06/court-copy.jpg' } },
  {
    id: 1234567, title: 'Court rules on harbour land', content: CLASSIC, name: 'court-rules',
    link: `${SITE}/national/crime-courts/20250618-1234567/`,
    categories: [{ domain: 'category', nicename: 'crime-courts', name: 'Crime &amp; Courts' }, { domain: 'post_tag', nicename: 'courts', name: 'Courts' }],
    meta: { _thumbnail_id: '52' },
  },
  { id: 70, title: 'Budget leak', content: '<p>Internal.</p>', status: 'private', name: 'budget-leak', link: `${SITE}/2025/06/18/budget-leak/`, categories: [{ domain: 'category', nicename: 'national', name: 'National' }] },
  { id: 71, title: 'Subscriber briefing', content: '<p>Locked.</p>', password: 'secret', name: 'briefing', link: `${SITE}/2025/06/18/briefing/`, categories: [{ domain: 'category', nicename: 'national', name: 'National' }] },
  { id: 72, title: '', content: '', status: 'draft', dateGmt: '0000-00-00 00:00:00', date: '2025-06-18 09:00:00' },
  { id: 73, title: 'Harbour reopens', content: '<!-- wp:paragraph --><p>Open again.</p><!-- /wp:paragraph -->', name: 'harbour-reopens', link: `${SITE}/2025/06/19/harbour-reopens/`, dateGmt: '2025-06-19 01:00:00', categories: [{ domain: 'category', nicename: 'national', name: 'National' }] },
];

function stream(text: string) {
  return () => Readable.from([text.slice(0, 700), text.slice(700)]);
}

const pg = await postgresStatus();
for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `archive edge cases (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let dir: string;
    let summary: ImportSummary;
    before(async () => {
      t = await startTestApp({ dialect });
      dir = mkdtempSync(join(tmpdir(), 'broadsheet-uploads-'));
      mkdirSync(join(dir, '2025/06'), { recursive: true });
      const court = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#335577' } }).jpeg().toBuffer();
      writeFileSync(join(dir, '2025/06/court.jpg'), court);
      writeFileSync(join(dir, '2025/06/court-copy.jpg'), court);
      writeFileSync(join(dir, '2025/06/crowd.jpg'), await sharp({ create: { width: 900, height: 600, channels: 3, background: '#aa6633' } }).jpeg().toBuffer());
      const archive = await readWordpress(stream(wxr(ITEMS)), 'edges.xml');
      const deps = archiveDeps(t.services.storage, t.services, new EditionTime(t.config.timeZone, t.config.timeZoneLabel), dir);
      summary = await importArchive(deps, archive, { dryRun: false, mapping: parseMapping('{"national": "society/general-news"}', 'map.json'), batchSize: 2 });
    });
    after(async () => {
      await t?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('an address that already has our shape keeps its id and answers as it did, with no redirect', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/national/crime-courts/20250618-1234567/' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Court rules on harbour land<\/h1>/);
      assert.match(res.body, /15:46 JST, June 18, 2025/);
      // The next article written here gets an id after the kept one, on either database.
      const sub = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!;
      await t.services.auth.bootstrapAdmin({ email: 'chief@example.com', name: 'Chief', password: 'a long enough passphrase' });
      const user = (await t.services.storage.users.findByEmail('chief@example.com'))!;
      const admin = { id: user.id, role: user.role, authorId: user.authorId };
      const { id } = await t.services.newsroom.createDraft(admin, { headline: 'After the archive', subsectionId: sub.id });
      assert.ok(id > 1234567, `new id ${id}`);
    });

    test('classic content: paragraphs and line breaks, [caption] as a photo, [gallery] as a gallery, a bare URL as an embed; other shortcodes counted', async () => {
      const article = (await t.services.storage.articles.findPublished(1234567))!;
      assert.match(article.bodyHtml, /^<p>The ruling came after a <strong>three-year<\/strong> case\.<br \/>\s*The judge read it aloud\.<\/p>/);
      assert.match(article.bodyHtml, /<figure class="photo" data-media-id="\d+"><img [^>]*alt="The district court building"[^>]*\/?><figcaption>The district court on Tuesday<\/figcaption><\/figure>/);
      assert.match(article.bodyHtml, /<div class="gallery">(<figure class="photo" data-media-id="\d+">[\s\S]*?<\/figure>){2}<\/div>/);
      assert.match(article.bodyHtml, /<figure class="embed" data-embed="https:\/\/www\.youtube\.com\/watch\?v=abcDEF12345"/);
      assert.doesNotMatch(article.bodyHtml, /\[|contact-form/);
      assert.equal(summary.dropped['shortcode [contact-form-7]'], 1);
    });

    test('the same photo under two names is stored once', async () => {
      assert.equal(summary.images.copied, 2);
      assert.equal(summary.images.deduplicated, 1);
      assert.deepEqual(summary.images.missing, []);
      const article = (await t.services.storage.articles.findForEdit(1234567))!;
      const inBody = /data-media-id="(\d+)"/.exec(article.content.bodyHtml)![1];
      assert.equal(article.content.leadMediaId, Number(inBody), 'the lead photo (attachment 52) is the body photo (attachment 50): same bytes');
    });

    test('private and password-protected posts are held back as drafts with a note; a never-dated draft has no time', async () => {
      const db = (t.services.storage as unknown as { connection: { db: import('kysely').Kysely<import('../../src/storage/schema.ts').Database> } }).connection.db;
      const rows = await db.selectFrom('articles').select(['id', 'headline', 'status', 'published_at']).where('source_key', 'like', `wordpress:${SITE}:post:7%`).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => [r.headline, r.status]), [['Budget leak', 'draft'], ['Subscriber briefing', 'draft'], ['(untitled)', 'draft'], ['Harbour reopens', 'published']]);
      assert.equal(rows[2]!.published_at, null);
      for (const r of rows.slice(0, 2)) {
        const notes = await t.services.storage.collaboration.notes(r.id);
        assert.match(notes[0]!.body, /Imported as a draft: it was (private|password-protected)/);
        assert.equal((await t.app.inject({ method: 'GET', url: `/2025/06/18/${r.headline === 'Budget leak' ? 'budget-leak' : 'briefing'}/` })).statusCode, 404);
      }
      assert.equal(summary.heldBack, 2);
    });

    test('a second run with changed posts: one untouched here is updated (a revision), one edited here is kept and reported', async () => {
      const db = (t.services.storage as unknown as { connection: { db: import('kysely').Kysely<import('../../src/storage/schema.ts').Database> } }).connection.db;
      await db.updateTable('articles').set({ version: 2 }).where('id', '=', 1234567).execute(); // someone edited it in the newsroom
      const changed = ITEMS.map((i) => (i.id === 73 ? { ...i, title: 'Harbour reopens at last' } : i.id === 1234567 ? { ...i, title: 'Court rules (export edit)' } : i));
      const archive = await readWordpress(stream(wxr(changed)), 'edges.xml');
      const deps = archiveDeps(t.services.storage, t.services, new EditionTime(t.config.timeZone, t.config.timeZoneLabel), dir);
      const again = await importArchive(deps, archive, { dryRun: false, mapping: parseMapping('{"national": "society/general-news"}', 'map.json'), batchSize: 2 });
      assert.equal(again.updated, 1);
      assert.equal(again.skipped['changed in the export, and edited here since it was imported (the version here is kept)'], 1);
      assert.equal(again.unchanged, 3);
      const harbour = await db.selectFrom('articles').select(['id', 'headline', 'version']).where('source_key', '=', `wordpress:${SITE}:post:73`).executeTakeFirstOrThrow();
      assert.deepEqual([harbour.headline, harbour.version], ['Harbour reopens at last', 2]);
      assert.equal((await t.services.storage.revisions.list(harbour.id))[0]!.kind, 'import');
      assert.equal((await t.services.storage.articles.findForEdit(1234567))!.content.headline, 'Court rules on harbour land');
      const third = await importArchive(deps, await readWordpress(stream(wxr(changed)), 'edges.xml'), { dryRun: false, mapping: parseMapping('{"national": "society/general-news"}', 'map.json') });
      assert.equal(third.updated, 0, 'the update is remembered: a third run finds it unchanged');
      assert.equal(third.unchanged, 4);
      assert.equal(Object.values(third.skipped).reduce((a, b) => a + b, 0), 1, 'the edited one is still reported, never overwritten');
    });

    test('the mapping file places posts; the category name is decoded', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/2025/06/19/harbour-reopens/' });
      assert.equal(res.statusCode, 301);
      assert.match(res.headers.location as string, /^\/society\/general-news\/20250619-\d+\/harbour-reopens\/$/);
      const sections = await t.services.storage.sections.listAll();
      assert.equal(sections.find((s) => s.path === 'national')?.name, 'National');
      assert.equal(sections.find((s) => s.path === 'national/crime-courts')?.name, 'Crime & Courts');
    });
  });
}

describe('broken input stops the run before anything is written', () => {
  test('XML that is not well formed is refused with its line', async () => {
    const broken = `${wxrHead()}<item><title>Half</title><wp:post_id>9</wp:post_id>\n<content:encoded><p>unclosed</content:encoded></item></channel></rss>`;
    await assert.rejects(readWordpress(stream(broken), 'broken.xml'), (err: unknown) => isBroadsheetError(err) && err.code === 'BS_ERR_IMPORT_MALFORMED' && /^broken\.xml:\d+: /.test(err.message));
  });

  test('a file that is not a WordPress export, a bad date, and a bad mapping are named', async () => {
    await assert.rejects(readWordpress(stream('<html><body>hi</body></html>'), 'page.html'), /page\.html:1: the root element is <html>/);
    const badDate = wxr([{ id: 5, title: 'x', content: '', dateGmt: 'yesterday' }]);
    await assert.rejects(readWordpress(stream(badDate), 'dates.xml'), /dates\.xml:\d+: <wp:post_date_gmt> is "yesterday"/);
    assert.throws(() => parseMapping('{"national": "not a path!"}', 'map.json'), /map\.json:"national": "not a path!" is not a section path/);
    assert.throws(() => parseMapping('[1,2', 'map.json'), /map\.json:\$: is not JSON/);
  });
});

test('photo addresses named in an export never reach this machine or a private network (unless the operator names that host)', async () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from('not really'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const t = await startTestApp();
  try {
    const items: WxrPost[] = [
      { id: 5, type: 'attachment', title: 'Inside', content: '', attachmentUrl: `http://127.0.0.1:${port}/wp-content/uploads/secret.jpg`, meta: { _wp_attached_file: 'secret.jpg' } },
      { id: 6, title: 'With a photo', content: '<p>Text.</p>', meta: { _thumbnail_id: '5' }, link: `${SITE}/2025/06/18/with-a-photo/` },
    ];
    const deps = archiveDeps(t.services.storage, t.services, new EditionTime(t.config.timeZone, t.config.timeZoneLabel), undefined);
    const summary = await importArchive(deps, await readWordpress(stream(wxr(items)), 'inside.xml'), { dryRun: false, mapping: new Map() });
    assert.deepEqual(summary.images.missing, [`http://127.0.0.1:${port}/wp-content/uploads/secret.jpg`]);
    assert.deepEqual(hits, [], 'nothing was requested from the loopback address an export named');
  } finally {
    server.close();
    await t.close();
  }
});
