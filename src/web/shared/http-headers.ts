import { FRAME_ORIGINS } from '../../core/content/embeds.ts';

/**
 * Headers every response carries (research: reliability-security §4 item 19). Frames may come only
 * from the embed providers' player origins, and only after a reader's click (the facade in site.js).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; " +
    `font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; frame-src ${FRAME_ORIGINS.join(' ')}`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
});

/**
 * Reader pages are public and identical for everyone. Browsers revalidate every time (an ETag
 * makes that a cheap 304), so a reader never sees a page older than the last write; shared caches
 * (a CDN, via RFC 9213's CDN-Cache-Control) may keep a page for a minute and serve it stale while
 * revalidating or while we are down (RFC 5861). See docs/decisions/006-cache-headers.md.
 */
export const PUBLIC_PAGE_CACHE_CONTROL = 'public, no-cache, stale-if-error=86400';
export const CDN_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400';

/**
 * A walled article's page depends on who asks (the reader's cookies): browsers revalidate it, no
 * shared cache keeps it, and the cookie is named in Vary for any cache that ignores `private`.
 */
export const PRIVATE_PAGE_CACHE_CONTROL = 'private, no-cache';

/** Cache headers of a page as served: public, private to the reader (a walled article), or not kept at all. */
export function pageCacheHeaders(page: { readonly status: number; readonly stale?: boolean; readonly gate?: unknown }): { cacheControl: string; cdn: string; vary: string } {
  if (page.status !== 200 || page.stale) return { cacheControl: NO_STORE, cdn: NO_STORE, vary: 'accept-encoding' };
  if (page.gate) return { cacheControl: PRIVATE_PAGE_CACHE_CONTROL, cdn: NO_STORE, vary: 'accept-encoding, cookie' };
  return { cacheControl: PUBLIC_PAGE_CACHE_CONTROL, cdn: CDN_CACHE_CONTROL, vary: 'accept-encoding' };
}

/** Error pages may change at any moment (the article may be published next minute). */
export const NO_STORE = 'no-store';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * Picks the response encoding from Accept-Encoding, honouring q=0 ("not acceptable").
 * Brotli is preferred when both are acceptable: smaller at the same cost, since it is made once.
 */
export function chooseEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  let br = false;
  let gz = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (name === 'br') br = true;
    else if (name === 'gzip' || name === 'x-gzip') gz = true;
    else if (name === '*') {
      br = true;
      gz = true;
    }
  }
  return br ? 'br' : gz ? 'gzip' : 'identity';
}

/** True when If-None-Match names this ETag (or is "*"). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
