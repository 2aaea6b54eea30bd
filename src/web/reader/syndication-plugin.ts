import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BroadsheetError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import type { FeedScope, SyndicationService } from '../../core/reader/syndication-service.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import type { PageCache, RenderedPage } from '../shared/page-cache.ts';
import { sendPage } from '../shared/send-page.ts';
import { el, xmlDocument, type XmlElement } from '../shared/xml-writer.ts';
import { mediaUrl } from './components/picture.tsx';
import { writeFeed, type FeedContent, type FeedFormat } from './feed-writer.ts';
import type { SiteInfo } from './render-context.ts';


export interface SyndicationPluginOptions {
  readonly syndication: SyndicationService;
  readonly cache: PageCache;
  readonly site: SiteInfo;
  readonly time: EditionTime;
  readonly clock: Clock;
  readonly feedContent: FeedContent;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FORMATS: Readonly<Record<FeedFormat, { readonly suffix: string; readonly type: string }>> = {
  rss: { suffix: '', type: 'application/rss+xml; charset=utf-8' },
  atom: { suffix: 'atom/', type: 'application/atom+xml; charset=utf-8' },
  json: { suffix: 'json/', type: 'application/feed+json; charset=utf-8' },
};

const XML = 'application/xml; charset=utf-8';
/** The news sitemap drops articles as they pass 48 hours: rebuilt at least this often. */
const NEWS_SITEMAP_TTL_MS = 10 * 60_000;

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

  const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
  const urlset = (extensions: Record<string, string>, urls: XmlElement[]) => xmlDocument(el('urlset', { xmlns: SITEMAP_NS, ...extensions }, urls));
  const iso = (at: number) => new Date(at).toISOString();

  app.get('/sitemap.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:index', async () => {
      const months = await syndication.sitemapMonths();
      const sitemap = (loc: string, lastModified: number | undefined) =>
        el('sitemap', {}, el('loc', {}, loc), lastModified !== undefined && el('lastmod', {}, iso(lastModified)));
      const root = el(
        'sitemapindex',
        { xmlns: SITEMAP_NS },
        sitemap(`${base}/sitemaps/pages.xml`, undefined),
        sitemap(`${base}/sitemaps/news.xml`, months[0]?.lastModified),
        months.map((m) => sitemap(`${base}/sitemaps/articles-${m.month}.xml`, m.lastModified)),
      );
      // Any publication can open a new month or change a month's lastmod.
      return { status: 200, html: xmlDocument(root), deps: ['home'], contentType: XML };
    }),
  );

  app.get('/sitemaps/pages.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:pages', async () => {
      const urls = (await syndication.pagesSitemap()).map((u) => el('url', {}, el('loc', {}, `${base}${u.path}`)));
      return { status: 200, html: urlset({}, urls), deps: ['home', 'navigation'], contentType: XML };
    }),
  );

  app.get('/sitemaps/news.xml', async (request, reply) =>
    serve(request, reply, 'sitemap:news', async () => {
      const urls = (await syndication.newsSitemap()).map((u) =>
        el(
          'url',
          {},
          el('loc', {}, `${base}${u.path}`),
          el(
            'news:news',
            {},
            el('news:publication', {}, el('news:name', {}, site.name), el('news:language', {}, 'en')),
            el('news:publication_date', {}, options.time.isoWithOffset(u.publishedAt)),
            el('news:title', {}, u.title),
            u.keywords.length > 0 && el('news:keywords', {}, u.keywords.join(', ')),
          ),
        ),
      );
      return { status: 200, html: urlset({ 'xmlns:news': 'http://www.google.com/schemas/sitemap-news/0.9' }, urls), deps: ['home'], ttlMs: NEWS_SITEMAP_TTL_MS, contentType: XML };
    }),
  );

  app.get<{ Params: { month: string } }>('/sitemaps/articles-:month.xml', async (request, reply) => {
    const month = request.params.month;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return serve(request, reply, `sitemap:articles:${month}`, async () => {
      const urls = await syndication.monthSitemap(month);
      if (!urls || urls.length === 0) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      const entries = urls.map((u) =>
        el(
          'url',
          {},
          el('loc', {}, `${base}${u.path}`),
          u.lastModified !== undefined && el('lastmod', {}, iso(u.lastModified)),
          u.image && el('image:image', {}, el('image:loc', {}, `${base}${mediaUrl(u.image.key)}`)),
        ),
      );
      // The articles of one month: any publication or update may touch it (cheap to rebuild; crawlers ask rarely).
      return { status: 200, html: urlset({ 'xmlns:image': 'http://www.google.com/schemas/sitemap-image/1.1' }, entries), deps: ['home'], contentType: XML };
    });
  });

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(['User-agent: *', 'Disallow: /admin/', 'Disallow: /api/', 'Disallow: /_/', 'Disallow: /search/', '', `Sitemap: ${base}/sitemap.xml`, ''].join('\n')),
  );
}
