import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { SectionIndex } from '../../core/content/article-path.ts';
import { cacheKeys } from '../../core/content/cache-keys.ts';
import { BroadsheetError, isBroadsheetError, isDatabaseUnavailable } from '../../core/errors.ts';
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
      const known = isBroadsheetError(error) ? error : isDatabaseUnavailable(error) ? new BroadsheetError('BS_ERR_DB_UNAVAILABLE') : undefined;
      if (known && known.status < 500) return send(reply, { status: known.status, code: known.code, detail: known.message });
      // Overload is expected, not a fault: the reader is told to retry, nothing is logged as an error.
      if (known && known.status === 503) return send(reply.header('retry-after', '5'), { status: 503, code: known.code, detail: known.message });
      // Fastify's own 4xx (a malformed URL, say) are the client's; they get the generic bad-request page.
      const statusCode = (error as { statusCode?: unknown }).statusCode;
      if (!known && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
        return send(reply, statusCode === 404
          ? { status: 404, code: 'BS_ERR_NOT_FOUND' }
          : { status: 400, code: 'BS_ERR_REQUEST_INVALID' });
      }
      request.log.error({ err: error }, 'reader page failed');
      return send(reply, { status: 500, code: 'BS_ERR_SERVER_INTERNAL' });
    },
  };
}
