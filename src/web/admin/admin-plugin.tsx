import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { render } from 'preact-render-to-string';
import { roleCan } from '../../core/access/roles.ts';
import { networkOf } from '../../core/ranking/reader-identity.ts';
import { BroadsheetError } from '../../core/errors.ts';
import { classifyError, logClassified } from '../shared/classify-error.ts';
import type { AuthenticatedSession } from '../../core/access/auth-service.ts';
import type { AdminKit, AdminOptions } from './admin-kit.ts';
import { refuseCrossSite, SAFE_METHODS } from '../shared/same-origin.ts';
import { COOKIE_PATH, CSRF_COOKIE, SESSION_COOKIE, STAFF_COOKIE, STAFF_COOKIE_PATH } from './cookies.ts';
import { MessagePage } from './pages/auth-pages.tsx';
import { ROUTE_ACCESS, routeKey } from './route-permissions.ts';
import { articleRoutes } from './routes/article-routes.tsx';
import { authRoutes } from './routes/auth-routes.tsx';
import { apiRoutes } from './routes/api-routes.ts';
import { libraryRoutes } from './routes/library-routes.tsx';
import { peopleRoutes } from './routes/people-routes.tsx';
import { rankingRoutes } from './routes/ranking-routes.tsx';
import { frontPageRoutes } from './routes/front-page-routes.tsx';
import { twoFactorRoutes } from './routes/two-factor-routes.tsx';
import { siteRoutes } from './routes/site-routes.tsx';
import { collaborationRoutes } from './routes/collaboration-routes.tsx';
import { integrationRoutes } from './routes/integration-routes.tsx';
import { memberRoutes } from './routes/member-routes.tsx';
import { paywallRoutes } from './routes/paywall-routes.tsx';
import { newsletterRoutes } from './routes/newsletter-routes.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in newsroom user, set for /admin routes. */
    adminSession: AuthenticatedSession | null;
  }
  interface FastifyContextConfig {
    /** Set on routes whose body parser is multipart, where the CSRF token comes in a header or the query. */
    csrfFromQuery?: boolean;
  }
}


/** What an admin who must set up two-step sign-in can still reach. */
const TWO_FACTOR_SETUP = new Set(['GET /admin/account/2fa', 'POST /admin/account/2fa/begin', 'POST /admin/account/2fa/confirm', 'POST /admin/logout']);

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/admin/api/');
}

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * The newsroom at /admin/: sessions in HttpOnly SameSite cookies scoped to /admin (the reader
 * site never sees a cookie), the permission table checked on every route, CSRF tokens bound
 * to the session on every state-changing request, plus an origin check.
 */
