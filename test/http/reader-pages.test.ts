import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { parsePage } from '../helpers/dom.ts';
import { assertValidHtml } from '../helpers/html.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

/** The first article link on a page. */
function firstArticleLink(html: string): string {
  const link = parsePage(html).attrs('a[href]', 'href').find((href) => /^\/[a-z-]+\/[a-z-]+\/\d{8}-\d+\/$/.test(href));
  assert.ok(link, 'the page links to an article');
  return link;
}

describe('home page', () => {
  test('shows top stories, latest news, section blocks and the access ranking, as valid HTML', async () => {
    const res = await get('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/);
    const html = res.body;
    const page = parsePage(html);
    assert.equal(page.text('h2#top-stories-title'), 'Top Stories');
    assert.ok(page.texts('h2').includes('Latest News'));
    assert.ok(page.texts('h2').includes('Access Ranking'));
    assert.equal(page.count('ol.ranking-list > li'), 10, 'ten ranked articles');
    // The demo's editor-marked lead story is the newest top story.
    assert.match(page.text('.lead-headline a'), /^Cabinet Approves Record Disaster-Readiness Budget/);
    assert.ok(page.texts('.update-marker').includes('(Update 1)'));
    assert.ok(page.texts('time').some((t) => /^\d+ (hours?|minutes?) ago$/.test(t)), 'relative times under a day');
    await assertValidHtml(html, 'home page');
  });

  test('list items carry an excerpt of about 100 characters cut at a word with "..."', async () => {
    const html = (await get('/politics/')).body;
    const excerpts = parsePage(html).texts('p.excerpt');
    assert.ok(excerpts.length > 5);
    const cut = excerpts.filter((e) => e.endsWith('...'));
    assert.ok(cut.length > 0, 'some excerpts are cut');
    for (const e of cut) {
      assert.ok(e.length <= 104, `"${e}" is about 100 characters`);
      assert.doesNotMatch(e, /\s\.\.\.$/, 'cut at a word, not after a space');
    }
  });
});

describe('section pages', () => {
  test('a section lists its popular articles then the newest first', async () => {
    const res = await get('/politics/');
    assert.equal(res.statusCode, 200);
    const page = parsePage(res.body);
    assert.equal(page.text('h1'), 'Politics');
    assert.ok(page.texts('h2').includes('Politics Popular Articles'));
    assert.equal(page.count('ol.article-list.popular-list > li'), 5, 'a popular list of five');
    const dates = page.attrs('section.listing time[datetime]', 'datetime').map((d) => Date.parse(d));
    assert.ok(dates.length > 3);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
    await assertValidHtml(res.body, 'section page');
  });

  test('a sub-section page has a breadcrumb and only its own articles', async () => {
    const res = await get('/business/markets/');
    assert.equal(res.statusCode, 200);
    const page = parsePage(res.body);
    assert.equal(page.count('nav[aria-label="Breadcrumb"]'), 1);
    const labels = page.texts('section.listing p.label');
    assert.ok(labels.length >= 2);
    assert.ok(labels.every((l) => l === 'Markets'), `only Markets articles: ${labels.join(', ')}`);
    await assertValidHtml(res.body, 'sub-section page');
  });

  test('pagination: page 2 exists where there are more than 20 articles, beyond the last is 404', async () => {
    const first = await get('/features/');
    assert.equal(first.statusCode, 200);
    // Features has 10 demo articles: one page.
    assert.equal((await get('/features/page/2/')).statusCode, 404);
    assert.equal((await get('/page/2/')).statusCode, 404);
  });

  test('a list longer than a page paginates at /page/N/ with navigation, and a new article lands on page 1', async () => {
    const { addArticle, draft } = await import('../helpers/fixtures.ts');
    const sections = await t.services.reader.sections();
    const markets = sections.byPath('business/markets');
    assert.ok(markets);
    const before = await get('/business/markets/');
    for (let i = 0; i < 25; i++) {
      await addArticle(t.services.storage, draft(markets, { headline: `Market note ${i}`, publishedAt: t.clock.now() - (100 + i) * 3_600_000 }));
    }
    // Writes log their invalidations; this process applies them when it polls the log.
    await t.services.invalidations.poll();
    const first = await get('/business/markets/');
    assert.notEqual(first.headers.etag, before.headers.etag, 'the cached page was dropped');
    const one = parsePage(first.body);
    assert.equal(one.count('nav.pagination[aria-label="Pages"]'), 1);
    assert.equal(one.attr('nav.pagination a[rel="next"]', 'href'), '/business/markets/page/2/');
    const second = await get('/business/markets/page/2/');
    assert.equal(second.statusCode, 200);
    const two = parsePage(second.body);
    assert.equal(two.text('h1'), 'Markets (page 2)');
    assert.equal(two.count('a[rel="prev"]'), 1);
    assert.equal(two.attr('link[rel="canonical"]', 'href'), 'http://localhost:3000/business/markets/page/2/');
    assert.equal(two.count('.article-item'), 7, '27 articles: 20 on page 1, 7 on page 2');
    assert.equal((await get('/business/markets/page/3/')).statusCode, 404);
    await assertValidHtml(second.body, 'page 2 of a sub-section');
  });

  test('bad page numbers are 404 or 400, never 500', async () => {
    for (const url of ['/politics/page/abc/', '/politics/page/0/', '/politics/page/-1/', '/politics/page/99999999999/']) {
      assert.equal((await get(url)).statusCode, 404, url);
    }
    assert.equal((await get('/politics/page/1/')).statusCode, 404, 'page 1 lives at the section address');
    for (const url of ['/politics/?page=-1', '/politics/?page=abc', '/politics/?page=', '/tag/economy/?page=1.5']) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(res.body, /BS_ERR_REQUEST_INVALID/);
    }
    const redirect = await get('/politics/?page=2');
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, '/politics/page/2/');
  });

  test('an unknown section is a helpful 404 page', async () => {
    const res = await get('/no-such-section/');
    assert.equal(res.statusCode, 404);
    const page = parsePage(res.body);
    assert.equal(page.text('h1'), 'Page not found');
    assert.equal(page.count('form.search-form'), 1, 'a search form');
    assert.ok(page.attrs('main a', 'href').includes('/politics/'), 'links to the sections');
    assert.equal(res.headers['cache-control'], 'no-store');
    await assertValidHtml(res.body, '404 page');
  });
});

