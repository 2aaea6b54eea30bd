import { createHash } from 'node:crypto';
import { BroadsheetError } from '../../errors.ts';
import type { Archive, ArchiveAuthor, ArchiveImage, ArchiveItem, ArchiveStatus, ArchiveTag } from './archive-model.ts';
import { convertHtml, newContext, type ConvertContext } from './convert-html.ts';
import { lexicalToHtml, mobiledocToHtml } from './ghost-body.ts';
import { utcTime } from './wordpress-source.ts';

/*
 * A Ghost export (Settings → Labs → Export: a dump of Ghost's tables) as an Archive. Posts, tags and
 * people are joined through posts_tags / posts_authors (sort_order 0 first); captions, alt text and
 * search/social fields live in posts_meta. Bodies come from Ghost's rendered `html`, or from Lexical
 * or Mobiledoc where it is missing. `__GHOST_URL__` stands for the site's address.
 */

type Row = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function fail(file: string, path: string, detail: string): never {
  throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: path, detail });
}

/** Ghost's dates: "YYYY-MM-DD HH:MM:SS" in UTC without a zone (or ISO with one, in older exports). */
function ghostTime(v: unknown): number | null {
  if (typeof v !== 'string' || v === '') return null;
  return utcTime(v) ?? (Number.isNaN(Date.parse(v)) ? null : Date.parse(v));
}

function table(file: string, data: Row, name: string, required: boolean): Row[] {
  const rows = data[name];
  if (rows === undefined && !required) return [];
  if (!Array.isArray(rows)) fail(file, `db[0].data.${name}`, 'is not a list of rows');
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || typeof (r as Row)['id'] !== 'string' && name !== 'posts_tags' && name !== 'posts_authors') fail(file, `db[0].data.${name}[${i}]`, 'is not a row with an id');
  });
  return rows as Row[];
}

