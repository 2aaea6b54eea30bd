import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleCan, type Permission } from '../../core/access/roles.ts';
import { actorCan } from '../../core/access/types.ts';
import type { TokenHolder } from '../../core/api/access-tokens.ts';
import { requestFingerprint } from '../../core/api/idempotency.ts';
import { BroadsheetError } from '../../core/errors.ts';
import { ADMIN_API_ACCESS } from './admin-api-access.ts';
import type { AdminApiKit, AdminApiOptions } from './admin-api-kit.ts';
import { adminApiArticleRoutes } from './admin-api-article-routes.ts';
import { adminApiSiteRoutes } from './admin-api-site-routes.ts';
import { adminApiDeskRoutes } from './admin-api-desk-routes.ts';

/** Requests per minute per token: generous for scripts, a ceiling for a runaway loop. */
const TOKEN_RATE = 1_200;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Admin API: the newsroom's own operations over HTTP with a bearer token. Routes translate
 * HTTP and call the same Newsroom/AuthService methods as the newsroom pages; nothing here decides
 * what is allowed beyond the table's permission, which the token's scopes narrow.
 */
export async function adminApiPlugin(app: FastifyInstance, options: AdminApiOptions): Promise<void> {
  const holders = new WeakMap<FastifyRequest, TokenHolder>();

  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!(`${method} ${route.url}` in ADMIN_API_ACCESS)) throw new Error(`Admin API route ${method} ${route.url} has no entry in ADMIN_API_ACCESS`);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const header = request.headers.authorization;
    const presented = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const holder = await options.tokens.authenticate(presented);
    const now = options.clock.now();
    const decision = await options.limiter.hit(`admin-token:${holder.token.id}`, TOKEN_RATE, 60_000, now);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000));
      reply.header('retry-after', String(seconds));
      throw new BroadsheetError('BS_ERR_API_RATE', { seconds });
    }
    // The route's permission, as the table names it, before anything else about the request is looked at:
    // the role must hold it and the token must carry it.
    const permission = ADMIN_API_ACCESS[`${request.method === 'HEAD' ? 'GET' : request.method} ${request.routeOptions.url ?? ''}`] as Permission | undefined;
    if (!permission) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    if (!actorCan(holder.actor, permission)) {
      if (roleCan(holder.actor.role, permission)) throw new BroadsheetError('BS_ERR_API_SCOPE', { permission });
      throw new BroadsheetError('BS_ERR_AUTH_FORBIDDEN', { detail: `this needs ${permission}` });
    }
    holders.set(request, holder);
  });

  const kit: AdminApiKit = {
    ...options,
    holder(request) {
      const holder = holders.get(request);
      if (!holder) throw new BroadsheetError('BS_ERR_API_TOKEN');
      return holder;
    },
    async once(request, reply, work) {
      const raw = request.headers['idempotency-key'];
      if (raw === undefined) {
        const answer = await work();
        return reply.code(answer.status).send(answer.body);
      }
      const key = Array.isArray(raw) ? raw[0] ?? '' : raw;
      if (!IDEMPOTENCY_KEY.test(key)) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'Idempotency-Key: 1 to 200 visible ASCII characters' });
      const body = Buffer.isBuffer(request.body) ? createHash('sha256').update(request.body).digest('hex') : request.body;
      const fingerprint = requestFingerprint(request.method, request.url, body);
      const answer = await options.idempotency.run(kit.holder(request).token.id, key, fingerprint, work);
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(answer.status).send(answer.body);
    },
  };

  app.get('/api/admin/v1/me', { schema: { summary: 'The token and the account it acts for', tags: ['admin'] } }, async (request) => {
    const { token, user } = kit.holder(request);
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      token: { id: token.id, kind: token.kind, name: token.name, scopes: token.scopes, expiresAt: new Date(token.expiresAt).toISOString() },
    };
  });
  await adminApiArticleRoutes(app, kit);
  await adminApiSiteRoutes(app, kit);
  await adminApiDeskRoutes(app, kit);
}
