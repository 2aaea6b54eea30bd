import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthService } from '../../src/core/access/auth-service.ts';
import { actorOf, type Actor } from '../../src/core/access/types.ts';
import type { ArticleContent } from '../../src/core/newsroom/article-content.ts';
import { changeStatus, publishDue } from '../../src/core/newsroom/change-status.ts';
import { createDraft } from '../../src/core/newsroom/create-draft.ts';
import { saveArticle } from '../../src/core/newsroom/save-article.ts';
import type { SearchFilters, SearchOrder } from '../../src/core/ports.ts';
import { parseSearchQuery, SNIPPET_MARK_END, SNIPPET_MARK_START } from '../../src/core/search/search-query.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { ManualClock } from '../helpers/clock.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { addArticle, draft, makeSections } from '../helpers/fixtures.ts';
import { requires } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('search contract on postgres', { postgres: missing });

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T03:00:00Z');

/** Queries a hostile or careless reader might type; none may raise an error. */
const HOSTILE = [
  `'; DROP TABLE articles; --`,
  `" OR 1=1 --`,
  `bridge' OR '1'='1`,
  `NEAR(harbour bridge)`,
  `headline:bridge`,
  `{headline summary}: bridge`,
  `bridge*`,
  `*`,
  `^bridge`,
  `"unbalanced bridge`,
  `bridge AND`,
  `OR OR OR`,
  `AND NOT`,
  `-`,
  `--`,
  `""`,
  `\u0000bridge\u0007\u001b[31m`,
  `\u202Ebridge\u202C\u200B`,
  `bridge\\`,
  `%_%`,
  `<script>alert(1)</script> bridge`,
  `&&||!()[]{}:;`,
  `bridge & !typhoon | (harbour <-> osaka)`,
  `$1 $2 ?`,
  `🌉 bridge`,
  `\uD800 lone surrogate bridge`,
  `${'bridge '.repeat(1500)}`,
  `${'x'.repeat(10_240)}`,
  `${'"a" OR '.repeat(2000)}`,
];