/** The photo behind a Ghost image address: `__GHOST_URL__/content/images/size/w600/2026/11/x.jpg` is 2026/11/x.jpg. */
function ghostImage(src: string, alt: string, caption: string): ArchiveImage | undefined {
  const url = src.replace(/^__GHOST_URL__/, '').replace(/\/size\/w\d+\//, '/');
  if (!url) return undefined;
  const m = /\/content\/images\/(.+)$/.exec(url.split('?')[0] as string);
  return { url, file: m ? decodeURIComponent(m[1] as string) : (url.split('/').pop() ?? ''), caption, alt, aliases: [], at: 0 };
}

function bodyOf(ctx: ConvertContext, post: Row, file: string, path: string): string {
  const html = str(post['html']);
  if (html.trim() !== '') return convertHtml(ctx, html.replaceAll('__GHOST_URL__', ''));
  for (const [field, render] of [['lexical', lexicalToHtml], ['mobiledoc', mobiledocToHtml]] as const) {
    const raw = post[field];
    if (typeof raw !== 'string' || raw === '') continue;
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch (err) {
      fail(file, `${path}.${field}`, `is not JSON (${(err as Error).message})`);
    }
    return convertHtml(ctx, render(ctx, doc).replaceAll('__GHOST_URL__', ''));
  }
  return '';
}

const STATUS: Record<string, ArchiveStatus | undefined> = { published: 'published', draft: 'draft', scheduled: 'scheduled', sent: 'published' };

/** Reads and checks a Ghost export (its text); throws BS_ERR_IMPORT_MALFORMED naming the JSON path. */
export function readGhost(text: string, file: string): Archive {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    fail(file, '$', `is not JSON: ${(err as Error).message}`);
  }
  const db = (parsed as { db?: unknown })?.db;
  if (!Array.isArray(db) || !db[0] || typeof db[0] !== 'object') fail(file, 'db', 'is missing: not a Ghost export');
  const data = (db[0] as { data?: Row }).data;
  if (!data || typeof data !== 'object') fail(file, 'db[0].data', 'is missing: not a Ghost export');
  const posts = table(file, data, 'posts', true);
  const users = table(file, data, 'users', false);
  const tagRows = table(file, data, 'tags', false);
  const postsTags = table(file, data, 'posts_tags', false);
  const postsAuthors = table(file, data, 'posts_authors', false);
  const postsMeta = table(file, data, 'posts_meta', false);
  posts.forEach((p, i) => {
    const path = `db[0].data.posts[${i}]`;
    if (typeof p['title'] !== 'string') fail(file, `${path}.title`, 'is not text');
    if (typeof p['slug'] !== 'string' || p['slug'] === '') fail(file, `${path}.slug`, 'is missing');
    for (const f of ['published_at', 'created_at', 'updated_at']) {
      if (p[f] !== null && p[f] !== undefined && ghostTime(p[f]) === null) fail(file, `${path}.${f}`, `is "${String(p[f]).slice(0, 40)}", not a date`);
    }
  });

  const authors: ArchiveAuthor[] = users.map((u) => ({ key: str(u['id']), name: str(u['name']) || str(u['slug']), slug: str(u['slug']), bio: str(u['bio']) }));
  const internal = new Set(tagRows.filter((t) => t['visibility'] === 'internal' || str(t['name']).startsWith('#')).map((t) => str(t['id'])));
  const tags: ArchiveTag[] = tagRows.filter((t) => !internal.has(str(t['id']))).map((t) => ({ key: str(t['id']), slug: str(t['slug']), name: str(t['name']), description: str(t['description']) }));
  const ordered = (rows: Row[], key: string) => {
    const by = new Map<string, { id: string; order: number }[]>();
    for (const r of rows) {
      const list = by.get(str(r['post_id'])) ?? [];
      list.push({ id: str(r[key]), order: typeof r['sort_order'] === 'number' ? r['sort_order'] : 0 });
      by.set(str(r['post_id']), list);
    }
    return (postId: string) => (by.get(postId) ?? []).sort((a, b) => a.order - b.order).map((x) => x.id);
  };
  const tagsOf = ordered(postsTags, 'tag_id');
  const authorsOf = ordered(postsAuthors, 'author_id');
  const metaOf = new Map(postsMeta.map((m) => [str(m['post_id']), m]));
  const content = posts.filter((p) => p['type'] === 'post' || p['type'] === 'page');

  async function* items(): AsyncGenerator<ArchiveItem> {
    for (const [i, post] of posts.entries()) {
      if (post['type'] !== 'post' && post['type'] !== 'page') continue;
      const status = STATUS[str(post['status'])];
      if (!status) continue;
      const id = str(post['id']);
      const meta = metaOf.get(id) ?? {};
      const ctx = newContext((src, _cls, alt) => ghostImage(src, alt, ''));
      const bodyHtml = bodyOf(ctx, post, file, `db[0].data.posts[${i}]`);
      const featureSrc = str(post['feature_image']);
      const featured = featureSrc ? (ghostImage(featureSrc, str(meta['feature_image_alt']), str(meta['feature_image_caption']).replace(/<[^>]*>/g, '')) ?? null) : null;
      const published = ghostTime(post['published_at']);
      const created = ghostTime(post['created_at']) ?? published ?? 0;
      const slug = str(post['slug']);
      const postTags = tagsOf(id);
      yield {
        kind: post['type'] === 'page' ? 'page' : 'post',
        sourceId: id,
        status,
        title: str(post['title']),
        excerpt: str(post['custom_excerpt']),
        bodyHtml,
        images: ctx.images,
        featured,
        publishedAt: status === 'draft' ? null : published,
        createdAt: created,
        modifiedAt: ghostTime(post['updated_at']) ?? created,
        slug,
        oldPaths: [`/${slug}/`, ...(post['uuid'] ? [`/p/${str(post['uuid'])}/`] : [])],
        authorKeys: authorsOf(id),
        categorySlugs: [],
        tagKeys: postTags.filter((t) => !internal.has(t)),
        membersOnly: str(post['visibility']) !== '' && post['visibility'] !== 'public',
        seo: {
          title: str(meta['meta_title']),
          description: str(meta['meta_description']),
          socialTitle: str(meta['og_title']) || str(meta['twitter_title']),
          socialDescription: str(meta['og_description']) || str(meta['twitter_description']),
        },
        dropped: { ...ctx.dropped, ...(str(post['codeinjection_head']) || str(post['codeinjection_foot']) ? { 'code injection': 1 } : {}) },
        comments: 0,
        parentId: null,
        fingerprint: createHash('sha256').update(JSON.stringify([post, meta, postTags, authorsOf(id)])).digest('hex').slice(0, 32),
      };
    }
  }

  return { header: { source: 'ghost', siteUrl: '', authors, categories: [], tags, itemCount: content.length }, items };
}
