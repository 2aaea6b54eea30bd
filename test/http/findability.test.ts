import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { articlePath, SectionIndex } from '../../src/core/content/article-path.ts';
import { createArticle } from '../../src/core/content/create-article.ts';
import type { Article } from '../../src/core/content/types.ts';
import { NEWS_SITEMAP_WINDOW_MS } from '../../src/core/reader/syndication-service.ts';
import { ReaderService } from '../../src/core/reader/reader-service.ts';
import { writeFeed } from '../../src/web/reader/feed-writer.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { parsePage, structuredData } from '../helpers/dom.ts';
import { draft } from '../helpers/fixtures.ts';
import { assertValidHtml } from '../helpers/html.ts';

const BASE = 'http://localhost:3000';
let t: TestApp;
let published: Article[];
let sections: SectionIndex;

/** Every published article as the database has it now. */
async function currentPublished(): Promise<Article[]> {
  const ids = await t.services.storage.articles.publishedIds();
  return (await Promise.all(ids.map((id) => t.services.storage.articles.findPublished(id)))).filter((a): a is Article => a !== undefined);
}

before(async () => {
  t = await startTestApp();
  sections = new SectionIndex(await t.services.storage.sections.listAll());
  published = await currentPublished();
});
after(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const pathOf = (a: { id: number; subsectionId: number; publishedAt: number }) => articlePath(a, sections, t.services.time);
const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['url', 'sitemap', 'item', 'entry'].includes(name) });

/** Adds an article straight to the database (as the importer would) and tells the caches. */
async function addArticle(over: Parameters<typeof draft>[1]): Promise<number> {
  const sub = sections.byPath('politics/politics-government');
  assert.ok(sub);
  const { id, invalidates } = await t.services.storage.transaction((tx) => createArticle(tx, draft(sub, over), t.clock.now()));
  await t.services.applyInvalidations(invalidates);
  return id;
}

