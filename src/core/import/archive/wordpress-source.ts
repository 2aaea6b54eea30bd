import { createHash } from 'node:crypto';
import { DomUtils, parseDocument } from 'htmlparser2';
import { BroadsheetError } from '../../errors.ts';
import type { Archive, ArchiveAuthor, ArchiveCategory, ArchiveImage, ArchiveItem, ArchiveStatus, ArchiveTag } from './archive-model.ts';
import { newContext } from './convert-html.ts';
import { phpUnserialize, type PhpArray } from './php-serialized.ts';
import { wordpressBody } from './wordpress-body.ts';
import { readWxr, type WxrRecord } from './wxr-reader.ts';

/*
 * A WordPress export (Tools → Export, WXR 1.1/1.2) as an Archive. Read twice, streamed both times:
 * first to check every record and learn the site, its people, categories, tags and photo
 * attachments (small), then on demand for the posts and pages themselves.
 */

/** HTML entities in a plain-text field (WordPress stores "Politics &amp; Government" in CDATA). */
export function decodeText(s: string): string {
  return s.includes('&') ? DomUtils.textContent(parseDocument(s)) : s;
}

/** "YYYY-MM-DD HH:MM:SS" in UTC; null for WordPress's "0000-00-00 00:00:00" (a draft never dated). */
export function utcTime(s: string | undefined): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec((s ?? '').trim());
  if (!m || m[1] === '0000') return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? null : t;
}

function decodeSlug(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A root-relative path (with query) of an address on the old site, or undefined when it points elsewhere. */
export function sitePath(siteUrl: string, address: string): string | undefined {
  try {
    const base = new URL(siteUrl);
    const url = new URL(address, base);
    if (url.host !== base.host) return undefined;
    const prefix = base.pathname.replace(/\/$/, '');
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
    return `${path}${url.search}`;
  } catch {
    return undefined;
  }
}

interface Attachment extends ArchiveImage {
  readonly id: string;
}

const STATUS: Record<string, ArchiveStatus | undefined> = { publish: 'published', draft: 'draft', pending: 'draft', future: 'scheduled', private: 'private' };

function attachmentOf(rec: WxrRecord, siteUrl: string): Attachment | undefined {
  const url = rec.fields.get('wp:attachment_url')?.trim();
  if (!url) return undefined;
  const file = rec.meta.get('_wp_attached_file') ?? new URL(url, siteUrl).pathname.replace(/^.*\/wp-content\/uploads\//, '');
  const meta = phpUnserialize(rec.meta.get('_wp_attachment_metadata') ?? '');
  const sizes = meta && typeof meta === 'object' && meta['sizes'] && typeof meta['sizes'] === 'object' ? (meta['sizes'] as PhpArray) : {};
  const dir = url.slice(0, url.lastIndexOf('/') + 1);
  const aliases = Object.values(sizes).flatMap((s) => (s && typeof s === 'object' && typeof s['file'] === 'string' ? [dir + s['file']] : []));
  return {
    id: rec.fields.get('wp:post_id') ?? '',
    url,
    file,
    caption: decodeText(rec.fields.get('excerpt:encoded') ?? '').trim(),
    alt: (rec.meta.get('_wp_attachment_image_alt') ?? '').trim(),
    aliases,
    at: utcTime(rec.fields.get('wp:post_date_gmt')) ?? utcTime(rec.fields.get('wp:post_date')) ?? 0,
  };
}

function need(rec: WxrRecord, file: string, field: string, pattern: RegExp): string {
  const v = rec.fields.get(field)?.trim() ?? '';
  if (!pattern.test(v)) throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: rec.line, detail: `<${field}> is "${v.slice(0, 40)}"` });
  return v;
}

