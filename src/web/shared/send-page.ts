import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedPage } from './page-cache.ts';
import { chooseEncoding, etagMatches, pageCacheHeaders } from './http-headers.ts';

/** Writes a cached page: 304 when the client has it, else the best encoding it accepts. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  const cacheable = page.status === 200 && !page.stale;
  const headers = pageCacheHeaders(page);
  reply
    .code(page.status)
    .header('content-type', page.contentType)
    .header('cache-control', headers.cacheControl)
    .header('vary', headers.vary)
    .header('cdn-cache-control', headers.cdn)
    .header('etag', page.etag);
  if (page.lastModified !== undefined) reply.header('last-modified', new Date(page.lastModified).toUTCString());
  // An older copy served while the database is down: said so, and no cache may keep it.
  if (page.stale) reply.header('x-broadsheet-stale', '1').header('warning', '110 - "Response is Stale"');
  if (cacheable && etagMatches(request.headers['if-none-match'], page.etag)) {
    return reply.code(304).send();
  }
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  if (encoding === 'br' && page.br) return reply.header('content-encoding', 'br').send(page.br);
  if (encoding !== 'identity' && page.gzip) return reply.header('content-encoding', 'gzip').send(page.gzip);
  return reply.send(page.body);
}
