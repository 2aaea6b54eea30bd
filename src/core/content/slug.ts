/** Lower-case ASCII slug: "Politics & Government" -> "politics-government". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** Slugs the URL scheme uses for its own pages, so sections may not take them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'tag', 'tags', 'series', 'author', 'authors', 'page', 'api', 'admin', 'assets', 'media',
  'search', 'feed', 'feeds', 'rss', 'sitemap', 'sitemaps', 'robots', 'healthz', 'favicon', 'pages',
]);

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