export async function adminPlugin(app: FastifyInstance, options: AdminOptions): Promise<void> {
  await app.register(fastifyCookie, { secret: options.secret, hook: 'onRequest' });
  await app.register(fastifyFormbody, { bodyLimit: 6 * 1024 * 1024 });
  await app.register(fastifyMultipart, {
    limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10, fieldSize: 4096, parts: 12 },
  });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', signed: true },
    // Tokens are bound to the session: one stolen before login is useless after it.
    getUserInfo: (request: FastifyRequest) => request.adminSession?.tokenHash ?? 'anonymous',
    csrfOpts: { hmacKey: createHash('sha256').update(`csrf:${options.secret}`).digest() },
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const fromBody = body && typeof body === 'object' && typeof body._csrf === 'string' ? body._csrf : undefined;
      const header = request.headers['x-csrf-token'];
      const fromQuery = request.routeOptions.config.csrfFromQuery ? (request.query as Record<string, string | undefined>)._csrf : undefined;
      return fromBody ?? (typeof header === 'string' ? header : undefined) ?? fromQuery ?? '';
    },
  });

  app.decorateRequest('adminSession', null);

  // Every newsroom route must be in the permission table: a route without an entry cannot exist.
  const registered = options.registeredRoutes;
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const key = routeKey(method, route.url);
      if (!(key in ROUTE_ACCESS)) throw new Error(`newsroom route ${key} has no entry in ROUTE_ACCESS`);
      if (method !== 'HEAD') registered.push(key);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    const token = request.cookies[SESSION_COOKIE];
    request.adminSession = token ? ((await options.auth.authenticate(token)) ?? null) : null;
  });

  // Before schema validation, so a caller without access learns nothing from validation errors.
  app.addHook('preValidation', async (request, reply) => {
    const access = ROUTE_ACCESS[routeKey(request.method, request.routeOptions.url ?? '')];
    if (access === undefined) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const session = request.adminSession;
    if (access !== 'public') {
      if (!session) throw new BroadsheetError('BS_ERR_AUTH_REQUIRED');
      if (access !== 'signed-in' && !roleCan(session.user.role, access)) {
        throw new BroadsheetError('BS_ERR_AUTH_FORBIDDEN', { detail: `${session.user.role}s cannot use this page` });
      }
      // Where the site requires it, an admin without two-step sign-in can only set it up (or leave).
      if (options.requireAdmin2fa && session.user.role === 'admin' && !session.user.twoFactor && !TWO_FACTOR_SETUP.has(routeKey(request.method, request.routeOptions.url ?? ''))) {
        if (request.method === 'GET') return reply.redirect('/admin/account/2fa?required=1', 303);
        throw new BroadsheetError('BS_ERR_AUTH_FORBIDDEN', { detail: 'set up two-step sign-in first (this newsroom requires it for admins)' });
      }
    }
    if (!SAFE_METHODS.has(request.method)) {
      refuseCrossSite(request);
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(new BroadsheetError('BS_ERR_AUTH_CSRF', {}, { cause: err })) : resolve()));
      });
    }
  });

  const kit: AdminKit = {
    ...options,
    context(request, reply) {
      const session = request.adminSession;
      return {
        siteName: options.site.name,
        publicUrl: options.site.publicUrl,
        time: options.time,
        now: options.clock.now(),
        user: session?.user,
        heartbeatMs: options.heartbeatMs,
        csrf: reply.generateCsrf({ userInfo: session?.tokenHash ?? 'anonymous' }),
        assets: { css: options.adminAssets.css, js: options.adminAssets.js, editor: options.editorAsset, pageEditor: options.pageEditorAsset, icon: options.site.assets.icon },
      };
    },
    page(reply, view, status = 200) {
      return reply.code(status).type('text/html; charset=utf-8').send(`<!DOCTYPE html>${render(view)}`);
    },
    session(request) {
      if (!request.adminSession) throw new BroadsheetError('BS_ERR_AUTH_REQUIRED');
      return request.adminSession;
    },
    clientKey(request) {
      // An IPv6 client owns a whole /64 (networkOf's prefix): keyed by the address, it could rotate
      // through addresses for ever; keyed by the /64, it is one client like an IPv4 address.
      return createHash('sha256').update(`ip:${networkOf(request.ip).prefix}`).digest('hex').slice(0, 32);
    },
    setSessionCookie(request, reply, token) {
      reply.setCookie(SESSION_COOKIE, token, {
        path: COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttps(request),
        maxAge: Math.floor(options.auth.options.absoluteMs / 1000),
      });
      // Marks this browser as staff for the view beacon (which never sees the session cookie).
      reply.setCookie(STAFF_COOKIE, '1', { path: STAFF_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: isHttps(request), maxAge: Math.floor(options.auth.options.absoluteMs / 1000) });
    },
    clearSessionCookie(request, reply) {
      reply.clearCookie(SESSION_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: isHttps(request) });
      reply.clearCookie(STAFF_COOKIE, { path: STAFF_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: isHttps(request) });
    },
  };

  app.setErrorHandler(async (error, request, reply) => {
    // A database that is down is a 503 with a clear message (nothing was saved), not a bug.
    const classified = classifyError(error, request);
    logClassified(request, classified, error, 'newsroom request failed');
    const known = classified.error;
    if (known.code === 'BS_ERR_DB_UNAVAILABLE') reply.header('retry-after', '5');
    const { status, code, message } = known;
    if (status === 429) reply.header('retry-after', String(known.params.seconds ?? 60));
    if (isApi(request)) {
      return reply.code(status).send({ error: { code, message, ...(known.params.field ? { field: known.params.field } : {}) } });
    }
    if (code === 'BS_ERR_AUTH_REQUIRED' && request.method === 'GET') {
      return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
    }
    const titles: Record<number, string> = { 401: 'Please log in', 403: 'Not allowed', 404: 'Not found', 409: 'Changed meanwhile', 429: 'Slow down' };
    return kit.page(
      reply,
      <MessagePage ctx={kit.context(request, reply)} title={titles[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work')} text={message} code={code} />,
      status,
    );
  });

  app.get('/admin/', async (_request, reply) => reply.redirect('/admin/articles/', 303));
  await authRoutes(app, kit);
  await articleRoutes(app, kit);
  await libraryRoutes(app, kit);
  await peopleRoutes(app, kit);
  await apiRoutes(app, kit);
  await rankingRoutes(app, kit);
  await frontPageRoutes(app, kit);
  await twoFactorRoutes(app, kit);
  await siteRoutes(app, kit);
  await collaborationRoutes(app, kit);
  await integrationRoutes(app, kit);
  await memberRoutes(app, kit);
  await paywallRoutes(app, kit);
  await newsletterRoutes(app, kit);
}
