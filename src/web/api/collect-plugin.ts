import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { BroadsheetError } from '../../core/errors.ts';
import type { ViewCollector } from '../../core/ranking/view-collector.ts';
import { STAFF_COOKIE } from '../admin/cookies.ts';

/** The beacon: an article id and the token its page carried. Nothing else is accepted. */
const BeaconBody = Type.Object(
  {
    a: Type.Integer({ minimum: 1, maximum: 2 ** 28 - 1 }),
    t: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
  },
  { additionalProperties: false },
);

export interface CollectPluginOptions {
  readonly collector: ViewCollector;
}

/**
 * POST /_/v: the view beacon, at a neutral same-origin path (ad blockers block "analytics" paths;
 * research: ranking §5.1). A strict schema, because this is the site's busiest unauthenticated
 * write (reliability-security §2 row 26). Every well-formed beacon gets the same 204 whether it
 * was counted or not: nothing to learn by probing.
 */
export async function collectPlugin(app: FastifyInstance, options: CollectPluginOptions): Promise<void> {
  // sendBeacon sends a string as text/plain; it is the same JSON.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 256 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'the body is not JSON' }), undefined);
    }
  });

  app.post<{ Body: Static<typeof BeaconBody> }>('/_/v', { schema: { body: BeaconBody }, bodyLimit: 256 }, async (request, reply) => {
    await options.collector.prepare();
    options.collector.collect({
      method: request.method,
      articleId: request.body.a,
      token: request.body.t,
      ip: request.ip,
      userAgent: request.headers['user-agent'],
      purpose: (request.headers['sec-purpose'] ?? request.headers.purpose) as string | undefined,
      staff: (request.headers.cookie ?? '').includes(`${STAFF_COOKIE}=`),
    });
    return reply.code(204).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send();
  });
}
