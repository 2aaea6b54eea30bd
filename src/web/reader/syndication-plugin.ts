import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Feed } from 'feed';
import { create } from 'xmlbuilder2';
import { sanitizeBody } from '../../core/content/sanitize.ts';
import { BroadsheetError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import type { FeedModel, FeedScope, SyndicationService } from '../../core/reader/syndication-service.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import type { PageCache, RenderedPage } from '../shared/page-cache.ts';
import { sendPage } from '../shared/send-page.ts';
import { mediaUrl } from './components/picture.tsx';
import type { SiteInfo } from './render-context.ts';

/** What a feed carries of each article: its summary (the default) or the whole body. */
export type FeedContent = 'summary' | 'full';

export interface SyndicationPluginOptions {
  readonly syndication: SyndicationService;
  readonly cache: PageCache;
  readonly site: SiteInfo;
  readonly time: EditionTime;
  readonly clock: Clock;
  readonly feedContent: FeedContent;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FORMATS = {
  rss: { suffix: '', type: 'application/rss+xml; charset=utf-8' },
  atom: { suffix: 'atom/', type: 'application/atom+xml; charset=utf-8' },
  json: { suffix: 'json/', type: 'application/feed+json; charset=utf-8' },
} as const;
type FeedFormat = keyof typeof FORMATS;

const XML = 'application/xml; charset=utf-8';
/** The news sitemap drops articles as they pass 48 hours: rebuilt at least this often. */
const NEWS_SITEMAP_TTL_MS = 10 * 60_000;

/** Root-relative links and images in a body, made absolute for readers outside the site. */
function absoluteUrls(html: string, base: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`).replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.replace(/(^|,\s*)\/(?!\/)/g, `$1${base}/`)}"`);
}

/** Builds the feed document in one format with the `feed` library (escaping is its job, not ours). */
export function writeFeed(model: FeedModel, format: FeedFormat, site: SiteInfo, content: FeedContent): string {
  const base = site.publicUrl;
  const feed = new Feed({
    title: model.title,
    description: model.description,
    id: `${base}${model.pagePath}`,
    link: `${base}${model.pagePath}`,
    language: 'en',
    favicon: `${base}${site.assets.icon}`,
    copyright: `© ${site.name}`,
    updated: new Date(model.updated),
    generator: 'Broadsheet',
    feedLinks: {
      rss: `${base}${model.feedPath}`,
      atom: `${base}${model.feedPath}atom/`,
      json: `${base}${model.feedPath}json/`,
    },
  });
  for (const { article: a, path, section } of model.entries) {
    const url = `${base}${path}`;
    const lead = a.lead;
    const image = lead ? [...lead.media.variants].sort((x, y) => x.width - y.width).find((v) => v.width >= 800) ?? lead.media : undefined;
    const summary = a.summary || a.teaser;
    feed.addItem({
      title: a.seriesTitle ? `${a.seriesTitle} / ${a.headline}` : a.headline,
      id: url,
      link: url,
      description: summary,
      ...(content === 'full' ? { content: absoluteUrls(sanitizeBody(a.bodyHtml), base) } : {}),
      // RSS has one date (pubDate: when it came out); Atom and JSON Feed also carry the last change.
      date: new Date(format === 'rss' ? a.publishedAt : Math.max(a.publishedAt, a.updatedAt ?? 0)),
      published: new Date(a.publishedAt),
      author: a.authors.length > 0 ? a.authors.map((au) => ({ name: au.name, link: `${base}/author/${au.slug}/` })) : [{ name: site.name }],
      category: [...(section ? [{ name: section.name, domain: `${base}/${section.path}/` }] : []), ...a.tags.map((t) => ({ name: t.name, domain: `${base}/tag/${t.slug}/` }))],
      ...(image && lead
        ? { image: { url: `${base}${mediaUrl('key' in image ? image.key : lead.media.key)}`, type: image.mime, title: lead.caption || lead.alt } }
        : {}),
    });
  }
  return format === 'rss' ? feed.rss2() : format === 'atom' ? feed.atom1() : feed.json1();
}

/**
 * Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) for the site and every section, sub-section, tag,
 * series and author; sitemaps (an index, one file per month of articles, a Google News sitemap,
 * the list pages) and robots.txt. All are rendered once per change through the page cache.
 */
export async function syndicationPlugin(app: FastifyInstance, options: SyndicationPluginOptions): Promise<void> {
  const { syndication, cache, site } = options;
  const base = site.publicUrl;

  const serve = async (request: FastifyRequest, reply: FastifyReply, key: string, render: () => Promise<RenderedPage>) =>
    sendPage(request, reply, await cache.getOrRender(key, render));

  const feedRoute = (pattern: string, scopeOf: (params: Record<string, string>) => FeedScope | undefined) => {
    for (const format of Object.keys(FORMATS) as FeedFormat[]) {
      app.get(`${pattern}${FORMATS[format].suffix}`, async (request, reply) => {
        const params = request.params as Record<string, string>;
        const scope = scopeOf(params);
        if (!scope) throw new BroadsheetError('BS_ERR_NOT_FOUND');
        const key = `feed:${format}:${JSON.stringify(scope)}`;
        return serve(request, reply, key, async () => {
          const model = await syndication.feed(scope, site.name);
          if (!model) throw new BroadsheetError('BS_ERR_NOT_FOUND');
          return { status: 200, html: writeFeed(model, format, site, options.feedContent), deps: model.deps, contentType: FORMATS[format].type };
        });
      });
    }
  };
  const slugScope = (kind: 'tag' | 'series' | 'author') => (p: Record<string, string>) => (SLUG.test(p.slug ?? '') ? { kind, slug: p.slug as string } : undefined);
  feedRoute('/feed/', () => ({ kind: 'site' }));
  feedRoute('/:section/feed/', (p) => (SLUG.test(p.section ?? '') ? { kind: 'section', path: p.section as string } : undefined));
  feedRoute('/:section/:sub/feed/', (p) =>
    SLUG.test(p.section ?? '') && SLUG.test(p.sub ?? '') ? { kind: 'section', path: `${p.section}/${p.sub}` } : undefined,
  );
  feedRoute('/tag/:slug/feed/', slugScope('tag'));
  feedRoute('/series/:slug/feed/', slugScope('series'));
  feedRoute('/author/:slug/feed/', slugScope('author'));

  const xml = (doc: ReturnType<typeof create>) => doc.end({ prettyPrint: false });
  const urlset = (extensions: Record<string, string> = {}) =>
    create({ version: '1.0', encoding: 'UTF-8' }).ele('urlset', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9', ...extensions });
  const iso = (at: number) => new Date(at).toISOString();

  app.get('/sitemap.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:index', async () => {
      const months = await syndication.sitemapMonths();
      const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('sitemapindex', { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' });
      root.ele('sitemap').ele('loc').txt(`${base}/sitemaps/pages.xml`);
      const news = root.ele('sitemap');
      news.ele('loc').txt(`${base}/sitemaps/news.xml`);
      if (months[0]) news.ele('lastmod').txt(iso(months[0].lastModified));
      for (const m of months) {
        const entry = root.ele('sitemap');
        entry.ele('loc').txt(`${base}/sitemaps/articles-${m.month}.xml`);
        entry.ele('lastmod').txt(iso(m.lastModified));
      }
      // Any publication can open a new month or change a month's lastmod.
      return { status: 200, html: xml(root.doc()), deps: ['home'], contentType: XML };
    }),
  );

  app.get('/sitemaps/pages.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:pages', async () => {
      const root = urlset();
      for (const u of await syndication.pagesSitemap()) root.ele('url').ele('loc').txt(`${base}${u.path}`);
      return { status: 200, html: xml(root.doc()), deps: ['home', 'navigation'], contentType: XML };
    }),
  );

  app.get('/sitemaps/news.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:news', async () => {
      const root = urlset({ 'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9' });
      const urls = await syndication.newsSitemap();
      for (const u of urls) {
        const url = root.ele('url');
        url.ele('loc').txt(`${base}${u.path}`);
        const news = url.ele('news:news');
        const publication = news.ele('news:publication');
        publication.ele('news:name').txt(site.name);
        publication.ele('news:language').txt('en');
        news.ele('news:publication_date').txt(options.time.isoWithOffset(u.publishedAt));
        news.ele('news:title').txt(u.title);
        if (u.keywords.length > 0) news.ele('news:keywords').txt(u.keywords.join(', '));
      }
      return { status: 200, html: xml(root.doc()), deps: ['home'], ttlMs: NEWS_SITEMAP_TTL_MS, contentType: XML };
    }),
  );

  app.get<{ Params: { month: string } }>('/sitemaps/articles-:month.xml', async (request, reply) => {
    const month = request.params.month;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return serve(request, reply, `sitemap:articles:${month}`, async () => {
      const urls = await syndication.monthSitemap(month);
      if (!urls || urls.length === 0) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      const root = urlset({ 'xmlns:image': 'http://www.google.com/schemas/sitemap-image/1.1' });
      for (const u of urls) {
        const url = root.ele('url');
        url.ele('loc').txt(`${base}${u.path}`);
        if (u.lastModified !== undefined) url.ele('lastmod').txt(iso(u.lastModified));
        if (u.image) url.ele('image:image').ele('image:loc').txt(`${base}${mediaUrl(u.image.key)}`);
      }
      // The articles of one month: any publication or update may touch it (cheap to rebuild; crawlers ask rarely).
      return { status: 200, html: xml(root.doc()), deps: ['home'], contentType: XML };
    });
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', 'Disallow: /_/', 'Disallow: /search/', '', `Sitemap: ${base}/sitemap.xml`, ''].join('\n')),
  );
}
