import type { SectionIndex } from '../../content/article-path.ts';
import type { Repositories, Storage } from '../../ports.ts';
import { oldAddress } from '../../pages/redirects.ts';
import type { Archive, ArchiveHeader, ArchiveItem } from './archive-model.ts';
import type { Place } from './archive-placement.ts';
import type { Taxonomy } from './archive-taxonomy.ts';
import { sitePath } from './wordpress-source.ts';

/*
 * The old site's addresses, kept working: each post's and page's permalinks (and WordPress's ?p=ID),
 * its photos' files under /wp-content/uploads/ or /content/images/ (every resized copy too), and the
 * listings and feeds: categories, tags, authors, /feed/ variants and Ghost's /rss/. All answer 301.
 */

async function put(tx: Pick<Repositories, 'redirects'>, from: string, to: string, at: number): Promise<number> {
  const source = oldAddress(from);
  if (!source || source === to) return 0;
  const existing = await tx.redirects.find(source);
  if (existing?.to === to) return 0;
  await tx.redirects.put({ from: source, to, createdAt: at, createdBy: null });
  return 1;
}

/** The item's old addresses (and a WordPress post's comment feed) → where it is now. */
export async function itemRedirects(tx: Pick<Repositories, 'redirects'>, _header: ArchiveHeader, item: ArchiveItem, target: string): Promise<number> {
  let n = 0;
  for (const path of item.oldPaths) {
    n += await put(tx, path, target, item.modifiedAt);
    if (path.endsWith('/') && !path.includes('?')) n += await put(tx, `${path}feed/`, target, item.modifiedAt);
  }
  return n;
}

/** A photo's old file addresses → its file in the library. */
export async function photoRedirects(tx: Pick<Repositories, 'redirects'>, header: ArchiveHeader, addresses: readonly string[], target: string, at: number): Promise<number> {
  let n = 0;
  for (const address of addresses) {
    const path = address.startsWith('/') ? address : sitePath(header.siteUrl, address);
    if (path) n += await put(tx, path, target, at);
  }
  return n;
}

/** Category, tag and author pages and feeds, and the site's feed variants. */
export async function listingRedirects(storage: Storage, archive: Archive, taxonomy: Taxonomy, sections: SectionIndex, place: (item: ArchiveItem) => Place, at: number): Promise<number> {
  const { header } = archive;
  const pairs: [string, string][] = [];
  const bySlug = new Map(header.categories.map((c) => [c.slug, c]));
  for (const c of header.categories) {
    const chain = [c.slug];
    for (let p = c.parentSlug; p && chain.length < 20; p = bySlug.get(p)?.parentSlug ?? null) chain.unshift(p);
    const probe = { categorySlugs: [c.slug], tagKeys: [] } as unknown as ArchiveItem;
    const target = c.slug === 'uncategorized' ? undefined : sections.byPath(place(probe).path);
    if (!target) continue;
    const encoded = chain.map((s) => encodeURIComponent(s)).join('/');
    pairs.push([`/category/${encoded}/`, `/${target.path}/`], [`/category/${encoded}/feed/`, `/${target.path}/feed/`], [`/${encodeURIComponent(c.slug)}/feed/`, `/${target.path}/feed/`]);
  }
  for (const [old, now] of taxonomy.tagSlugs) {
    const o = encodeURIComponent(old);
    pairs.push([`/tag/${o}/`, `/tag/${now}/`], [`/tag/${o}/feed/`, `/tag/${now}/feed/`], [`/tag/${o}/rss/`, `/tag/${now}/feed/`]);
  }
  for (const [old, now] of taxonomy.authorSlugs) {
    const o = encodeURIComponent(old);
    pairs.push([`/author/${o}/`, `/author/${now}/`], [`/author/${o}/feed/`, `/author/${now}/feed/`], [`/author/${o}/rss/`, `/author/${now}/feed/`]);
  }
  pairs.push(['/rss/', '/feed/'], ['/feed/rss2/', '/feed/'], ['/feed/atom/', '/feed/'], ['/feed/rss/', '/feed/'], ['/comments/feed/', '/feed/']);
  return storage.transaction(async (tx) => {
    let n = 0;
    for (const [from, to] of pairs) n += await put(tx, from, to, at);
    return n;
  });
}
