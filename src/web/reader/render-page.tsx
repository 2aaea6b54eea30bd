import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { SectionIndex } from '../../core/content/article-path.ts';
import { cacheKeys } from '../../core/content/cache-keys.ts';
import { isBroadsheetError } from '../../core/errors.ts';
import { classifyError, logClassified } from '../shared/classify-error.ts';
import type { Clock } from '../../core/ports.ts';
import type { ReaderService } from '../../core/reader/reader-service.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import { NO_STORE } from '../shared/http-headers.ts';
import type { RenderedPage } from '../shared/page-cache.ts';
import { ErrorPageView } from './pages/error-page.tsx';
import { RenderContext, type SiteInfo } from './render-context.ts';

/** Pages with "2 hours ago" labels are re-rendered after this long. */
const RELATIVE_DATE_TTL_MS = 60_000;

export interface RenderDeps {
  readonly reader: ReaderService;
  readonly time: EditionTime;
  readonly site: SiteInfo;
  readonly clock: Clock;
}

/** Renders a page view to a full HTML document, noting whether it needs an expiry. */
export function toHtml(
  deps: RenderDeps,
  status: number,
  sections: SectionIndex,
  pageDeps: readonly string[],
  view: (ctx: RenderContext) => VNode,
  maxTtlMs?: number,
): RenderedPage {
  const ctx = new RenderContext(deps.site, deps.time, sections, deps.clock.now());
  const html = `<!DOCTYPE html>${render(view(ctx))}`;
  const ttls = [ctx.usedRelativeDates ? RELATIVE_DATE_TTL_MS : undefined, maxTtlMs].filter((t): t is number => t !== undefined);
  return { status, html, deps: pageDeps, ...(ttls.length > 0 ? { ttlMs: Math.min(...ttls) } : {}) };
}

export interface ErrorPages {
  send(reply: FastifyReply, error: { status: number; code: string; detail?: string }): Promise<FastifyReply>;
  /** Maps a thrown error to its page: registry errors keep their status, anything else is a logged 500. */
  fromError(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/** HTML error pages for the reader site (never cached, never showing internals). */
export function createErrorPages(deps: RenderDeps): ErrorPages {
  const send: ErrorPages['send'] = async (reply, error) => {
    let html: string;
    try {
      const sections = await deps.reader.sections();
      html = toHtml(deps, error.status, sections, [cacheKeys.navigation], (ctx) => <ErrorPageView ctx={ctx} {...error} />).html;
    } catch {
      // Even the section list is unavailable (database down): a plain page, still helpful.
      html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><main><h1>Something went wrong</h1><p>Error code: ${error.code}</p><p><a href="/">Home page</a></p></main></body></html>`;
    }
    return reply.code(error.status).header('cache-control', NO_STORE).type('text/html; charset=utf-8').send(html);
  };
  return {
    send,
    fromError: async (error, request, reply) => {
      const classified = classifyError(error, request);
      // A route that found nothing (an old tag, section or article address) may have been redirected.
      if (classified.error.status === 404 && (request.method === 'GET' || request.method === 'HEAD')) {
        const moved = await deps.reader.redirectFor(request.url).catch(() => undefined);
        if (moved) return reply.code(301).header('cache-control', NO_STORE).redirect(moved, 301);
      }
      logClassified(request, classified, error, 'reader page failed');
      const known = classified.error;
      // Registry errors say what went wrong in words for the reader; Fastify's own 4xx (a malformed
      // URL, say) and our faults get the generic page for their status.
      const detail = isBroadsheetError(error) ? known.message : undefined;
      // Overload is expected, not a fault: the reader is told to retry.
      if (known.status === 503) reply.header('retry-after', '5');
      return send(reply, { status: known.status, code: known.code, ...(detail !== undefined || known.status === 503 ? { detail: known.message } : {}) });
    },
  };
}