describe('search page', () => {
  test('the header of every page has a labelled search box', async () => {
    const res = await get('/');
    const form = parsePage(res.body).$('form.site-search');
    assert.deepEqual([form.attr('role'), form.attr('aria-label'), form.attr('action'), form.attr('method')], ['search', 'Site', '/search/', 'get']);
    assert.equal(form.find('label[for="site-search-q"]').text(), 'Search articles');
    assert.deepEqual([form.find('input#site-search-q').attr('type'), form.find('input#site-search-q').attr('name')], ['search', 'q']);
  });

  test('results: highlighted snippets, links to the articles, the query shown back, valid HTML', async () => {
    const res = await get('/search/?q=minister');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-robots-tag'], 'noindex');
    assert.equal(parsePage(res.body).attr('meta[name="robots"]', 'content'), 'noindex');
    assert.match(res.body, /(\d+) articles found/);
    assert.ok(parsePage(res.body).texts('mark').some((m) => /^[Mm]inisters?$/.test(m)), 'matched words are marked');
    const links = parsePage(res.body).attrs('h3.item-headline a', 'href');
    assert.ok(links.length >= 3);
    for (const link of links) assert.equal((await get(link)).statusCode, 200, link);
    assert.match(res.body, /id="site-search-q" type="search" name="q" maxlength="200" value="minister"/);
    await assertValidHtml(res.body, 'search page');
  });

  test('a repeated search is served from the search cache; any article change renders it again', async () => {
    const first = await get('/search/?q=typhoon&order=newest');
    const hits = t.services.searchCache.stats.hits;
    const again = await get('/search/?q=%20typhoon%20%20&order=newest&utm_source=x');
    assert.equal(again.body, first.body, 'the same search, spaced differently');
    assert.equal(t.services.searchCache.stats.hits, hits + 1);
    const misses = t.services.searchCache.stats.misses;
    await t.services.applyInvalidations(['article:1', 'home']);
    await get('/search/?q=typhoon&order=newest');
    assert.equal(t.services.searchCache.stats.misses, misses + 1);
    assert.equal(t.services.cache.stats.pages > 0, true, 'reader pages are in their own cache');
  });

  test('each reader sees their own query echoed, whatever casing was searched first', async () => {
    const heading = (body: string) => /^Results for “(.*)”$/.exec(parsePage(body).text('h1'))?.[1];
    const upper = await get('/search/?q=WOMBAT%20SCAM');
    assert.equal(heading(upper.body), 'WOMBAT SCAM');
    const lower = await get('/search/?q=wombat%20scam');
    assert.equal(heading(lower.body), 'wombat scam');
    const mixed = await get('/search/?q=Wombat%20%20Scam');
    assert.equal(heading(mixed.body), 'Wombat Scam');
    assert.match(mixed.body, /value="Wombat Scam"/, 'the search box too');
  });

  test('an empty search shows the form only; punctuation alone says why nothing was searched', async () => {
    const empty = await get('/search/');
    assert.equal(empty.statusCode, 200);
    assert.equal(parsePage(empty.body).text('h1'), 'Search');
    assert.doesNotMatch(empty.body, /articles? found/);
    const junk = await get(`/search/?q=${encodeURIComponent('"" -- *')}`);
    assert.equal(junk.statusCode, 200);
    assert.match(junk.body, /punctuation and symbols on their own are not searched/);
  });

  test('filters and order: section, date range, newest first', async () => {
    const all = await get('/search/?q=the+said&order=newest');
    const politics = await get('/search/?q=the+said&section=politics&order=newest');
    const linksOf = (html: string) => parsePage(html).attrs('h3.item-headline a', 'href');
    assert.ok(linksOf(all.body).some((l) => !l.startsWith('/politics/')));
    assert.ok(linksOf(politics.body).length > 0);
    assert.ok(linksOf(politics.body).every((l) => l.startsWith('/politics/')), 'section filter');
    const dates = linksOf(all.body).map((l) => Number(/\/(\d{8})-/.exec(l)?.[1]));
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
    const today = t.services.time.dateKey(t.clock.now());
    const day = `${today.slice(0, 4)}-${today.slice(4, 6)}-${today.slice(6)}`;
    const ranged = await get(`/search/?q=the+said&from=${day}&to=${day}&order=newest`);
    assert.ok(linksOf(ranged.body).length > 0);
    assert.ok(linksOf(ranged.body).every((l) => l.includes(`/${today}-`)), 'only articles from that day (in the edition zone)');
    assert.equal(parsePage(ranged.body).text('option[value="newest"][selected]'), 'Newest first');
  });

  test('a phrase search that did not reach older articles says so, with the date it reached back to', async () => {
    const day = 86_400_000;
    await addArticle({ headline: 'Manta glider trial one', bodyHtml: '<p>The manta glider dived.</p>', publishedAt: t.clock.now() - 3 * day });
    const newest = await addArticle({ headline: 'Manta glider trial two', bodyHtml: '<p>The manta glider surfaced.</p>', publishedAt: t.clock.now() - day });
    // The site's own reader service, with a phrase window of one article.
    const reader = new ReaderService(
      { repos: t.services.storage, ranking: t.services.ranking, time: t.services.time, clock: t.clock },
      { ...t.services.reader.options, searchPhraseWindow: 1 },
    );
    const narrow = await reader.search({ q: '"manta glider"' });
    assert.deepEqual(narrow.results.map((r) => r.item.article.id), [newest]);
    const since = t.services.time.date(t.clock.now() - day);
    assert.ok(narrow.notices.some((n) => n.startsWith('Quoted phrases are looked for in the latest 1 article containing all their words') && n.includes(`published since ${since}`)), narrow.notices.join(' | '));
    // The site's default window reaches both, and says nothing.
    const res = await get('/search/?q=%22manta+glider%22');
    assert.match(res.body, /2 articles found/);
    assert.doesNotMatch(res.body, /Quoted phrases are looked for/);
  });

  test('unknown filters and bad dates become notices, not errors', async () => {
    const res = await get('/search/?q=minister&section=no-such&tag=nope&author=nobody&from=2026-02-30&to=yesterday');
    assert.equal(res.statusCode, 200);
    for (const notice of ['That section does not exist', 'That tag does not exist', 'That author does not exist', 'The start date was not a date', 'The end date was not a date']) {
      assert.ok(res.body.includes(notice), notice);
    }
    assert.match(res.body, /articles found/);
  });

  test('hostile queries get results or a clear message, never a server error', async () => {
    const queries = [
      `'; DROP TABLE articles; --`, `" OR 1=1 --`, 'NEAR(a b)', 'headline:minister', '*', '"unbalanced', 'OR OR',
      '\u0000\u0007minister\u001b', '\u202Eminister', '<script>alert(1)</script>', '%_%', '\\', 'minister '.repeat(1200),
    ];
    for (const q of queries) {
      const res = await get(`/search/?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, JSON.stringify(q.slice(0, 30)));
      assert.equal(parsePage(res.body).$('script').toArray().filter((el) => (el.children[0] as { data?: string } | undefined)?.data?.includes('alert')).length, 0, 'no script element from the query');
    }
    const long = await get(`/search/?q=${encodeURIComponent('minister '.repeat(1200))}`);
    assert.match(long.body, /only its first words were used/);
    assert.match(long.body, /articles? found/);
    const tooLong = await get(`/search/?q=${'x'.repeat(17_000)}`);
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /BS_ERR_REQUEST_INVALID/);
    assert.match(tooLong.body, /the search is too long/);
    for (const [url, message] of [
      ['/search/?q=a&q=b', /q is not valid|the search/],
      ['/search/?q=minister&order=best', /order must be relevance or newest/],
      ['/search/?q=minister&page=0', /page must be a whole number/],
      ['/search/?q=minister&page=abc', /page must be a whole number/],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, message, url);
    }
    assert.ok((await t.services.storage.articles.publishedIds()).length >= published.length, 'nothing was dropped');
  });

  test('pages of results link to each other; past the last page says so', async () => {
    const first = await get('/search/?q=the+said&order=newest');
    const total = Number(/([\d,]+) articles found/.exec(first.body)?.[1]?.replace(',', ''));
    assert.ok(total > 20, `enough results to page (${total})`);
    const next = parsePage(first.body).$('a[rel="next"]');
    assert.deepEqual([next.attr('href'), next.text()], ['/search/?q=the+said&order=newest&page=2', 'Next']);
    const second = await get('/search/?q=the+said&order=newest&page=2');
    assert.equal(parsePage(second.body).attr('ol.article-list.search-list', 'start'), '21');
    const far = await get('/search/?q=the+said&page=999999');
    assert.equal(far.statusCode, 200);
    assert.match(far.body, /at most 25 pages/);
  });

  test('drafts and embargoed articles are never found; a new article is found at once', async () => {
    await addArticle({ status: 'draft', headline: 'Wombat draft never seen', publishedAt: null });
    // The newsroom's embargo: scheduled for later, published by the scheduler when the time comes.
    await addArticle({ status: 'scheduled', headline: 'Wombat embargo story', publishedAt: null, scheduledFor: t.clock.now() + 3_600_000 });
    assert.match((await get('/search/?q=wombat')).body, /No articles found/);
    const id = await addArticle({ headline: 'Wombat festival opens', publishedAt: t.clock.now() - 60_000 });
    const res = await get('/search/?q=wombat');
    assert.match(res.body, /1 article found/);
    assert.ok(res.body.includes(`-${id}/`));
  });
});

describe('feeds', () => {
  const scopes = async () => {
    const tag = (await t.services.storage.tags.search('', 50)).find((x) => x.articles > 1);
    const series = (await t.services.storage.series.listAll())[0];
    const author = (await t.services.storage.authors.listAll())[0];
    assert.ok(tag && series && author);
    return ['/feed/', '/politics/feed/', '/politics/politics-government/feed/', `/tag/${tag.slug}/feed/`, `/series/${series.slug}/feed/`, `/author/${author.slug}/feed/`];
  };

  test('RSS, Atom and JSON Feed for the site and every kind of list parse with an independent parser', async () => {
    const byUrl = new Map((await currentPublished()).map((a) => [`${BASE}${pathOf(a)}`, a]));
    for (const feedPath of await scopes()) {
      for (const [suffix, type] of [['', 'application/rss+xml'], ['atom/', 'application/atom+xml'], ['json/', 'application/feed+json']] as const) {
        const res = await get(`${feedPath}${suffix}`);
        assert.equal(res.statusCode, 200, `${feedPath}${suffix}`);
        assert.ok(String(res.headers['content-type']).startsWith(type), `${feedPath}${suffix}: ${res.headers['content-type']}`);
        const parsed = suffix === 'json/' ? extractFromJson(JSON.parse(res.body)) : extractFromXml(res.body);
        const entries = parsed.entries ?? [];
        assert.ok(entries.length > 0, `${feedPath}${suffix} has entries`);
        assert.ok(entries.length <= 20);
        for (const entry of entries) {
          const article = byUrl.get(entry.link ?? '');
          assert.ok(article, `${feedPath}${suffix}: ${entry.link} is a published article's canonical address`);
          assert.ok(entry.title?.endsWith(article.headline), `${entry.title} ~ ${article.headline}`);
          // RSS pubDate and JSON Feed date_published: when it came out; Atom <updated>: its last change.
          const expected = suffix === 'atom/' ? Math.max(article.publishedAt, article.updatedAt ?? 0) : article.publishedAt;
          assert.equal(Date.parse(entry.published ?? ''), Math.floor(expected / 1000) * 1000, `${feedPath}${suffix}: date of ${entry.link}`);
        }
        const times = entries.map((e) => byUrl.get(e.link ?? '')?.publishedAt ?? 0);
        assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      }
    }
  });

  test('RSS items carry the lead image as an enclosure, sections and tags as categories', async () => {
    const res = await get('/feed/');
    const doc = xml.parse(res.body);
    const items = doc.rss.channel.item as Record<string, unknown>[];
    const withImage = items.filter((i) => i.enclosure);
    assert.ok(withImage.length > 0);
    for (const item of withImage) {
      const enclosure = item.enclosure as Record<string, string>;
      assert.match(enclosure['@_url'] ?? '', /^http:\/\/localhost:3000\/media\/.+\.(webp|jpg|png)$/);
      assert.match(enclosure['@_type'] ?? '', /^image\//);
      assert.equal((await get((enclosure['@_url'] ?? '').slice(BASE.length))).statusCode, 200);
    }
    assert.ok(items.every((i) => i.category), 'categories');
    assert.equal(doc.rss.channel['atom:link']['@_href'], `${BASE}/feed/`);
  });

  test('full-content feeds carry the sanitized body with absolute links', async () => {
    const model = await t.services.syndication.feed({ kind: 'site' }, t.services.site.name);
    assert.ok(model);
    const atom = extractFromXml(writeFeed(model, 'atom', t.services.site, 'full'), {
      getExtraEntryFields: (e) => ({ content: (e as { content?: unknown }).content }),
    });
    const first = model.entries[0];
    const entry = atom.entries?.[0] as { content?: unknown; link?: string } | undefined;
    assert.ok(first && entry);
    const content = JSON.stringify(entry.content);
    const firstWords = first.article.bodyHtml.replace(/<[^>]+>/g, ' ').trim().split(/\s+/).slice(0, 5).join(' ');
    assert.ok(content.includes(firstWords.slice(0, 20)), 'the body is there');
    const summary = extractFromXml(writeFeed(model, 'atom', t.services.site, 'summary'), {
      getExtraEntryFields: (e) => ({ content: (e as { content?: unknown }).content }),
    });
    assert.equal((summary.entries?.[0] as { content?: unknown }).content, undefined, 'summary feeds leave the body out');
  });

  test('an unknown list has no feed; unpublished articles never appear', async () => {
    assert.equal((await get('/tag/no-such-tag/feed/')).statusCode, 404);
    assert.equal((await get('/no-such-section/feed/atom/')).statusCode, 404);
    assert.equal((await get('/tag/Bad_Slug/feed/json/')).statusCode, 404);
    const body = (await get('/feed/')).body;
    assert.doesNotMatch(body, /Wombat draft|Wombat embargo/);
  });
});