/** Reads and checks a WXR file (opened again by `open` for the items); throws BS_ERR_IMPORT_MALFORMED naming the line. */
export async function readWordpress(open: () => AsyncIterable<string>, file: string): Promise<Archive> {
  let siteUrl = '';
  const authors: ArchiveAuthor[] = [];
  const categories: ArchiveCategory[] = [];
  const tags: ArchiveTag[] = [];
  const attachments = new Map<string, Attachment>();
  const byUrl = new Map<string, Attachment>();
  let itemCount = 0;
  let version = '';
  for await (const rec of readWxr(open(), file)) {
    if (rec.type === 'wp:base_site_url' || (rec.type === 'link' && !siteUrl)) siteUrl = rec.text.replace(/\/$/, '');
    else if (rec.type === 'wp:wxr_version') version = rec.text;
    else if (rec.type === 'wp:author') {
      const login = need(rec, file, 'wp:author_login', /.+/);
      const name = decodeText(rec.fields.get('wp:author_display_name') ?? '').trim() || login;
      authors.push({ key: login, name, slug: login, bio: '' });
    } else if (rec.type === 'wp:category') {
      const slug = decodeSlug(need(rec, file, 'wp:category_nicename', /.+/));
      categories.push({ slug, name: decodeText(rec.fields.get('wp:cat_name') ?? slug).trim(), parentSlug: decodeSlug(rec.fields.get('wp:category_parent')?.trim() ?? '') || null });
    } else if (rec.type === 'wp:tag') {
      const slug = decodeSlug(need(rec, file, 'wp:tag_slug', /.+/));
      tags.push({ key: slug, slug, name: decodeText(rec.fields.get('wp:tag_name') ?? slug).trim(), description: decodeText(rec.fields.get('wp:tag_description') ?? '').trim() });
    } else if (rec.type === 'item') {
      need(rec, file, 'wp:post_id', /^\d+$/);
      const type = need(rec, file, 'wp:post_type', /^[a-z0-9_-]+$/);
      if (type === 'attachment') {
        const a = attachmentOf(rec, siteUrl);
        if (a) {
          attachments.set(a.id, a);
          for (const u of [a.url, ...a.aliases]) byUrl.set(u, a);
        }
      } else if (type === 'post' || type === 'page') {
        for (const f of ['wp:post_date_gmt', 'wp:post_date']) {
          const v = rec.fields.get(f)?.trim() ?? '';
          if (v !== '' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: rec.line, detail: `<${f}> is "${v.slice(0, 40)}"` });
        }
        itemCount++;
      }
    }
  }
  if (!version && !siteUrl) throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: 1, detail: 'no <wp:wxr_version> or site address: not a WordPress export' });

  const image = (src: string, cls: string, alt: string): ArchiveImage | undefined => {
    const id = /wp-image-(\d+)/.exec(cls)?.[1];
    const absolute = src ? new URL(src, `${siteUrl}/`).href : '';
    const known = (id ? attachments.get(id) : undefined) ?? byUrl.get(absolute);
    if (known) return known;
    if (!absolute) return undefined;
    const path = new URL(absolute).pathname;
    return { url: absolute, file: path.replace(/^.*\/wp-content\/uploads\//, ''), caption: '', alt, aliases: [], at: 0 };
  };

  async function* items(): AsyncGenerator<ArchiveItem> {
    for await (const rec of readWxr(open(), file)) {
      if (rec.type !== 'item') continue;
      const type = rec.fields.get('wp:post_type');
      if (type !== 'post' && type !== 'page') continue;
      const raw = rec.fields.get('wp:status') ?? '';
      let status = STATUS[raw];
      if (!status) continue; // trash, auto-draft, inherit: not content
      if (status === 'published' && (rec.fields.get('wp:post_password') ?? '') !== '') status = 'password';
      const id = rec.fields.get('wp:post_id') as string;
      const ctx = newContext(image);
      const bodyHtml = wordpressBody(ctx, rec.fields.get('content:encoded') ?? '');
      const featured = attachments.get(rec.meta.get('_thumbnail_id') ?? '') ?? null;
      const gmt = utcTime(rec.fields.get('wp:post_date_gmt'));
      const modified = utcTime(rec.fields.get('wp:post_modified_gmt')) ?? gmt ?? 0;
      const co = phpUnserialize(rec.meta.get('coauthors') ?? '');
      const coauthors = co && typeof co === 'object' ? Object.values(co).filter((v): v is string => typeof v === 'string') : [];
      const creator = rec.fields.get('dc:creator')?.trim() ?? '';
      const oldPaths = new Set<string>();
      for (const address of [rec.fields.get('link'), rec.fields.get('guid')]) {
        const p = address ? sitePath(siteUrl, address.trim()) : undefined;
        if (p && p !== '/') oldPaths.add(p);
      }
      oldPaths.add(type === 'page' ? `/?page_id=${id}` : `/?p=${id}`);
      yield {
        kind: type,
        sourceId: id,
        status,
        title: decodeText(rec.fields.get('title') ?? '').trim(),
        excerpt: decodeText(rec.fields.get('excerpt:encoded') ?? '').trim(),
        bodyHtml,
        images: ctx.images,
        featured,
        publishedAt: status === 'draft' ? null : gmt,
        createdAt: gmt ?? modified,
        modifiedAt: modified,
        slug: decodeSlug(rec.fields.get('wp:post_name') ?? ''),
        oldPaths: [...oldPaths],
        authorKeys: [...new Set([creator, ...coauthors].filter(Boolean))],
        categorySlugs: rec.categories.filter((c) => c.domain === 'category').map((c) => decodeSlug(c.nicename)),
        tagKeys: rec.categories.filter((c) => c.domain === 'post_tag').map((c) => decodeSlug(c.nicename)),
        membersOnly: false,
        seo: {
          title: decodeText(rec.meta.get('_yoast_wpseo_title') ?? ''),
          description: decodeText(rec.meta.get('_yoast_wpseo_metadesc') ?? ''),
          socialTitle: decodeText(rec.meta.get('_yoast_wpseo_opengraph-title') ?? ''),
          socialDescription: decodeText(rec.meta.get('_yoast_wpseo_opengraph-description') ?? ''),
        },
        dropped: ctx.dropped,
        comments: rec.comments.all,
        parentId: (rec.fields.get('wp:post_parent') ?? '0') === '0' ? null : (rec.fields.get('wp:post_parent') as string),
        fingerprint: createHash('sha256').update(JSON.stringify([[...rec.fields], [...rec.meta], rec.categories])).digest('hex').slice(0, 32),
      };
    }
  }

  return { header: { source: `wordpress:${siteUrl}`, siteUrl, authors, categories, tags, itemCount }, items };
}
