import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { isBroadsheetError } from '../../src/core/errors.ts';
import type { Storage } from '../../src/core/ports.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { POSTGRES_URL, testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { addArticle, draft, makeSections } from '../helpers/fixtures.ts';
import { requires } from '../helpers/requirements.ts';
import { until } from '../helpers/wait.ts';

const { dialects, missing } = await testDialects();
requires('storage contract on postgres', { postgres: missing });

const T0 = Date.parse('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;

for (const dialect of dialects) {
  describe(`storage contract (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let s: Awaited<ReturnType<typeof makeSections>>;

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      s = await makeSections(storage);
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('migrations are idempotent: opening again applies nothing and keeps the data', async () => {
      const again = await openStorage(db.url);
      try {
        assert.equal((await again.sections.listAll()).length, 5);
      } finally {
        await again.close();
      }
    });

    test('sections: sub-sections get their parent path; paths are unique', async () => {
      const all = await storage.sections.listAll();
      assert.deepEqual(all.map((x) => x.path), ['news', 'news/local', 'news/national', 'sport', 'sport/football']);
      assert.equal(s.local.parentId, s.news.id);
      await assert.rejects(storage.sections.create({ slug: 'local', name: 'Again', parentId: s.news.id, position: 9, description: '' }));
      assert.equal((await storage.sections.listAll()).length, 5);
    });

    test('tags and authors: ensure creates once and then finds', async () => {
      const a = await storage.tags.ensure('trains', 'Trains');
      const b = await storage.tags.ensure('trains', 'Trains (renamed)');
      assert.equal(a.id, b.id);
      assert.equal(b.name, 'Trains');
      assert.deepEqual(await storage.tags.findBySlug('trains'), a);
      assert.equal(await storage.tags.findBySlug('nope'), undefined);
      const au = await storage.authors.ensure({ slug: 'ann-lee', name: 'Ann Lee', title: 'Staff Writer' });
      assert.equal((await storage.authors.ensure({ slug: 'ann-lee', name: 'X', title: 'Y' })).id, au.id);
      assert.deepEqual(await storage.authors.findBySlug('ann-lee'), au);
    });

    test('a published article reads back whole: tags and bylines in order, series, lead image, history', async () => {
      const t1 = await storage.tags.ensure('alpha', 'Alpha');
      const t2 = await storage.tags.ensure('beta', 'Beta');
      const au1 = await storage.authors.ensure({ slug: 'b-one', name: 'B One', title: 'Writer' });
      const au2 = await storage.authors.ensure({ slug: 'a-two', name: 'A Two', title: 'Editor' });
      const series = await storage.series.create({ slug: 'long-read', title: 'Long Read', description: 'd', createdAt: T0 });
      const media = await storage.media.create({
        key: '2026/03/abc.jpg', mime: 'image/jpeg', width: 1200, height: 675, bytes: 1000, sha256: 'x',
        alt: 'Alt', caption: 'Media caption', credit: 'Credit', createdAt: T0,
        variants: [{ width: 480, height: 270, key: '2026/03/abc-480w.webp', mime: 'image/webp' }],
      });
      const id = await addArticle(storage, draft(s.local, {
        headline: 'Whole article', summary: 'The dek', dateline: 'OSAKA',
        bodyHtml: '<p>One <script>alert(1)</script><b onclick="x()">two</b></p>',
        tagIds: [t2.id, t1.id], authorIds: [au1.id, au2.id], seriesId: series.id,
        leadMediaId: media.id, leadCaption: 'Article caption', isTopStory: true,
        updates: [
          { kind: 'correction', note: 'Fixed a name.', at: T0 + 2 * HOUR },
          { kind: 'update', note: 'Added reaction.', at: T0 + HOUR },
        ],
      }));
      const a = await storage.articles.findPublished(id);
      assert.ok(a);
      assert.equal(a.headline, 'Whole article');
      assert.equal(a.sectionId, s.news.id);
      assert.equal(a.subsectionId, s.local.id);
      assert.equal(a.bodyHtml, '<p>One <b>two</b></p>', 'sanitized on write');
      assert.equal(a.teaser, 'The dek');
      assert.deepEqual(a.tags.map((x) => x.slug), ['beta', 'alpha']);
      assert.deepEqual(a.authors.map((x) => x.slug), ['b-one', 'a-two']);
      assert.equal(a.series?.title, 'Long Read');
      assert.equal(a.seriesTitle, 'Long Read');
      assert.equal(a.lead?.caption, 'Article caption', 'the article caption overrides the media one');
      assert.equal(a.lead?.credit, 'Credit', 'the media credit is the fallback');
      assert.equal(a.lead?.media.variants[0]?.width, 480);
      assert.deepEqual(a.updates.map((u) => u.kind), ['update', 'correction']);
      assert.equal(a.updateCount, 1, '(Update N) counts updates, not corrections');
      assert.equal(a.updatedAt, T0 + 2 * HOUR);
      assert.equal(a.isTopStory, true);
      assert.equal(a.publishedAt, T0);
    });

    test('drafts, scheduled and unpublished articles are invisible to readers', async () => {
      const ids: number[] = [];
      for (const status of ['draft', 'in_review', 'scheduled', 'unpublished'] as const) {
        ids.push(await addArticle(storage, draft(s.football, { status, headline: `Hidden ${status}`, publishedAt: status === 'scheduled' ? T0 + 1000 * HOUR : null })));
      }
      for (const id of ids) assert.equal(await storage.articles.findPublished(id), undefined);
      const list = await storage.articles.list({ kind: 'section', id: s.sport.id }, { limit: 50, offset: 0 });
      assert.equal(list.items.filter((x) => x.headline.startsWith('Hidden')).length, 0);
      assert.deepEqual(await storage.articles.summaries(ids), []);
      assert.deepEqual(await storage.articles.rankingMeta(ids), []);
      const published = new Set(await storage.articles.publishedIds());
      assert.ok(ids.every((id) => !published.has(id)));
    });

    test('lists: scopes, newest first, pagination, totals and exclusions', async () => {
      const tag = await storage.tags.ensure('listed', 'Listed');
      const author = await storage.authors.ensure({ slug: 'lister', name: 'Lister', title: '' });
      const made: number[] = [];
      for (let i = 0; i < 7; i++) {
        made.push(await addArticle(storage, draft(i % 2 ? s.national : s.football, {
          headline: `List ${i}`, publishedAt: T0 + i * HOUR, tagIds: [tag.id], authorIds: i < 3 ? [author.id] : [],
        })));
      }
      const byTag = await storage.articles.list({ kind: 'tag', id: tag.id }, { limit: 3, offset: 0 });
      assert.equal(byTag.total, 7);
      assert.deepEqual(byTag.items.map((x) => x.headline), ['List 6', 'List 5', 'List 4']);
      const page3 = await storage.articles.list({ kind: 'tag', id: tag.id }, { limit: 3, offset: 6 });
      assert.deepEqual(page3.items.map((x) => x.headline), ['List 0']);
      const national = await storage.articles.list({ kind: 'subsection', id: s.national.id }, { limit: 50, offset: 0 });
      assert.deepEqual(national.items.map((x) => x.headline).filter((h) => h.startsWith('List')), ['List 5', 'List 3', 'List 1']);
      const sport = await storage.articles.list({ kind: 'section', id: s.sport.id }, { limit: 50, offset: 0 });
      assert.ok(sport.items.every((x) => x.sectionId === s.sport.id));
      const byAuthor = await storage.articles.list({ kind: 'author', id: author.id }, { limit: 50, offset: 0 });
      assert.deepEqual(byAuthor.items.map((x) => x.headline), ['List 2', 'List 1', 'List 0']);
      const excluded = await storage.articles.list({ kind: 'tag', id: tag.id }, { limit: 50, offset: 0, excludeIds: [made[6] as number, made[5] as number] });
      assert.equal(excluded.total, 5);
      assert.equal(excluded.items[0]?.headline, 'List 4');
      const top = await storage.articles.list({ kind: 'top' }, { limit: 50, offset: 0 });
      assert.ok(top.items.every((x) => x.isTopStory));
      const summaries = await storage.articles.summaries([made[2] as number, 999_999, made[0] as number]);
      assert.deepEqual(summaries.map((x) => x.headline), ['List 2', 'List 0'], 'in the order asked, unknown ids dropped');
      const meta = await storage.articles.rankingMeta([made[1] as number]);
      assert.deepEqual(meta, [{ id: made[1], sectionId: s.news.id, subsectionId: s.national.id, seriesId: null, publishedAt: T0 + HOUR, tagIds: [tag.id], authorIds: [author.id] }]);
    });

    test('a failed write leaves the data as it was', async () => {
      const before = (await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total;
      const tagsBefore = await storage.tags.findBySlug('rolled-back');
      assert.equal(tagsBefore, undefined);
      await assert.rejects(
        storage.transaction(async (tx) => {
          await tx.tags.ensure('rolled-back', 'Rolled back');
          await tx.articles.create({ ...baseNew(s.local.id, s.news.id), headline: 'Half written' });
          // A foreign key violation midway: the whole transaction must go.
          await tx.articles.addUpdate(999_999, { kind: 'update', note: '', at: T0 });
        }),
      );
      assert.equal((await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total, before);
      assert.equal(await storage.tags.findBySlug('rolled-back'), undefined);
    });

    test('invalid content is refused with BS_ERR_CONTENT_INVALID before anything is written', async () => {
      const before = (await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total;
      const bad = [
        draft(s.local, { headline: '' }),
        draft(s.local, { headline: 'x'.repeat(301) }),
        draft(s.news, { headline: 'Top-level section' }),
        draft(s.local, { status: 'published', publishedAt: null }),
        draft(s.local, { tagIds: [1, 1] }),
      ];
      for (const d of bad) {
        await assert.rejects(addArticle(storage, d), (err) => isBroadsheetError(err, 'BS_ERR_CONTENT_INVALID'));
      }
      assert.equal((await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total, before);
    });

    test('source keys are unique: the importer finds what it imported', async () => {
      const id = await addArticle(storage, draft(s.local, { headline: 'Imported', sourceKey: 'k-1' }));
      assert.equal(await storage.articles.findIdBySourceKey('k-1'), id);
      assert.equal(await storage.articles.findIdBySourceKey('k-2'), undefined);
      await assert.rejects(addArticle(storage, draft(s.local, { headline: 'Again', sourceKey: 'k-1' })));
    });

    test('view batches apply once, roll up into hours and days, and read back by window', async () => {
      const id = await addArticle(storage, draft(s.local, { headline: 'Viewed' }));
      const other = await addArticle(storage, draft(s.local, { headline: 'Viewed too' }));
      const batch = {
        id: 'batch-1',
        counts: [
          { articleId: id, bucketStart: T0, views: 5 },
          { articleId: id, bucketStart: T0 + 300_000, views: 2 },
          { articleId: other, bucketStart: T0 + HOUR, views: 7 },
        ],
        subnets: [
          { hour: T0, articleId: id, subnet: 'net-a', views: 6 },
          { hour: T0, articleId: id, subnet: 'net-b', views: 1 },
        ],
      };
      assert.equal(await storage.views.applyBatch(batch), true);
      assert.equal(await storage.views.applyBatch(batch), false, 'a retried batch is not counted twice');
      const fives = await storage.views.read('5m', T0, T0 + HOUR);
      assert.equal(fives.get(T0)?.get(id), 5);
      assert.equal(fives.get(T0 + 300_000)?.get(id), 2);
      const hours = await storage.views.read('1h', T0, T0 + 2 * HOUR);
      assert.equal(hours.get(T0)?.get(id), 7);
      assert.equal(hours.get(T0 + HOUR)?.get(other), 7);
      const days = await storage.views.read('1d', T0, T0 + 24 * HOUR);
      assert.equal(days.get(T0)?.get(id), 7);
      assert.deepEqual(await storage.views.subnetShares(T0, T0 + HOUR), new Map([[id, { total: 7, top: 6 }]]));
      assert.deepEqual((await storage.views.series(id, '1h', T0 - HOUR, T0 + 5 * HOUR)).map((c) => c.views), [7]);
      // Shares are read in pages within each hour: pages' edges, hours summed per subnet, both ends of the range.
      await storage.views.applyBatch({
        id: 'subnets-2',
        counts: [],
        subnets: [
          ...Array.from({ length: 1_234 }, (_, i) => ({ hour: T0 + HOUR, articleId: other, subnet: `n-${String(i).padStart(4, '0')}`, views: 1 })),
          { hour: T0 + HOUR, articleId: other, subnet: 'n-0700', views: 4 },
          { hour: T0 + 2 * HOUR, articleId: other, subnet: 'n-0700', views: 5 },
          { hour: T0 + 2 * HOUR, articleId: id, subnet: 'net-a', views: 2 },
          { hour: T0 + 3 * HOUR, articleId: id, subnet: 'net-a', views: 100 },
        ],
      });
      assert.deepEqual(
        await storage.views.subnetShares(T0, T0 + 3 * HOUR),
        new Map([
          [id, { total: 9, top: 8 }],
          [other, { total: 1_243, top: 10 }],
        ]),
      );
      // Many counters in one batch (more than one statement's worth), and direct history.
      await storage.views.applyBatch({ id: 'batch-2', counts: Array.from({ length: 1200 }, (_, i) => ({ articleId: id, bucketStart: T0 + (24 + i) * HOUR, views: 1 })), subnets: [] });
      assert.equal((await storage.views.read('1h', T0, T0 + 2000 * HOUR)).size, 1202);
      await storage.views.addCounts('1h', [{ articleId: id, bucketStart: T0, views: 3 }]);
      assert.equal((await storage.views.read('1h', T0, T0 + 1))?.get(T0)?.get(id), 10);
      await storage.views.setBucket('1h', T0, new Map([[id, 4]]));
      assert.equal((await storage.views.read('1h', T0, T0 + 1))?.get(T0)?.get(id), 4, 'setBucket replaces (an archive write is idempotent)');
      await storage.views.prune('5m', T0 + HOUR);
      assert.equal((await storage.views.read('5m', T0, T0 + HOUR)).size, 0);
    });

    test('ranking controls: exclusions, holds, release and the day of grace', async () => {
      const id = await addArticle(storage, draft(s.local, { headline: 'Controlled' }));
      await storage.rankingControls.setExcluded(id, true, null, T0);
      await storage.rankingControls.setExcluded(id, true, null, T0);
      assert.ok((await storage.rankingControls.excluded()).has(id));
      await storage.rankingControls.setExcluded(id, false, null, T0);
      assert.ok(!(await storage.rankingControls.excluded()).has(id));
      assert.equal(await storage.rankingControls.hold(id, 450, T0), true);
      assert.equal(await storage.rankingControls.hold(id, 460, T0 + 1), false, 'already held');
      assert.equal((await storage.rankingControls.holds()).get(id)?.status, 'held');
      await storage.rankingControls.release(id, null, T0 + HOUR);
      assert.equal((await storage.rankingControls.holds()).get(id)?.status, 'released');
      assert.equal(await storage.rankingControls.hold(id, 500, T0 + 2 * HOUR), false, 'not again within a day of review');
      assert.equal(await storage.rankingControls.hold(id, 500, T0 + 26 * HOUR), true, 'held again after the day of grace');
    });

    test('the invalidation log is read in order after an id, and pruned by age', async () => {
      const start = await storage.invalidations.latestId();
      await storage.invalidations.append(['article:1', 'home'], T0);
      await storage.invalidations.append([], T0);
      await storage.invalidations.append(['tag:2'], T0 + HOUR);
      const entries = await storage.invalidations.since(start, 10);
      assert.deepEqual(entries.map((e) => e.keys), [['article:1', 'home'], ['tag:2']]);
      assert.equal(entries[1]?.createdAt, T0 + HOUR);
      assert.equal(await storage.invalidations.latestId(), entries[1]?.id);
      await storage.invalidations.prune(T0 + 1);
      assert.deepEqual((await storage.invalidations.since(start, 10)).map((e) => e.keys), [['tag:2']]);
    });

    test('media: created once per key and found by key', async () => {
      const m = await storage.media.create({
        key: '2026/03/def.png', mime: 'image/png', width: 10, height: 10, bytes: 1, sha256: 'y',
        alt: '', caption: '', credit: '', variants: [], createdAt: T0,
      });
      assert.deepEqual(await storage.media.findByKey('2026/03/def.png'), m);
      assert.deepEqual(await storage.media.findById(m.id), { ...m, uploadedBy: null });
      await assert.rejects(storage.media.create({ ...{ key: '2026/03/def.png', mime: 'image/png', width: 10, height: 10, bytes: 1, sha256: 'y', alt: '', caption: '', credit: '', variants: [], createdAt: T0 } }));
    });

    if (dialect.name === 'postgres') {
      test('a connection the server drops in mid-transaction fails that transaction, not the process', async () => {
        // pg emits 'error' on a checked-out client whose server goes away; with no listener that
        // is an uncaught exception, which ended a server process when PostgreSQL went down.
        const crashes: Error[] = [];
        const onUncaught = (err: Error) => crashes.push(err);
        process.prependListener('uncaughtException', onUncaught);
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        try {
          const db = storage.connection.db;
          await assert.rejects(
            db.transaction().execute(async (trx) => {
              const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
              await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
              // The server's goodbye arrives while no query is running on the client: the backend is gone.
              await until(async () => (await admin.query('select 1 from pg_stat_activity where pid = $1', [rows[0]?.pid])).rowCount === 0, 'the backend to exit');
              await sql`select 1`.execute(trx);
            }),
          );
          assert.deepEqual(crashes.map((e) => e.message), []);
          assert.equal((await storage.sections.listAll()).length, 5, 'the pool serves new queries');
        } finally {
          process.removeListener('uncaughtException', onUncaught);
          await admin.end();
        }
      });
    }
  });
}

function baseNew(subsectionId: number, sectionId: number): Parameters<Storage['articles']['create']>[0] {
  return {
    status: 'published', sectionId, subsectionId, headline: 'x', summary: '', bodyHtml: '', teaser: '', dateline: '',
    leadMediaId: null, leadCaption: null, leadCredit: null, leadAlt: null, seriesId: null, isTopStory: false,
    publishedAt: T0, updatedAt: null, createdAt: T0, tagIds: [], authorIds: [], sourceKey: null,
  };
}