describe('sitemaps and robots.txt', () => {
  test('the index lists the pages sitemap, the news sitemap and one sitemap per month; together they hold every published article', async () => {
    const res = await get('/sitemap.xml');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/xml/);
    assert.equal(XMLValidator.validate(res.body), true);
    const locs = (xml.parse(res.body).sitemapindex.sitemap as { loc: string }[]).map((s) => s.loc);
    assert.ok(locs.includes(`${BASE}/sitemaps/pages.xml`));
    assert.ok(locs.includes(`${BASE}/sitemaps/news.xml`));
    const months = locs.filter((l) => /\/sitemaps\/articles-\d{4}-\d{2}\.xml$/.test(l));
    assert.ok(months.length >= 1);
    const inSitemaps = new Set<string>();
    for (const loc of months) {
      const month = await get(loc.slice(BASE.length));
      assert.equal(month.statusCode, 200, loc);
      assert.equal(XMLValidator.validate(month.body), true, loc);
      const doc = xml.parse(month.body);
      assert.equal(doc.urlset['@_xmlns'], 'http://www.sitemaps.org/schemas/sitemap/0.9');
      for (const url of doc.urlset.url as { loc: string; lastmod: string }[]) {
        assert.ok(!Number.isNaN(Date.parse(url.lastmod)), url.lastmod);
        inSitemaps.add(url.loc);
      }
    }
    const now = t.clock.now();
    const expected = (await currentPublished()).filter((a) => a.publishedAt <= now).map((a) => `${BASE}${pathOf(a)}`);
    assert.deepEqual([...inSitemaps].sort(), expected.sort());
    for (const loc of [...inSitemaps].slice(0, 10)) assert.equal((await get(loc.slice(BASE.length))).statusCode, 200, loc);
    assert.equal((await get('/sitemaps/articles-1999-01.xml')).statusCode, 404);
    assert.equal((await get('/sitemaps/articles-2026-13.xml')).statusCode, 404);
  });

  test('the news sitemap holds the last 48 hours with publication dates in the edition offset', async () => {
    const res = await get('/sitemaps/news.xml');
    assert.equal(XMLValidator.validate(res.body), true);
    const urls = xml.parse(res.body).urlset.url as { loc: string; 'news:news': Record<string, unknown> }[];
    const now = t.clock.now();
    const recent = (await currentPublished()).filter((a) => a.publishedAt >= now - NEWS_SITEMAP_WINDOW_MS && a.publishedAt <= now);
    assert.equal(urls.length, recent.length);
    for (const u of urls) {
      const news = u['news:news'];
      assert.equal((news['news:publication'] as Record<string, string>)['news:name'], t.services.site.name);
      assert.equal((news['news:publication'] as Record<string, string>)['news:language'], 'en');
      assert.match(String(news['news:publication_date']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      assert.ok(typeof news['news:title'] === 'string' && news['news:title'].length > 0);
    }
  });

  test('the pages sitemap lists home, sections, tags, series and authors; robots.txt points to the index', async () => {
    const res = await get('/sitemaps/pages.xml');
    assert.equal(XMLValidator.validate(res.body), true);
    const locs = (xml.parse(res.body).urlset.url as { loc: string }[]).map((u) => u.loc);
    for (const path of ['/', '/politics/', '/politics/politics-government/']) assert.ok(locs.includes(`${BASE}${path}`), path);
    assert.ok(locs.some((l) => l.includes('/tag/')) && locs.some((l) => l.includes('/series/')) && locs.some((l) => l.includes('/author/')));
    for (const loc of locs) assert.equal((await get(loc.slice(BASE.length))).statusCode, 200, loc);
    const robots = await get('/robots.txt');
    assert.equal(robots.statusCode, 200);
    assert.match(robots.body, /^User-agent: \*$/m);
    assert.match(robots.body, /^Disallow: \/admin\/$/m);
    assert.match(robots.body, new RegExp(`^Sitemap: ${BASE}/sitemap.xml$`, 'm'));
  });
});

describe('article metadata and related articles', () => {
  const ldJson = structuredData;

  test('NewsArticle JSON-LD: headline, image, dates with offset, author, publisher, section, keywords, correction', async () => {
    const corrected = published.find((a) => a.updates.some((u) => u.kind === 'correction'));
    const withImage = published.find((a) => a.lead && a.tags.length > 0 && a.authors.length > 0);
    assert.ok(corrected && withImage);
    for (const a of [corrected, withImage]) {
      const res = await get(pathOf(a));
      const [news, crumbs] = ldJson(res.body);
      assert.ok(news && crumbs);
      assert.equal(news['@context'], 'https://schema.org');
      assert.equal(news['@type'], 'NewsArticle');
      assert.equal(news.headline, a.headline);
      assert.equal(news.url, `${BASE}${pathOf(a)}`);
      assert.match(String(news.datePublished), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
      assert.equal(Date.parse(String(news.datePublished)), Math.floor(a.publishedAt / 1000) * 1000);
      assert.ok(Date.parse(String(news.dateModified)) >= Date.parse(String(news.datePublished)));
      assert.deepEqual((news.author as { name: string }[]).map((x) => x.name), a.authors.length > 0 ? a.authors.map((x) => x.name) : [t.services.site.name]);
      assert.equal((news.publisher as { name: string }).name, t.services.site.name);
      const section = sections.byId(a.sectionId);
      assert.ok(section);
      assert.ok(([] as unknown[]).concat(news.articleSection).includes(section.name));
      assert.deepEqual(news.keywords, a.tags.map((x) => x.name));
      if (a.lead) {
        const images = news.image as { url: string }[];
        assert.ok(images.length > 0);
        for (const image of images) assert.equal((await get(image.url.slice(BASE.length))).statusCode, 200);
      }
      if (a === corrected) {
        const correction = news.correction as { '@type': string; text: string }[];
        assert.equal(correction[0]?.['@type'], 'CorrectionComment');
        assert.equal(correction[0]?.text, a.updates.find((u) => u.kind === 'correction')?.note);
      }
      assert.equal(crumbs['@type'], 'BreadcrumbList');
      const items = crumbs.itemListElement as { position: number; item: string }[];
      assert.deepEqual(items.map((i) => i.position), items.map((_, i) => i + 1));
      assert.equal(items.at(-1)?.item, `${BASE}${pathOf(a)}`);
      const head = parsePage(res.body);
      assert.equal(head.attr('link[rel="canonical"]', 'href'), `${BASE}${pathOf(a)}`);
      assert.ok(head.attr('link[rel="alternate"][hreflang="en"]', 'href'));
      assert.equal(head.attr('meta[property="og:type"]', 'content'), 'article');
      assert.equal(head.attr('meta[property="og:url"]', 'content'), `${BASE}${pathOf(a)}`);
      assert.match(head.attr('meta[name="twitter:card"]', 'content') ?? '', /^summary(_large_image)?$/);
      await assertValidHtml(res.body, `article ${a.id}`);
    }
  });

  test('text that looks like markup stays data inside the JSON-LD', async () => {
    const headline = 'Budget </script><script>alert(1)</script> & <!-- "quotes" \u2028 end';
    const id = await addArticle({ headline, summary: '</script>', publishedAt: t.clock.now() - 120_000 });
    const a = await t.services.storage.articles.findPublished(id);
    assert.ok(a);
    const res = await get(pathOf(a));
    assert.equal(res.statusCode, 200);
    assert.equal(parsePage(res.body).$('script').toArray().filter((el) => (el.children[0] as { data?: string } | undefined)?.data?.includes('<script>alert')).length, 0, 'the headline never opens a script element');
    assert.equal(ldJson(res.body)[0]?.headline, headline);
  });

  test('related articles: sharing tags or series first, then similar words; never itself, never unpublished', async () => {
    const a = published.find((x) => x.tags.length > 0);
    assert.ok(a);
    const res = await get(pathOf(a));
    const links = parsePage(res.body)
      .attrs('section.related-articles a[href]', 'href')
      .map((path) => /^\/[^"]+\/\d{8}-(\d+)\/$/.exec(path))
      .filter((m) => m !== null)
      .map((m) => ({ path: m[0], id: Number(m[1]) }));
    assert.equal(links.length, 4);
    assert.ok(!links.some((l) => l.id === a.id), 'never itself');
    const shown = links.map((l) => published.find((p) => p.id === l.id));
    assert.ok(shown.every(Boolean), 'all published');
    const tagIds = new Set(a.tags.map((x) => x.id));
    assert.ok(shown[0]?.tags.some((x) => tagIds.has(x.id)) || (a.seriesId !== null && shown[0]?.seriesId === a.seriesId), 'the first shares a tag or the series');
  });
});
