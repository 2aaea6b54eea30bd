import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { BroadsheetError } from '../../core/errors.ts';
import { rejectView } from '../../core/ranking/view-filter.ts';
import type { ViewRecorder } from '../../core/ranking/view-recorder.ts';

const ViewBody = Type.Object(
  { articleId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
type ViewBody = Static<typeof ViewBody>;

export interface ViewsPluginOptions {
  readonly views: ViewRecorder;
}

/**
 * The view beacon: the article page posts `{"articleId": n}` once it is actually shown.
 * The body is a strict schema (a number, nothing else), because this is the busiest
 * unauthenticated write on the site (research: reliability-security §2 row 26).
 */
export async function viewsPlugin(app: FastifyInstance, options: ViewsPluginOptions): Promise<void> {
  // sendBeacon sends text/plain when given a string; treat it as the JSON it is.
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 256 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'the body is not JSON' }), undefined);
    }
  });

  app.post<{ Body: ViewBody }>(
    '/api/views',
    { schema: { body: ViewBody }, bodyLimit: 256 },
    async (request, reply) => {
      const rejected = rejectView({
        method: request.method,
        userAgent: request.headers['user-agent'],
        purpose: (request.headers['sec-purpose'] ?? request.headers.purpose) as string | undefined,
      });
      // Filtered views get the same answer as counted ones: nothing to learn by probing.
      if (rejected === undefined && !options.views.record(request.body.articleId)) {
        throw new BroadsheetError('BS_ERR_VIEW_UNKNOWN_ARTICLE', { id: request.body.articleId });
      }
      return reply.code(204).header('cache-control', 'no-store').send();
    },
  );
}
