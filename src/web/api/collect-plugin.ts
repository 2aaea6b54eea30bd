import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { BroadsheetError } from '../../core/errors.ts';
import type { ViewCollector } from '../../core/ranking/view-collector.ts';
import { STAFF_COOKIE } from '../admin/cookies.ts';

/** The beacon: an article id and the token its page carried. Nothing else is accepted. */
export const BeaconBody = Type.Object(
  {
    a: Type.Integer({ minimum: 1, maximum: 2 ** 28 - 1 }),
    t: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }),
  },
  { additionalProperties: false },
);

/** Why a beacon body was refused (the same words from the route and from beacon-fast-path.ts). */
export const BEACON_INVALID = 'the body must be {"a": <article id>, "t": <view token>}';
export const BEACON_NOT_JSON = 'the body is not JSON';

/** Every well-formed beacon's answer, counted or not (also sent by beacon-fast-path.ts). */
export const BEACON_ANSWER_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });

/** Longest beacon body read, in bytes: `{"a":268435455,"t":"<22>"}` is 42. */
export const BEACON_BODY_LIMIT = 256;

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
  // sendBeacon sends a string as text/plain; it is the same JSON. Both types share one parser, so
  // every refusal reads the same here and in beacon-fast-path.ts.
  const parse = (_request: unknown, body: string | Buffer, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: BEACON_NOT_JSON }), undefined);
    }
  };
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BEACON_BODY_LIMIT }, parse);
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: BEACON_BODY_LIMIT }, parse);

  // TypeBox's own compiled check, not Fastify's Ajv: Ajv would coerce "a": "12" into 12, and the
  // fast path (which uses this same check) must accept exactly what the route accepts.
  app.setValidatorCompiler(({ schema }) => {
    const check = Compile(schema as TSchema);
    return (data: unknown) => (check.Check(data) ? { value: data } : { error: new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: BEACON_INVALID }) });
  });

  app.post<{ Body: Static<typeof BeaconBody> }>('/_/v', { schema: { body: BeaconBody }, bodyLimit: BEACON_BODY_LIMIT }, async (request, reply) => {
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
    return reply.code(204).headers(BEACON_ANSWER_HEADERS).send();
  });
}
