import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { ArticleAccess } from '../../core/content/types.ts';
import type { MeterRules, Variant } from '../../core/members/paywall-rules.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * A walled article's page (docs/members.md, "The paywall"): which article, who may read it and the
 * meter in force when it was rendered. Its variants are cached under `variantKey`; the fast path
 * picks one from the reader's signed cookies.
 */
export interface PageGate {
  readonly articleId: number;
  readonly access: Exclude<ArticleAccess, 'public'>;
  readonly rules: MeterRules;
}

/** The cache key of a walled article's variant; a space never appears in a request's path, so no URL can name one. */
export function variantKey(path: string, variant: Variant): string {
  return variant === 'register' ? path : `${path} ${variant}`;
}

/** What a renderer returns: the page and the cache keys it depends on. */
export interface RenderedPage {
  readonly status: number;
  readonly html: string;
  readonly deps: readonly string[];
  /** Re-render after this many ms (pages with "2 hours ago" labels); undefined = until invalidated. */
  readonly ttlMs?: number;
  /** Content-Type when it is not an HTML page (feeds, sitemaps). */
  readonly contentType?: string;
  /** The newest change the page shows (ms): sent as Last-Modified. */
  readonly lastModified?: number;
  /** Set on every variant of a walled article: private to the reader, never kept by a shared cache. */
  readonly gate?: PageGate;
}

/** A page as it is served: the bytes in each encoding, made once. */
export interface CachedPage {
  readonly status: number;
  readonly body: Buffer;
  readonly gzip: Buffer | undefined;
  readonly br: Buffer | undefined;
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified?: number;
  readonly gate?: PageGate;
  /** Set on a copy served because rendering failed (the database is down): an older version. */
  readonly stale?: boolean;
  readonly deps: readonly string[];
  readonly expiresAt: number | undefined;
  readonly size: number;
}

export interface PageCacheOptions {
  readonly maxBytes: number;
  readonly now: () => number;
  /** Whether a failed render may be answered with the last good copy of the page (the database is down). */
  readonly canServeStale?: (err: unknown) => boolean;
}

/** Bodies below this are sent uncompressed: the headers would outweigh the saving. */
const COMPRESS_MIN_BYTES = 1024;

/**
 * Rendered reader pages, kept until a write invalidates one of their dependency keys
 * (docs/architecture.md, "Render once per change"). A burst on a cold page renders it once
 * (single flight); a page whose keys are invalidated while it renders is served but not kept,
 * so a stale render never outlives the write that made it stale.
 */