describe('article pages', () => {
  test('show the anatomy: headline, photo with caption, timestamp, byline, dateline, body, tags, rankings', async () => {
    const home = (await get('/')).body;
    const lead = parsePage(home).attr('.lead-headline a', 'href') as string;
    const res = await get(lead);
    assert.equal(res.statusCode, 200);
    const html = res.body;
    const page = parsePage(html);
    assert.equal(page.text('h1'), 'Cabinet Approves Record Disaster-Readiness Budget as Coastal Towns Press for Sea Walls (Update 1)');
    assert.equal(page.text('h1 .update-marker'), '(Update 1)');
    const photo = page.$('figure.lead-figure img');
    assert.match(photo.attr('src') ?? '', /^\/media\//);
    assert.match(photo.attr('srcset') ?? '', /480w.*800w/);
    assert.ok(photo.attr('sizes') && /^\d+$/.test(photo.attr('width') ?? '') && /^\d+$/.test(photo.attr('height') ?? ''), 'sizes, width and height');
    assert.match(photo.attr('alt') ?? '', /^Illustration of /);
    assert.equal(page.text('figure.lead-figure figcaption'), 'Lawmakers gather in the lower house chamber before Tuesday’s vote. (Demo illustration)');
    assert.equal(page.text('figure.lead-figure figcaption .credit'), '(Demo illustration)');
    // Seeded 1.5 h before 15:00 JST, March 6, 2026 → 13:30 JST; updated an hour later.
    const times = page.$('article time').toArray().map((el) => [page.$(el).attr('datetime'), page.$(el).text()]);
    assert.deepEqual(times.slice(0, 2), [
      ['2026-03-06T13:30:00+09:00', '13:30 JST, March 6, 2026'],
      ['2026-03-06T14:30:00+09:00', '14:30 JST, March 6, 2026'],
    ]);
    assert.ok(page.texts('article span').includes('Updated 14:30 JST, March 6, 2026'), 'the update time says "Updated"');
    assert.equal(page.attr('a[href="/author/yuki-morimoto/"]', 'href'), '/author/yuki-morimoto/');
    assert.equal(page.text('a[href="/author/yuki-morimoto/"]'), 'Yuki Morimoto');
    assert.equal(page.text('.byline-title'), '/ Political Correspondent');
    assert.equal(page.text('.story-body > p:first-child .dateline'), 'TOKYO —');
    assert.match(page.text('.story-body > p:first-child'), /^TOKYO — The Cabinet of Prime Minister/);
    assert.equal(page.text('h2#related-title'), 'Related Tags');
    assert.deepEqual(page.$('h2#related-title + ul.tag-list a').toArray().map((a) => [page.$(a).attr('href'), page.$(a).text()]), [
      ['/tag/budget/', 'Budget'],
      ['/tag/disasters/', 'Disasters'],
    ]);
    assert.ok(page.texts('h2, h3').includes('“Budget” Popular Articles'));
    assert.equal(page.count('ol.ranking-list > li'), 5, 'five ranked articles in the aside');
    assert.match(page.attr('body', 'data-article-id') ?? '', /^\d+$/);
    assert.match(page.attr('body', 'data-view-token') ?? '', /^[\w-]{22}$/);
    assert.ok(page.texts('h2, h3').includes('Updates and corrections'));
    await assertValidHtml(html, 'article page');
  });

  test('the URL date is the publication date in the edition time zone (JST)', async () => {
    // "Shiranami Line Partially Resumes" was published 0.7 h before 06:00 UTC: 14:18 JST March 6.
    const html = (await get('/society/general-news/')).body;
    const page = parsePage(html);
    const link = page.$('a').toArray().find((a) => page.$(a).text().includes('Shiranami Line Partially Resumes'));
    assert.ok(link, 'the list links the article');
    assert.match(page.$(link).attr('href') ?? '', /^\/society\/general-news\/20260306-\d+\/$/);
  });

  test('a correction is shown with its note', async () => {
    const list = (await get('/society/crime-courts/')).body;
    const listing = parsePage(list);
    const anchor = listing.$('a').toArray().find((a) => listing.$(a).text().includes('High Court Orders Retrial'));
    const html = (await get(listing.$(anchor).attr('href') as string)).body;
    const page = parsePage(html);
    assert.equal(page.text('li.correction strong'), 'Correction');
    assert.equal(page.count('li.correction time'), 1);
    assert.match(page.text('li.correction'), /^Correction \(.+\): An earlier version misstated/);
    assert.equal(page.count('.update-marker'), 0, 'a correction is not an update');
  });

  test('a wrong section or date redirects to the canonical URL; a missing slash redirects; unknown ids 404', async () => {
    const canonical = firstArticleLink((await get('/politics/')).body);
    const [, section, sub, segment] = canonical.split('/');
    const [date, id] = (segment as string).split('-');
    const wrongSection = await get(`/sports/baseball/${date}-${id}/`);
    assert.equal(wrongSection.statusCode, 301);
    assert.equal(wrongSection.headers.location, canonical);
    const wrongDate = await get(`/${section}/${sub}/19990101-${id}/`);
    assert.equal(wrongDate.statusCode, 301);
    assert.equal(wrongDate.headers.location, canonical);
    const noSlash = await get(canonical.slice(0, -1));
    assert.equal(noSlash.statusCode, 301);
    assert.equal(noSlash.headers.location, canonical);
    assert.equal((await get(`/${section}/${sub}/${date}-99999/`)).statusCode, 404);
    assert.equal((await get(`/${section}/${sub}/${date}-abc/`)).statusCode, 404);
    assert.equal((await get(`/${section}/${sub}/not-an-article/`)).statusCode, 404);
    assert.equal((await get(`/${section}/${sub}/${date}-0/`)).statusCode, 404);
    assert.equal((await get(`/${section}/${sub}/${date}-99999999999999999999/`)).statusCode, 404);
  });
});

describe('tag, series and author pages', () => {
  test('a tag page lists its articles with a popular list', async () => {
    const res = await get('/tag/disasters/');
    assert.equal(res.statusCode, 200);
    const page = parsePage(res.body);
    assert.equal(page.text('h1'), 'Disasters');
    assert.ok(page.texts('h2').includes('“Disasters” Popular Articles'));
    await assertValidHtml(res.body, 'tag page');
  });

  test('a series page lists its installments, and lists prefix headlines with the series', async () => {
    const res = await get('/series/rails-of-the-north/');
    assert.equal(res.statusCode, 200);
    const page = parsePage(res.body);
    assert.equal(page.text('h1'), 'Rails of the North');
    assert.ok(page.$('.series-prefix').toArray().some((el) => page.$(el).text() === 'Rails of the North / ' && page.$(el).parent().text().startsWith('Rails of the North / The Last Train to Yukimura')));
    await assertValidHtml(res.body, 'series page');
  });

  test('an author page lists their bylines', async () => {
    const res = await get('/author/hana-ishikura/');
    assert.equal(res.statusCode, 200);
    const page = parsePage(res.body);
    assert.equal(page.text('h1'), 'Hana Ishikura');
    assert.ok(page.texts('.article-item a').some((t) => t.includes('Rocket Puts Weather Satellite')));
    await assertValidHtml(res.body, 'author page');
  });

  test('unknown or malformed slugs are 404', async () => {
    for (const url of ['/tag/nope/', '/series/nope/', '/author/nope/', '/tag/UPPER/', '/tag/a%20b/', '/tag/%00/']) {
      const res = await get(url);
      assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url} → ${res.statusCode}`);
    }
  });
});

describe('HTTP behaviour of reader pages', () => {
  test('security headers on pages, errors and assets', async () => {
    for (const url of ['/', '/politics/', '/nope/', '/assets/site.css']) {
      const res = await get(url);
      assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/, url);
      assert.match(res.headers['content-security-policy'] as string, /object-src 'none'/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
    }
  });

  test('public pages are cacheable, carry an ETag and answer 304 when unchanged', async () => {
    const res = await get('/politics/');
    assert.equal(res.headers['cache-control'], 'public, no-cache, stale-if-error=86400', 'browsers revalidate every time');
    assert.match(res.headers['cdn-cache-control'] as string, /public, max-age=60, stale-while-revalidate=\d+, stale-if-error=\d+/);
    assert.equal(res.headers.vary, 'accept-encoding');
    const etag = res.headers.etag as string;
    assert.match(etag, /^"[\w-]+"$/);
    const again = await get('/politics/', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  test('brotli and gzip are served by Accept-Encoding, and decode to the same page', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const plain = await get('/');
    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await get('/', { 'accept-encoding': 'gzip' });
    const none = await get('/', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(none.headers['content-encoding'], undefined);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3);
  });

  test('a cold burst on an article renders it once, and URL variants share one cache entry', async () => {
    const link = firstArticleLink((await get('/science-nature/')).body);
    t.services.cache.invalidate(['navigation']);
    const misses = t.services.cache.stats.misses;
    const responses = await Promise.all(Array.from({ length: 20 }, () => get(link)));
    assert.ok(responses.every((r) => r.statusCode === 200));
    assert.equal(t.services.cache.stats.misses, misses + 1, 'one render for twenty requests');
    const pages = t.services.cache.stats.pages;
    for (const variant of [`${link}?utm_source=x`, link.replace('/science-nature/', '/%73cience-nature/'), `${link}?a=1&b=2`]) {
      assert.equal((await get(variant)).statusCode, 200, variant);
    }
    assert.equal(t.services.cache.stats.pages, pages, 'no new entries for the same page');
  });

  test('the health check answers', async () => {
    const res = await get('/healthz');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  test('HEAD answers like GET without a body', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: '/politics/' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
  });

  test('assets are served with long cache lifetimes and /favicon.ico points at the icon', async () => {
    const css = await get('/assets/site.css');
    assert.equal(css.statusCode, 200);
    assert.match(css.headers['cache-control'] as string, /max-age=31536000, immutable/);
    const icon = await get('/favicon.ico');
    assert.equal(icon.statusCode, 301);
    assert.match(icon.headers.location as string, /^\/assets\/favicon\.svg\?v=/);
  });

  test('media files are served with a sandboxing policy', async () => {
    const html = (await get('/')).body;
    const src = parsePage(html).attrs('img', 'src').find((x) => x.startsWith('/media/')) as string;
    const res = await get(src);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    assert.match(res.headers['content-security-policy'] as string, /sandbox/);
    for (const url of ['/media/../../etc/passwd', '/media/%2e%2e/%2e%2e/etc/passwd', '/media/..%2f..%2fetc%2fpasswd']) {
      const res = await get(url);
      assert.notEqual(res.statusCode, 200, url);
      assert.doesNotMatch(res.body, /root:/, url);
    }
  });

  test('the trailing-slash redirect never leaves the site', async () => {
    for (const url of ['//evil.example', '/\\evil.example', '/%2F%2Fevil.example', '/politics%2F..%2Fx']) {
      const res = await get(url);
      const location = res.headers.location as string | undefined;
      assert.ok(!location || location.startsWith('/') && !location.startsWith('//') && !location.startsWith('/\\'), `${url} → ${location}`);
      assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
    }
  });

  test('hostile paths and methods never 500', async () => {
    const urls = ['/%E0%A4%A/', '/politics/%ZZ/', `/${'a'.repeat(5000)}/`, '/politics/politics-government/20260306-1/?x=<script>', "/tag/'%20or%201=1--/"];
    for (const url of urls) {
      const res = await get(url);
      assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
    }
    const post = await t.app.inject({ method: 'POST', url: '/politics/' });
    assert.ok(post.statusCode === 404 || post.statusCode === 405, `POST → ${post.statusCode}`);
  });
});
