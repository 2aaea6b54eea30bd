import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { SectionIndex } from '../../src/core/content/article-path.ts';
import { isBroadsheetError } from '../../src/core/errors.ts';
import { importPage, importPlanned, planImport } from '../../src/core/import/import-page.ts';
import { parsePageText } from '../../src/core/import/page-text.ts';
import { storeImage } from '../../src/core/media/store-image.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';
import { LocalMediaFiles } from '../../src/storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../../src/storage/media/sharp-image-processor.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { requires, sharedFile } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('import contract on postgres', { postgres: missing });

const FIXTURES = new URL('../fixtures/pages/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const { url: REFERENCE, skip: withoutReference } = sharedFile('reference/seed-article.txt');
const time = new EditionTime('Asia/Tokyo');

for (const dialect of dialects) {
  describe(`importing saved pages (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let mediaDir: string;
    const deps = () => ({ storage, time, now: () => Date.parse('2026-03-06T06:00:00Z') });

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      mediaDir = mkdtempSync(join(tmpdir(), 'broadsheet-import-'));
      const politics = await storage.sections.create({ slug: 'politics', name: 'Politics', parentId: null, position: 0, description: '' });
      await storage.sections.create({ slug: 'politics-government', name: 'Politics & Government', parentId: politics.id, position: 1, description: '' });
      const business = await storage.sections.create({ slug: 'business', name: 'Business', parentId: null, position: 2, description: '' });
      await storage.sections.create({ slug: 'economy', name: 'Economy', parentId: business.id, position: 3, description: '' });
      const society = await storage.sections.create({ slug: 'society', name: 'Society', parentId: null, position: 4, description: '' });
      await storage.sections.create({ slug: 'general-news', name: 'General News', parentId: society.id, position: 5, description: '' });
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
      rmSync(mediaDir, { recursive: true, force: true });
    });

    test('a page with caption, byline, dateline, body and chrome becomes one published article with its photo', async () => {
      const page = parsePageText(fixture('harbor-bridge.txt'), 'harbor-bridge.txt');
      const files = new LocalMediaFiles(mediaDir);
      const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#336699' } }).jpeg().toBuffer();
      const result = await importPage(deps(), page, {
        section: 'society/general-news',
        loadImage: () => storeImage({ files, processor: new SharpImageProcessor() }, photo, { alt: page.caption ?? '', caption: page.caption ?? '', credit: '' }, Date.now()),
      });
      assert.equal(result.created, true);
      assert.equal(result.path, `/society/general-news/20260303-${result.id}/`);
      const a = await storage.articles.findPublished(result.id);
      assert.ok(a);
      assert.equal(a.headline, 'Harbor Bridge in Port Hakuro Reopens After Two-Year Rebuild; Ferry Queues Ease');
      assert.equal(a.dateline, 'PORT HAKURO');
      assert.equal(a.publishedAt, Date.parse('2026-03-03T00:05:00Z'), '09:05 JST');
      assert.match(a.bodyHtml, /^<p>The Hakuro Harbor Bridge reopened/);
      assert.equal([...a.bodyHtml.matchAll(/<p>/g)].length, 4);
      assert.match(a.bodyHtml, /&#39;s eastern shore|'s eastern shore/);
      assert.doesNotMatch(a.bodyHtml, /Chrome|Popular|Ranking/i, 'page chrome is dropped');
      assert.deepEqual(a.tags.map((t) => t.name), ['Transport', 'Infrastructure']);
      assert.deepEqual(a.authors.map((x) => [x.name, x.title]), [['Aiko Mirren', 'Staff Writer']]);
      assert.equal(a.lead?.caption, 'Cyclists cross the rebuilt Hakuro Harbor Bridge on its first morning back in service.');
      assert.ok(a.lead && a.lead.media.variants.length >= 3);
      assert.ok(existsSync(join(mediaDir, a.lead.media.key)));
    });

    test('importing the same page twice does not duplicate the article', async () => {
      const page = parsePageText(fixture('harbor-bridge.txt'), 'harbor-bridge.txt');
      const before = (await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total;
      let loaded = false;
      const again = await importPage(deps(), page, {
        section: 'society/general-news',
        loadImage: async () => {
          loaded = true;
          return undefined;
        },
      });
      assert.equal(again.created, false);
      assert.equal(loaded, false, 'the photo is not even processed for a known page');
      assert.equal((await storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).total, before);
      assert.match(again.path, /^\/society\/general-news\/20260303-\d+\/$/);
    });

    test('a wire story: (Update N) becomes history, the wire dateline is kept, plain tag names count, section from the tag', async () => {
      const page = parsePageText(fixture('wire-story.txt'), 'wire-story.txt');
      const result = await importPage(deps(), page, {});
      const a = await storage.articles.findPublished(result.id);
      assert.ok(a);
      assert.equal(a.headline, 'Fictional Exporters Report Record Quarter as Port Strike Ends');
      assert.equal(a.updateCount, 2);
      assert.equal(a.dateline, 'TOKYO, Aug 6 (Wire)');
      assert.deepEqual(a.tags.map((t) => t.name), ['Economy', 'Trade']);
      assert.equal(a.lead, null);
      assert.match(result.path, /^\/business\/economy\/20250806-\d+\/$/);
    });

    test('an unknown section is refused before anything is written', async () => {
      const page = parsePageText(fixture('wire-story.txt').replace('Exporters', 'Importers'), 'x.txt');
      await assert.rejects(importPage(deps(), page, { section: 'nowhere/at-all' }), (e) => isBroadsheetError(e, 'BS_ERR_SECTION_UNKNOWN'));
      assert.equal(await storage.articles.findIdBySourceKey(page.sourceKey), undefined);
    });

    test('a failing import leaves no article and removes the photo files it wrote', async () => {
      const page = parsePageText(fixture('harbor-bridge.txt').replace('Harbor Bridge in', 'Harbour Span in'), 'y.txt');
      const files = new LocalMediaFiles(mediaDir);
      const photo = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#aa3300' } }).png().toBuffer();
      const before = readdirSync(mediaDir, { recursive: true }).length;
      // Too many related tags for the article limits: the write is refused inside the transaction.
      const tooMany = { ...page, tags: Array.from({ length: 21 }, (_, i) => `Tag ${i}`) };
      await assert.rejects(
        importPage(deps(), tooMany, {
          section: 'society/general-news',
          loadImage: () => storeImage({ files, processor: new SharpImageProcessor() }, photo, { alt: '', caption: '', credit: '' }, Date.now()),
        }),
        (e) => isBroadsheetError(e, 'BS_ERR_CONTENT_INVALID'),
      );
      assert.equal(await storage.articles.findIdBySourceKey(page.sourceKey), undefined);
      assert.equal(await storage.tags.findBySlug('tag-0'), undefined, 'tags created in the failed transaction are gone');
      assert.equal(readdirSync(mediaDir, { recursive: true }).length, before, 'no photo files left behind');
    });

    test('a batch lands whole or not at all: a failure on its second photo leaves no article and no file', async () => {
      const sections = new SectionIndex(await storage.sections.listAll());
      const files = new LocalMediaFiles(mediaDir);
      const processor = new SharpImageProcessor();
      const photo = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#118833' } }).jpeg().toBuffer();
      const pages = ['All or none one', 'All or none two', 'All or none three'].map((headline, i) =>
        parsePageText(fixture('wire-story.txt').replace(/^.*\n/, `${headline}\n`).replace('August 6', `August ${10 + i}`), `batch-${i}.txt`),
      );
      const plans = pages.map((page) => planImport(sections, page, 'business/economy'));
      const before = readdirSync(mediaDir, { recursive: true }).length;
      await assert.rejects(
        importPlanned(deps(), [
          { plan: plans[0]!, loadImage: () => storeImage({ files, processor }, photo, { alt: '', caption: '', credit: '' }, Date.now()) },
          { plan: plans[1]!, loadImage: () => storeImage({ files, processor }, Buffer.from('not an image at all'), { alt: '', caption: '', credit: '' }, Date.now()) },
          { plan: plans[2]! },
        ]),
        (e) => isBroadsheetError(e, 'BS_ERR_MEDIA_REJECTED'),
      );
      for (const page of pages) assert.equal(await storage.articles.findIdBySourceKey(page.sourceKey), undefined, page.headline);
      assert.equal(readdirSync(mediaDir, { recursive: true }).length, before, 'the first photo’s files were removed again');

      const results = await importPlanned(deps(), plans.map((plan) => ({ plan })));
      assert.deepEqual(results.map((r) => r.created), [true, true, true]);
    });

    test('the plan refuses what the write would refuse, naming the field: a bell in a tag, an empty byline slug', async () => {
      const sections = new SectionIndex(await storage.sections.listAll());
      const page = parsePageText(fixture('wire-story.txt'), 'plan.txt');
      assert.throws(() => planImport(sections, { ...page, tags: ['Trade\u0007'] }, 'business/economy'), (e) => isBroadsheetError(e, 'BS_ERR_CONTENT_INVALID') && /tag: .*U\+0007/.test(e.message));
      assert.throws(() => planImport(sections, { ...page, bylines: [{ name: '!!!', title: '' }] }, 'business/economy'), (e) => isBroadsheetError(e, 'BS_ERR_CONTENT_INVALID'));
      assert.throws(() => planImport(sections, { ...page, headline: 'x'.repeat(301) }, 'business/economy'), (e) => isBroadsheetError(e, 'BS_ERR_CONTENT_INVALID'));
    });

    test('the reference page imports with its chrome dropped', { skip: withoutReference }, async () => {
      const page = parsePageText(readFileSync(REFERENCE, 'utf8'), 'seed-article.txt');
      const result = await importPage(deps(), page, {});
      const a = await storage.articles.findPublished(result.id);
      assert.ok(a);
      assert.equal(a.publishedAt, Date.parse('2025-06-18T06:46:00Z'));
      assert.equal(a.dateline, 'KANANASKIS/BANFF, Canada');
      assert.deepEqual(a.tags.map((t) => t.name), ['Politics']);
      assert.equal([...a.bodyHtml.matchAll(/<p>/g)].length, 10);
      assert.doesNotMatch(a.bodyHtml, /ACCESS RANKING|POPULAR ARTICLE/);
      assert.match(result.path, /^\/politics\/politics-government\/20250618-\d+\/$/);
      const sections = new SectionIndex(await storage.sections.listAll());
      assert.ok(sections.byPath('politics/politics-government'));
    });
  });
}
