import { stripUnpublishable } from '../../core/content/plain-text.ts';
import { escapeHtml, feedBody, sanitizeBody } from '../../core/content/sanitize.ts';
import type { FeedEntry, FeedModel } from '../../core/reader/syndication-service.ts';
import { el, xmlDocument, type XmlElement } from '../shared/xml-writer.ts';
import { mediaUrl } from './components/picture.tsx';
import type { SiteInfo } from './render-context.ts';

/** What a feed carries of each article: its summary (the default) or the whole body. */
export type FeedContent = 'summary' | 'full';
export type FeedFormat = 'rss' | 'atom' | 'json';

/*
 * Each field has one type, and each format is told it (decision 013):
 * - plain text (headline, summary, names, captions): RSS <title> and <media:description
 *   type="plain">, Atom type="text", JSON Feed title/summary/content_text. Where a format only has
 *   an HTML slot (RSS <description>), the text is HTML-escaped first, so a reader shows it as typed.
 * - sanitized HTML (the body): RSS <content:encoded>, Atom <content type="html">, JSON content_html.
 * The XML writer then encodes every text and attribute once more, for XML.
 */

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
} as const;

/** Root-relative links and images in a body, made absolute for readers outside the site. */
function absoluteUrls(html: string, base: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`).replace(/\bsrcset="([^"]*)"/g, (_m, set: string) => `srcset="${set.replace(/(^|,\s*)\/(?!\/)/g, `$1${base}/`)}"`);
}

/** One entry's fields, typed, shared by the three formats. */
interface EntryFields {
  readonly url: string;
  readonly title: string;
  readonly summary: string;
  readonly bodyHtml: string | undefined;
  readonly published: Date;
  readonly updated: Date;
  readonly authors: readonly { readonly name: string; readonly url: string }[];
  readonly categories: readonly { readonly term: string; readonly name: string; readonly url: string }[];
  readonly image: { readonly url: string; readonly type: string; readonly caption: string; readonly credit: string } | undefined;
}

function fieldsOf(entry: FeedEntry, site: SiteInfo, content: FeedContent): EntryFields {
  const base = site.publicUrl;
  const { article: a, path, section } = entry;
  const lead = a.lead;
  const variant = lead ? [...lead.media.variants].sort((x, y) => x.width - y.width).find((v) => v.width >= 800) : undefined;
  return {
    url: `${base}${path}`,
    title: a.seriesTitle ? `${a.seriesTitle} / ${a.headline}` : a.headline,
    summary: a.summary || a.teaser,
    // A walled article's body never goes into a feed, whatever the feed's setting.
    bodyHtml: content === 'full' && a.access === 'public' ? absoluteUrls(feedBody(sanitizeBody(a.bodyHtml)), base) : undefined,
    published: new Date(a.publishedAt),
    updated: new Date(Math.max(a.publishedAt, a.updatedAt ?? 0)),
    authors: a.authors.map((au) => ({ name: au.name, url: `${base}/author/${au.slug}/` })),
    categories: [
      ...(section ? [{ term: section.path, name: section.name, url: `${base}/${section.path}/` }] : []),
      ...a.tags.map((t) => ({ term: t.slug, name: t.name, url: `${base}/tag/${t.slug}/` })),
    ],
    image: lead
      ? {
          url: `${base}${mediaUrl(variant?.key ?? lead.media.key)}`,
          type: variant?.mime ?? lead.media.mime,
          caption: lead.caption || lead.alt,
          credit: lead.credit,
        }
      : undefined,
  };
}

function rss(model: FeedModel, site: SiteInfo, entries: readonly EntryFields[]): XmlElement {
  const base = site.publicUrl;
  return el(
    'rss',
    { version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:dc': NS.dc, 'xmlns:media': NS.media },
    el(
      'channel',
      {},
      el('title', {}, model.title),
      el('link', {}, `${base}${model.pagePath}`),
      // RSS 2.0 descriptions are HTML: plain text goes in escaped.
      el('description', {}, escapeHtml(model.description)),
      el('language', {}, 'en'),
      el('copyright', {}, `© ${site.name}`),
      el('lastBuildDate', {}, new Date(model.updated).toUTCString()),
      el('generator', {}, 'Broadsheet'),
      el('docs', {}, 'https://www.rssboard.org/rss-specification'),
      el('atom:link', { href: `${base}${model.feedPath}`, rel: 'self', type: 'application/rss+xml' }),
      entries.map((e) =>
        el(
          'item',
          {},
          el('title', {}, e.title),
          el('link', {}, e.url),
          el('guid', { isPermaLink: 'true' }, e.url),
          // RSS has one date: when it came out.
          el('pubDate', {}, e.published.toUTCString()),
          el('description', {}, escapeHtml(e.summary)),
          e.bodyHtml !== undefined && el('content:encoded', {}, e.bodyHtml),
          e.authors.map((au) => el('dc:creator', {}, au.name)),
          e.categories.map((c) => el('category', { domain: c.url }, c.name)),
          e.image && el('enclosure', { url: e.image.url, length: 0, type: e.image.type }),
          e.image &&
            el(
              'media:content',
              { url: e.image.url, type: e.image.type, medium: 'image' },
              e.image.caption !== '' && el('media:description', { type: 'plain' }, e.image.caption),
              e.image.credit !== '' && el('media:credit', {}, e.image.credit),
            ),
        ),
      ),
    ),
  );
}

function atom(model: FeedModel, site: SiteInfo, entries: readonly EntryFields[]): XmlElement {
  const base = site.publicUrl;
  return el(
    'feed',
    { xmlns: NS.atom, 'xml:lang': 'en' },
    el('id', {}, `${base}${model.pagePath}`),
    el('title', { type: 'text' }, model.title),
    el('subtitle', { type: 'text' }, model.description),
    el('updated', {}, new Date(model.updated).toISOString()),
    el('link', { rel: 'alternate', type: 'text/html', href: `${base}${model.pagePath}` }),
    el('link', { rel: 'self', type: 'application/atom+xml', href: `${base}${model.feedPath}atom/` }),
    el('icon', {}, `${base}${site.assets.icon}`),
    el('rights', { type: 'text' }, `© ${site.name}`),
    el('generator', {}, 'Broadsheet'),
    // Entries without a byline take the feed's author, as Atom requires one for each.
    el('author', {}, el('name', {}, site.name)),
    entries.map((e) =>
      el(
        'entry',
        {},
        el('id', {}, e.url),
        el('title', { type: 'text' }, e.title),
        el('link', { rel: 'alternate', type: 'text/html', href: e.url }),
        el('published', {}, e.published.toISOString()),
        el('updated', {}, e.updated.toISOString()),
        el('summary', { type: 'text' }, e.summary),
        e.bodyHtml !== undefined && el('content', { type: 'html' }, e.bodyHtml),
        e.authors.map((au) => el('author', {}, el('name', {}, au.name), el('uri', {}, au.url))),
        e.categories.map((c) => el('category', { term: c.term, label: c.name, scheme: c.url })),
        e.image && el('link', { rel: 'enclosure', type: e.image.type, href: e.image.url, length: 0, title: e.image.caption || undefined }),
      ),
    ),
  );
}

/** JSON Feed 1.1; strings pass the same character filter as XML. */
function jsonFeed(model: FeedModel, site: SiteInfo, entries: readonly EntryFields[]): string {
  const base = site.publicUrl;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: model.title,
    home_page_url: `${base}${model.pagePath}`,
    feed_url: `${base}${model.feedPath}json/`,
    description: model.description,
    favicon: `${base}${site.assets.icon}`,
    language: 'en',
    authors: [{ name: site.name }],
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      ...(e.bodyHtml !== undefined ? { content_html: e.bodyHtml } : { content_text: e.summary }),
      date_published: e.published.toISOString(),
      date_modified: e.updated.toISOString(),
      ...(e.authors.length > 0 ? { authors: e.authors.map((au) => ({ name: au.name, url: au.url })) } : {}),
      tags: e.categories.map((c) => c.name),
      ...(e.image ? { image: e.image.url, attachments: [{ url: e.image.url, mime_type: e.image.type, ...(e.image.caption ? { title: e.image.caption } : {}) }] } : {}),
    })),
  };
  return JSON.stringify(feed, (_key, value: unknown) => (typeof value === 'string' ? stripUnpublishable(value) : value));
}

/** A feed document in one format. */
export function writeFeed(model: FeedModel, format: FeedFormat, site: SiteInfo, content: FeedContent): string {
  const entries = model.entries.map((e) => fieldsOf(e, site, content));
  if (format === 'json') return jsonFeed(model, site, entries);
  return xmlDocument(format === 'rss' ? rss(model, site, entries) : atom(model, site, entries));
}