for (const dialect of dialects) {
  describe(`search (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let s: Awaited<ReturnType<typeof makeSections>>;
    const clock = new ManualClock(NOW);
    let admin: Actor;
    const ids = {} as Record<'bridge' | 'typhoon' | 'football' | 'draft' | 'embargo', number>;
    let tagIds: Record<string, number> = {};
    let authorId: number;

    const find = async (q: string, filters: SearchFilters = {}, order: SearchOrder = 'relevance', limit = 20, offset = 0) =>
      storage.search.search({ query: parseSearchQuery(q), filters, order, limit, offset, now: clock.now() });
    const idsOf = async (q: string, filters: SearchFilters = {}, order: SearchOrder = 'relevance') => (await find(q, filters, order)).hits.map((h) => h.articleId);

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      s = await makeSections(storage);
      const auth = new AuthService({ storage, clock, mailer: { delivers: false, send: async () => undefined }, publicUrl: 'https://news.example.com' });
      admin = actorOf((await auth.bootstrapAdmin({ email: 'admin@example.com', name: 'Ada Admin', password: 'correct horse battery staple' })).user);
      const transport = await storage.tags.ensure('transport', 'Transport');
      const weather = await storage.tags.ensure('weather', 'Weather');
      const mangroves = await storage.tags.ensure('mangroves', 'Mangroves');
      tagIds = { transport: transport.id, weather: weather.id, mangroves: mangroves.id };
      authorId = (await storage.authors.ensure({ slug: 'mika-tanabe', name: 'Mika Tanabe', title: 'Staff Writer' })).id;
      ids.bridge = await addArticle(storage, draft(s.local, {
        headline: 'Harbour bridge opens in Osaka',
        summary: 'The suspension span links the two piers.',
        bodyHtml: '<p>Crowds walked the new span on Sunday. Engineers said the deck can carry trams later.</p>',
        tagIds: [transport.id],
        authorIds: [authorId],
        publishedAt: Date.parse('2026-03-01T01:00:00Z'),
      }));
      ids.typhoon = await addArticle(storage, draft(s.national, {
        headline: 'Typhoon closes schools along the coast',
        summary: 'Rail services stopped overnight.',
        bodyHtml: '<p>Waves reached the old bridge at dawn.</p><figure><img src="/media/x.jpg" alt=""><figcaption>Fishermen secure boats at the quay</figcaption></figure>',
        leadCaption: 'A seawall takes the brunt near Kochi',
        tagIds: [weather.id],
        publishedAt: Date.parse('2026-03-03T01:00:00Z'),
      }));
      ids.football = await addArticle(storage, draft(s.football, {
        headline: 'Late goal settles derby',
        bodyHtml: '<p>The winner came in stoppage time.</p>',
        tagIds: [mangroves.id],
        publishedAt: Date.parse('2026-03-05T01:00:00Z'),
      }));
      // Never to be found: a draft, and a published article under embargo until tomorrow.
      ids.draft = await addArticle(storage, draft(s.local, { status: 'draft', headline: 'Zebra crossing plan leaked', publishedAt: null }));
      ids.embargo = await addArticle(storage, draft(s.local, { headline: 'Quokka census results', publishedAt: NOW + DAY }));
      // Ten similar articles for paging, newest last.
      for (let i = 0; i < 10; i++) {
        await addArticle(storage, draft(s.national, { headline: `Lantern festival report ${i + 1}`, publishedAt: Date.parse('2026-02-01T00:00:00Z') + i * DAY }));
      }
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('finds words in the headline, summary, body, captions and tags; the headline weighs most', async () => {
      assert.deepEqual(await idsOf('harbour'), [ids.bridge]);
      assert.deepEqual(await idsOf('suspension'), [ids.bridge], 'summary');
      assert.deepEqual(await idsOf('engineers'), [ids.bridge], 'body');
      assert.deepEqual(await idsOf('seawall'), [ids.typhoon], 'lead caption');
      assert.deepEqual(await idsOf('fishermen'), [ids.typhoon], 'caption inside the body');
      assert.deepEqual(await idsOf('mangroves'), [ids.football], 'tag name');
      // "bridge" is in one headline and one body: the headline match ranks first.
      assert.deepEqual(await idsOf('bridge'), [ids.bridge, ids.typhoon]);
      // Stemming: "bridges" and "closing" find "bridge" and "closes".
      assert.deepEqual(await idsOf('bridges'), [ids.bridge, ids.typhoon]);
      assert.deepEqual(await idsOf('closing'), [ids.typhoon]);
    });

    test('newest first, phrases, exclusions and alternatives', async () => {
      assert.deepEqual(await idsOf('bridge', {}, 'newest'), [ids.typhoon, ids.bridge]);
      assert.deepEqual(await idsOf('"harbour bridge"'), [ids.bridge]);
      assert.deepEqual(await idsOf('"bridge harbour"'), []);
      assert.deepEqual(await idsOf('bridge -typhoon'), [ids.bridge]);
      assert.deepEqual((await idsOf('harbour OR derby', {}, 'newest')), [ids.football, ids.bridge]);
      assert.deepEqual(await idsOf('harbour derby'), [], 'every word must match');
    });

    test('phrases: inflected forms and stopwords inside match, words apart do not, each phrase of a query on its own', async () => {
      // Engineers said the deck can carry trams later. / Waves reached the old bridge at dawn.
      assert.deepEqual(await idsOf('"engineer says"'), [], 'said is not a form of say to the stemmer');
      assert.deepEqual(await idsOf('"engineers said"'), [ids.bridge]);
      assert.deepEqual(await idsOf('"engineer said"'), [ids.bridge], 'inflected form');
      assert.deepEqual(await idsOf('"carry trams later"'), [ids.bridge], 'three words');
      assert.deepEqual(await idsOf('"reached the old bridge"'), [ids.typhoon], 'a stopword inside');
      assert.deepEqual(await idsOf('"deck trams"'), [], 'both words, not side by side');
      assert.deepEqual(await idsOf('"trams deck"'), [], 'side by side only in the order given');
      assert.deepEqual(await idsOf('"engineers said" "carry trams"'), [ids.bridge], 'two phrases');
      assert.deepEqual(await idsOf('"suspension span" "new span"'), [ids.bridge], 'summary and body');
      assert.deepEqual(await idsOf('"engineers said" OR "old bridge"', {}, 'newest'), [ids.typhoon, ids.bridge], 'alternatives');
      assert.deepEqual(await idsOf('"engineers said" -"old bridge"'), [ids.bridge]);
    });

    test('filters: section or sub-section, tag, author, date range', async () => {
      assert.deepEqual(await idsOf('bridge', { sectionId: s.local.id }), [ids.bridge]);
      assert.deepEqual(await idsOf('bridge', { sectionId: s.news.id }, 'newest'), [ids.typhoon, ids.bridge], 'a section includes its sub-sections');
      assert.deepEqual(await idsOf('bridge', { sectionId: s.sport.id }), []);
      assert.deepEqual(await idsOf('bridge', { tagId: tagIds.weather as number }), [ids.typhoon]);
      assert.deepEqual(await idsOf('bridge', { authorId }), [ids.bridge]);
      assert.deepEqual(await idsOf('bridge', { from: Date.parse('2026-03-02T00:00:00Z') }), [ids.typhoon]);
      assert.deepEqual(await idsOf('bridge', { to: Date.parse('2026-03-02T00:00:00Z') }), [ids.bridge]);
      assert.deepEqual(await idsOf('bridge', { from: Date.parse('2026-03-02T00:00:00Z'), to: Date.parse('2026-03-02T00:00:00Z') }), []);
      // Filter bookkeeping is not text: a reader typing its tokens finds nothing.
      assert.deepEqual(await idsOf(`s${s.local.id} t${tagIds.transport} a${authorId}`), []);
    });

    test('snippets mark the matched words; totals and pages are exact', async () => {
      const [hit] = (await find('engineers')).hits;
      assert.ok(hit);
      assert.ok(hit.snippet.includes(`${SNIPPET_MARK_START}Engineers${SNIPPET_MARK_END}`), hit.snippet);
      // Each hit's snippet is from its own body (both orders).
      for (const order of ['relevance', 'newest'] as const) {
        const bridge = await find('bridge', {}, order);
        const snippetOf = (id: number) => bridge.hits.find((h) => h.articleId === id)?.snippet ?? '';
        assert.ok(snippetOf(ids.typhoon).includes(`Waves reached the old ${SNIPPET_MARK_START}bridge${SNIPPET_MARK_END}`), snippetOf(ids.typhoon));
        assert.ok(snippetOf(ids.bridge).includes('Crowds walked'), snippetOf(ids.bridge));
      }
      const first = await find('lantern', {}, 'newest', 4, 0);
      const third = await find('lantern', {}, 'newest', 4, 8);
      assert.equal(first.total, 10);
      assert.equal(third.total, 10);
      assert.equal(first.hits.length, 4);
      assert.equal(third.hits.length, 2);
      const all = (await find('lantern', {}, 'newest', 20, 0)).hits.map((h) => h.articleId);
      assert.deepEqual([...first.hits, ...third.hits].map((h) => h.articleId), [...all.slice(0, 4), ...all.slice(8)]);
    });

    test('drafts are never found; an embargoed article appears only once its time comes', async () => {
      assert.deepEqual(await idsOf('zebra'), []);
      assert.deepEqual(await idsOf('quokka'), []);
      clock.set(NOW + DAY + 1);
      assert.deepEqual(await idsOf('quokka'), [ids.embargo]);
      clock.set(NOW);
    });

    test('the index follows the workflow: publish, update, schedule, unpublish', async () => {
      const deps = { storage, clock };
      const { id } = await createDraft(deps, admin, { headline: 'Platypus sighting in the canal', subsectionId: s.local.id });
      const content = (over: Partial<ArticleContent>): ArticleContent => ({
        headline: 'Platypus sighting in the canal', summary: '', bodyHtml: '<p>Residents filmed it near the lock.</p>', dateline: 'OSAKA',
        subsectionId: s.local.id, tagIds: [], authorIds: [], seriesId: null, leadMediaId: null,
        leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false, ...over,
      });
      let saved = await saveArticle(deps, admin, { articleId: id, baseVersion: 1, mode: 'save', content: content({}) });
      assert.deepEqual(await idsOf('platypus'), [], 'a saved draft is not searchable');
      let status = await changeStatus(deps, admin, { articleId: id, baseVersion: saved.version, action: 'publish' });
      assert.deepEqual(await idsOf('platypus'), [id], 'found once published');
      saved = await saveArticle(deps, admin, { articleId: id, baseVersion: status.version, mode: 'save', content: content({ headline: 'Otter sighting in the canal' }) });
      assert.deepEqual(await idsOf('platypus'), [], 'the old headline is gone from the index');
      assert.deepEqual(await idsOf('otter'), [id]);
      status = await changeStatus(deps, admin, { articleId: id, baseVersion: saved.version, action: 'unpublish' });
      assert.deepEqual(await idsOf('otter'), [], 'unpublished articles are not found');
      await changeStatus(deps, admin, { articleId: id, baseVersion: status.version, action: 'schedule', at: NOW + 3_600_000 });
      assert.deepEqual(await idsOf('otter'), [], 'scheduled is not published');
      clock.set(NOW + 3_600_000);
      await publishDue(deps);
      assert.deepEqual(await idsOf('otter'), [id], 'found when the scheduler publishes it');
      clock.set(NOW);
      assert.equal(await storage.search.count(), (await storage.articles.publishedIds()).length);
    });

    test('hostile queries answer with results or nothing, never an error, and harm nothing', async () => {
      for (const q of HOSTILE) {
        const result = await find(q);
        assert.ok(result.total >= 0 && Array.isArray(result.hits), `query ${JSON.stringify(q.slice(0, 40))}`);
      }
      // Words around the junk are still searched for.
      for (const q of [`bridge' OR '1'='1`, `^bridge`, `bridge AND`, `bridge\\`, `🌉 bridge`, `\u202Ebridge\u202C\u200B`, `\uD800 lone surrogate bridge`.replace(' lone surrogate', '')]) {
        assert.ok((await idsOf(q)).includes(ids.bridge), `query ${JSON.stringify(q)}`);
      }
      // The SQL fragment was searched for as words, not run.
      assert.deepEqual(await idsOf(`'; DROP TABLE articles; --`), []);
      assert.deepEqual(await idsOf(`<script>alert(1)</script> bridge`), []);
      assert.deepEqual(await idsOf(`\u0000bridge\u0007`), [ids.bridge, ids.typhoon], 'control characters are separators');
      assert.deepEqual(await idsOf(`bridge*`), [ids.bridge, ids.typhoon], 'operators are punctuation');
      assert.ok((await storage.articles.publishedIds()).length > 10, 'the articles are all still there');
      assert.deepEqual(await idsOf('harbour'), [ids.bridge], 'and the index still works');
    });

    test('a rebuild indexes every published article again', async () => {
      const before = await storage.search.count();
      const done = await storage.transaction((tx) => tx.search.rebuild());
      assert.equal(done, before);
      assert.equal(await storage.search.count(), (await storage.articles.publishedIds()).length);
      assert.deepEqual(await idsOf('harbour'), [ids.bridge]);
    });

    test('relevance adds up where each word is found: both in the headline, then one, then the body alone (newer first)', async () => {
      const at = (day: number) => Date.parse(`2026-01-${String(day).padStart(2, '0')}T03:00:00Z`);
      const both = await addArticle(storage, draft(s.local, { headline: 'Kelp and otter survey', bodyHtml: '<p>Divers counted.</p>', publishedAt: at(10) }));
      const one = await addArticle(storage, draft(s.local, { headline: 'Kelp forests shrink', bodyHtml: '<p>An otter was seen.</p>', publishedAt: at(12) }));
      const bodyNewer = await addArticle(storage, draft(s.local, { headline: 'Coastal notes', bodyHtml: '<p>Kelp and an otter.</p>', publishedAt: at(14) }));
      const bodyOlder = await addArticle(storage, draft(s.local, { headline: 'Harbour diary', bodyHtml: '<p>Kelp and an otter again.</p>', publishedAt: at(13) }));
      assert.deepEqual(await idsOf('kelp otter'), [both, one, bodyNewer, bodyOlder]);
      assert.deepEqual(await idsOf('kelp otter', {}, 'newest'), [bodyNewer, bodyOlder, one, both]);
      // Alternatives count one by one (related articles search this way): sharing more words ranks higher.
      assert.deepEqual(await idsOf('kelp OR divers'), [both, one, bodyNewer, bodyOlder]);
    });

    test('a quoted phrase is checked in the newest articles holding its words; the result says when older ones were not checked', async () => {
      const at = (day: number) => Date.parse(`2025-12-${String(day).padStart(2, '0')}T03:00:00Z`);
      const oldest = await addArticle(storage, draft(s.local, { headline: 'Trials at sea', bodyHtml: '<p>A manta glider was tested.</p>', publishedAt: at(1) }));
      const apart = await addArticle(storage, draft(s.local, { headline: 'Trials again', bodyHtml: '<p>The glider passed a manta.</p>', publishedAt: at(2) }));
      const newest = await addArticle(storage, draft(s.local, { headline: 'Trials end', bodyHtml: '<p>Another manta glider flew.</p>', publishedAt: at(3) }));
      const phrase = (phraseWindow: number, filters: SearchFilters = {}) =>
        storage.search.search({ query: parseSearchQuery('"manta glider"'), filters, order: 'newest', limit: 20, offset: 0, now: clock.now(), phraseWindow });
      const wide = await phrase(3);
      assert.deepEqual(wide.hits.map((h) => h.articleId), [newest, oldest]);
      assert.equal(wide.checkedSince, undefined, 'every article with both words was checked');
      // A window of two: the two newest with both words are checked (one has the phrase); the oldest is not.
      const narrow = await phrase(2);
      assert.deepEqual(narrow.hits.map((h) => h.articleId), [newest]);
      assert.equal(narrow.checkedSince, at(2), 'checked back to the second newest');
      // A date range moves the window back.
      const earlier = await phrase(2, { to: at(2) });
      assert.deepEqual(earlier.hits.map((h) => h.articleId), [oldest]);
      assert.equal(earlier.checkedSince, undefined);
      assert.ok(apart > 0);
      // Without a phrase there is no window: the words alone find all three.
      assert.deepEqual((await find('manta glider', {}, 'newest')).hits.map((h) => h.articleId), [newest, apart, oldest]);
    });
  });
}