export class PageCache {
  readonly #options: PageCacheOptions;
  /** Insertion order doubles as LRU order: a hit re-inserts the entry. */
  readonly #pages = new Map<string, CachedPage>();
  readonly #byDep = new Map<string, Set<string>>();
  readonly #inflight = new Map<string, Promise<CachedPage>>();
  /**
   * Pages dropped by invalidation or expiry, kept to serve (marked stale) when a re-render fails
   * because the database is down: a reader gets the last good page rather than an error.
   */
  readonly #fallback = new Map<string, CachedPage>();
  #fallbackBytes = 0;
  /** Invalidation sequence per dependency key, to detect writes that race a render. */
  readonly #invalidatedAt = new Map<string, number>();
  #sequence = 0;
  #bytes = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: PageCacheOptions) {
    this.#options = options;
  }

  get stats() {
    return { pages: this.#pages.size, bytes: this.#bytes, hits: this.#hits, misses: this.#misses };
  }

  /** The cached page if it is present and not expired. */
  get(key: string): CachedPage | undefined {
    const page = this.#pages.get(key);
    if (!page) return undefined;
    if (page.expiresAt !== undefined && page.expiresAt <= this.#options.now()) return undefined;
    // Refresh LRU position.
    this.#pages.delete(key);
    this.#pages.set(key, page);
    return page;
  }

  /** The cached page, or renders it once however many requests ask at the same time. */
  async getOrRender(key: string, render: () => Promise<RenderedPage>): Promise<CachedPage> {
    const hit = this.get(key);
    if (hit) {
      this.#hits++;
      return hit;
    }
    const running = this.#inflight.get(key);
    if (running) return running;
    this.#misses++;
    const started = this.#sequence;
    const job = (async () => {
      let rendered: RenderedPage;
      try {
        rendered = await render();
      } catch (err) {
        const last = this.#pages.get(key) ?? this.#fallback.get(key);
        if (last && this.#options.canServeStale?.(err)) return { ...last, stale: true };
        throw err;
      }
      const page = await build(rendered, this.#options.now());
      const raced = rendered.deps.some((d) => (this.#invalidatedAt.get(d) ?? -1) > started);
      if (!raced && page.size <= this.#options.maxBytes / 8) this.#store(key, page);
      return page;
    })().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, job);
    return job;
  }

  /** Drops every page depending on any of `keys`; returns how many were dropped. */
  invalidate(keys: Iterable<string>): number {
    let dropped = 0;
    const seq = ++this.#sequence;
    for (const dep of keys) {
      this.#invalidatedAt.set(dep, seq);
      const pages = this.#byDep.get(dep);
      if (!pages) continue;
      for (const key of [...pages]) {
        if (this.#drop(key)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    for (const key of [...this.#pages.keys()]) this.#drop(key);
  }

  /** Keeps a dropped page for stale serving, within a quarter of the cache's budget (oldest out first). */
  #keepFallback(key: string, page: CachedPage): void {
    if (page.status !== 200 || page.stale) return;
    const old = this.#fallback.get(key);
    if (old) {
      this.#fallback.delete(key);
      this.#fallbackBytes -= old.size;
    }
    this.#fallback.set(key, page);
    this.#fallbackBytes += page.size;
    for (const [k, p] of this.#fallback) {
      if (this.#fallbackBytes <= this.#options.maxBytes / 4) break;
      this.#fallback.delete(k);
      this.#fallbackBytes -= p.size;
    }
  }

  #store(key: string, page: CachedPage): void {
    this.#drop(key);
    this.#pages.set(key, page);
    this.#bytes += page.size;
    for (const dep of page.deps) {
      let set = this.#byDep.get(dep);
      if (!set) this.#byDep.set(dep, (set = new Set()));
      set.add(key);
    }
    while (this.#bytes > this.#options.maxBytes) {
      const oldest = this.#pages.keys().next();
      if (oldest.done) break;
      this.#drop(oldest.value);
    }
  }

  #drop(key: string): boolean {
    const page = this.#pages.get(key);
    if (!page) return false;
    this.#pages.delete(key);
    this.#bytes -= page.size;
    this.#keepFallback(key, page);
    for (const dep of page.deps) {
      const set = this.#byDep.get(dep);
      set?.delete(key);
      if (set && set.size === 0) this.#byDep.delete(dep);
    }
    return true;
  }
}

async function build(rendered: RenderedPage, now: number): Promise<CachedPage> {
  const body = Buffer.from(rendered.html, 'utf8');
  const compress = body.length >= COMPRESS_MIN_BYTES;
  const [gz, br] = compress
    ? await Promise.all([
        gzipAsync(body, { level: 6 }),
        // Quality 6 is within a few percent of 11 for HTML at a fraction of the time; pages re-render often.
        brotliAsync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 6, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      ])
    : [undefined, undefined];
  const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  return {
    status: rendered.status,
    body,
    gzip: gz,
    br,
    etag,
    contentType: rendered.contentType ?? 'text/html; charset=utf-8',
    ...(rendered.lastModified !== undefined ? { lastModified: rendered.lastModified } : {}),
    ...(rendered.gate ? { gate: rendered.gate } : {}),
    deps: rendered.deps,
    expiresAt: rendered.ttlMs === undefined ? undefined : now + rendered.ttlMs,
    size: body.length + (gz?.length ?? 0) + (br?.length ?? 0),
  };
}
