import { createHash } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type, type Static } from 'typebox';
import { BroadsheetError, isBroadsheetError } from '../../core/errors.ts';
import { safeReturn, type MemberAccounts } from '../../core/members/member-accounts.ts';
import { SIGNUP_SOURCES, type Member, type SignupSource } from '../../core/members/member-ports.ts';
import { createErrorPages, toHtml, type RenderDeps } from '../reader/render-page.tsx';
import type { RenderContext } from '../reader/render-context.ts';
import { NO_STORE } from '../shared/http-headers.ts';
import { refuseCrossSite, SAFE_METHODS, sameOrigin } from '../shared/same-origin.ts';
import type { Plans } from '../../core/members/plans.ts';
import type { Subscriptions } from '../../core/members/subscriptions.ts';
import { ENTITLEMENT_COOKIE, MEMBER_COOKIE } from './paywall-gate.ts';
import { planRoutes } from './plan-routes.tsx';
import type { Newsletters } from '../../core/newsletters/newsletters.ts';
import { ConfirmSubscriptionPage, EditionPage, NewslettersPage, UnsubscribePage } from './newsletter-pages.tsx';
import { AccountPage, CheckMailPage, ConfirmLinkPage, DeletedPage, LinkGonePage, SignInPage, type Notice } from './account-pages.tsx';

const MEMBER_CSRF_COOKIE = 'bs_member_csrf';

export interface AccountPluginOptions extends RenderDeps {
  readonly members: MemberAccounts;
  readonly newsletters: Newsletters;
  readonly plans: Plans;
  readonly subscriptions: Subscriptions;
  readonly secret: string;
}

const Text = (maxLength: number) => Type.String({ maxLength });
const form = <T extends Record<string, ReturnType<typeof Text>>>(fields: T) => Type.Object({ _csrf: Type.Optional(Text(200)), ...fields }, { additionalProperties: false });
const SignInBody = form({ email: Text(320), returnTo: Type.Optional(Text(600)), source: Type.Optional(Text(20)) });
const EmailBody = form({ email: Text(320) });
const DeleteBody = form({ confirm: Type.Optional(Text(20)) });
const CsrfBody = form({});
const ChoicesBody = Type.Object({ _csrf: Type.Optional(Text(200)), 'newsletters[]': Type.Optional(Type.Union([Text(12), Type.Array(Text(12), { maxItems: 100 })])) }, { additionalProperties: false });
const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }) });
const EditionParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }), id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });
const UnsubscribeParams = Type.Object({ token: Type.String({ pattern: '^[0-9]{1,10}-[0-9]{1,10}-[A-Za-z0-9_-]{22}$' }) });
const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });
const SignInQuery = Type.Object({ returnTo: Type.Optional(Text(600)), source: Type.Optional(Text(20)), done: Type.Optional(Text(20)) });

declare module 'fastify' {
  interface FastifyRequest {
    member: Member | null;
  }
  interface FastifyContextConfig {
    /** RFC 8058 one-click unsubscribe: a mail provider POSTs from elsewhere; the signed link is the authority. */
    oneClick?: boolean;
    /**
     * Forms on cached, shared pages (the sign-in form on a walled article, the footer's newsletter
     * box), which cannot carry a per-reader token: accepted without one when the browser says the
     * request comes from this site (Origin, or Sec-Fetch-Site: same-origin; a request that says
     * neither is refused). The worst a forged one could do is mail a link to an address it typed.
     */
    originChecked?: boolean;
  }
}

/**
 * Reader accounts at /account/: sign-in by emailed link, the account page, export and erasure. Its
 * cookie is bs_member (HttpOnly, SameSite=Lax, Secure over https); the newsroom's session never
 * authorizes anything here and this cookie never authorizes the newsroom. Every form carries a CSRF
 * token bound to the member's session; nothing here is cached.
 */
export async function accountPlugin(app: FastifyInstance, options: AccountPluginOptions): Promise<void> {
  const { members } = options;
  await app.register(fastifyCookie, { secret: options.secret, hook: 'onRequest' });
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  // One-click unsubscribe may arrive as multipart (RFC 8058 allows it); its body is not read.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, {}));
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: MEMBER_CSRF_COOKIE,
    // Path /: the newsletter forms post to /newsletters/, outside /account (a browser would not send a narrower cookie there).
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: true },
    getUserInfo: (request: FastifyRequest) => (request.member ? `member:${request.member.id}` : 'anonymous'),
    csrfOpts: { hmacKey: createHash('sha256').update(`member csrf:${options.secret}`).digest() },
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      return body && typeof body._csrf === 'string' ? body._csrf : '';
    },
  });
  app.decorateRequest('member', null);
  const errorPages = createErrorPages(options);
  app.setErrorHandler(async (error, request, reply) => {
    // Signed out (or the session ended): the account page is where to sign in again.
    if (isBroadsheetError(error, 'BS_ERR_AUTH_REQUIRED')) return reply.redirect('/account/', 303);
    return errorPages.fromError(error, request, reply);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', NO_STORE).header('x-robots-tag', 'noindex');
    request.member = (await members.authenticate(request.cookies[MEMBER_COOKIE])) ?? null;
  });
  app.addHook('preValidation', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || request.routeOptions.config.oneClick) return;
    refuseCrossSite(request);
    const body = request.body as Record<string, unknown> | undefined;
    if (request.routeOptions.config.originChecked && body?._csrf === undefined) {
      const origin = request.headers.origin;
      if ((origin !== undefined && sameOrigin(origin, request)) || request.headers['sec-fetch-site'] === 'same-origin') return;
      throw new BroadsheetError('BS_ERR_AUTH_CSRF');
    }
    await new Promise<void>((resolve, reject) => {
      app.csrfProtection(request, reply, (err?: Error) => (err ? reject(new BroadsheetError('BS_ERR_AUTH_CSRF', {}, { cause: err })) : resolve()));
    });
  });

  const page = async (reply: FastifyReply, status: number, view: (ctx: RenderContext) => VNode) => {
    const sections = await options.reader.sections();
    return reply.code(status).type('text/html; charset=utf-8').send(toHtml(options, status, sections, [], view).html);
  };
  const userInfo = (request: FastifyRequest) => (request.member ? `member:${request.member.id}` : 'anonymous');
  const csrf = (request: FastifyRequest, reply: FastifyReply) => reply.generateCsrf({ userInfo: userInfo(request) });
  const secure = (request: FastifyRequest) => request.protocol === 'https' || options.site.publicUrl.startsWith('https:');
  // The paywall's entitlement cookie follows the session: it is dropped whenever the session changes, and the next walled page reads it afresh.
  const setSession = (request: FastifyRequest, reply: FastifyReply, token: string) =>
    reply.setCookie(MEMBER_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secure(request), maxAge: 180 * 24 * 3600 }).clearCookie(ENTITLEMENT_COOKIE, { path: '/' });
  const clearSession = (reply: FastifyReply) => reply.clearCookie(MEMBER_COOKIE, { path: '/' }).clearCookie(ENTITLEMENT_COOKIE, { path: '/' });
  const sourceOf = (s: string | undefined): SignupSource => ((SIGNUP_SOURCES as readonly string[]).includes(s ?? '') ? (s as SignupSource) : 'account');
  const clientKey = (request: FastifyRequest) => request.ip;
  const signedIn = (request: FastifyRequest): Member => {
    if (!request.member) throw new BroadsheetError('BS_ERR_AUTH_REQUIRED');
    return request.member;
  };
  const accountPage = async (request: FastifyRequest, reply: FastifyReply, notice?: Notice, status = 200) => {
    const member = signedIn(request);
    const [newsletters, subscribed, plans, billing] = await Promise.all([
      options.newsletters.list(), options.newsletters.subscriptionsOf(member), options.plans.memberPlans(member.id), options.subscriptions.hasBilling(member.id),
    ]);
    return page(reply, status, (ctx) => <AccountPage ctx={ctx} csrf={csrf(request, reply)} member={member} notice={notice} newsletters={newsletters} subscribed={subscribed} plans={plans} billing={billing} />);
  };
  const refusal = (err: unknown): Notice => {
    if (!isBroadsheetError(err) || err.status >= 500) throw err;
    return { kind: 'error', text: err.message };
  };

  app.get<{ Querystring: Static<typeof SignInQuery> }>('/account/', { schema: { querystring: SignInQuery } }, async (request, reply) => {
    const done = request.query.done;
    const notice: Notice | undefined =
      done === 'signed-out-everywhere' ? { kind: 'ok', text: 'You are signed out on every device.' }
      : done === 'email-changed' ? { kind: 'ok', text: 'Your new address is in use.' }
      : done === 'subscribed' ? { kind: 'ok', text: 'Thank you for subscribing. Your plan shows here as soon as the payment is confirmed.' }
      : undefined;
    // Back from checkout: the plan may have changed, so the entitlement is read afresh on the next walled page.
    if (done === 'subscribed') reply.clearCookie(ENTITLEMENT_COOKIE, { path: '/' });
    if (request.member) return accountPage(request, reply, notice);
    return page(reply, 200, (ctx) => <SignInPage ctx={ctx} csrf={csrf(request, reply)} returnTo={safeReturn(request.query.returnTo)} source={sourceOf(request.query.source)} notice={notice} />);
  });

  app.post<{ Body: Static<typeof SignInBody> }>('/account/signin', { schema: { body: SignInBody }, config: { originChecked: true } }, async (request, reply) => {
    const { email, returnTo, source } = request.body;
    const detail = source === 'article' || source === 'paywall' ? safeReturn(returnTo) : '';
    try {
      await members.requestLink({ email, source: sourceOf(source), sourceDetail: detail, returnTo: safeReturn(returnTo) }, clientKey(request));
    } catch (err) {
      const notice = refusal(err);
      return page(reply, (err as BroadsheetError).status, (ctx) => <SignInPage ctx={ctx} csrf={csrf(request, reply)} returnTo={safeReturn(returnTo)} source={sourceOf(source)} notice={notice} email={email} />);
    }
    return page(reply, 200, (ctx) => <CheckMailPage ctx={ctx} email={email.trim()} />);
  });

  app.get<{ Params: Static<typeof TokenParams> }>('/account/link/:token', { schema: { params: TokenParams } }, async (request, reply) =>
    page(reply, 200, (ctx) => <ConfirmLinkPage ctx={ctx} csrf={csrf(request, reply)} token={request.params.token} />),
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof CsrfBody> }>('/account/link/:token', { schema: { params: TokenParams, body: CsrfBody } }, async (request, reply) => {
    try {
      const { session, returnTo } = await members.useLink(request.params.token);
      setSession(request, reply, session);
      return reply.redirect(returnTo === '/account/' && request.member ? '/account/?done=email-changed' : returnTo, 303);
    } catch (err) {
      if (isBroadsheetError(err, 'BS_ERR_MEMBER_LINK')) return page(reply, 410, (ctx) => <LinkGonePage ctx={ctx} />);
      throw err;
    }
  });

  app.post<{ Body: Static<typeof CsrfBody> }>('/account/signout', { schema: { body: CsrfBody } }, async (request, reply) => {
    await members.signOut(request.cookies[MEMBER_COOKIE]);
    clearSession(reply);
    return reply.redirect('/', 303);
  });

  app.post<{ Body: Static<typeof CsrfBody> }>('/account/signout-everywhere', { schema: { body: CsrfBody } }, async (request, reply) => {
    await members.signOutEverywhere(signedIn(request));
    clearSession(reply);
    return reply.redirect('/account/?done=signed-out-everywhere', 303);
  });

  app.post<{ Body: Static<typeof EmailBody> }>('/account/email', { schema: { body: EmailBody } }, async (request, reply) => {
    try {
      await members.requestEmailChange(signedIn(request), request.body.email, clientKey(request));
    } catch (err) {
      return accountPage(request, reply, refusal(err), (err as BroadsheetError).status);
    }
    return accountPage(request, reply, { kind: 'ok', text: `We sent a link to ${request.body.email.trim()}: your address changes when you follow it.` });
  });

  app.post<{ Body: Static<typeof ChoicesBody> }>('/account/newsletters', { schema: { body: ChoicesBody } }, async (request, reply) => {
    const raw = request.body['newsletters[]'];
    const ids = (raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw).filter((v) => /^[1-9][0-9]{0,9}$/.test(v)).map(Number);
    await options.newsletters.setSubscriptions(signedIn(request), ids);
    return accountPage(request, reply, { kind: 'ok', text: 'Newsletter choices saved.' });
  });

  app.get<{ Querystring: Static<typeof SignInQuery> }>('/newsletters/', { schema: { querystring: SignInQuery } }, async (request, reply) => {
    const list = await options.newsletters.list();
    const notice = request.query.done === 'confirmed' ? 'Subscription confirmed: the next edition comes to you.' : undefined;
    return page(reply, 200, (ctx) => <NewslettersPage ctx={ctx} csrf={csrf(request, reply)} newsletters={list} notice={notice} />);
  });

  // The footer's box on every page: the address, carried to the list to pick from (nothing is stored or sent).
  app.post<{ Body: Static<typeof EmailBody> }>('/newsletters/', { schema: { body: EmailBody }, config: { originChecked: true } }, async (request, reply) => {
    const list = await options.newsletters.list();
    return page(reply, 200, (ctx) => <NewslettersPage ctx={ctx} csrf={csrf(request, reply)} newsletters={list} email={request.body.email.trim()} />);
  });

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof EmailBody> }>('/newsletters/:slug/subscribe', { schema: { params: SlugParams, body: EmailBody } }, async (request, reply) => {
    const newsletter = await options.newsletters.findBySlug(request.params.slug);
    if (!newsletter) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    await members.requestNewsletter({ email: request.body.email, newsletter: newsletter.slug, returnTo: '/newsletters/?done=confirmed' }, clientKey(request));
    return page(reply, 200, (ctx) => <ConfirmSubscriptionPage ctx={ctx} email={request.body.email.trim()} newsletter={newsletter.name} />);
  });

  app.get<{ Params: Static<typeof UnsubscribeParams> }>('/newsletters/unsubscribe/:token', { schema: { params: UnsubscribeParams } }, async (request, reply) =>
    page(reply, 200, (ctx) => <UnsubscribePage ctx={ctx} token={request.params.token} />),
  );

  // One click from the mail client (RFC 8058) or the page's button: no session, no CSRF token; the signed link decides.
  app.post<{ Params: Static<typeof UnsubscribeParams> }>('/newsletters/unsubscribe/:token', { schema: { params: UnsubscribeParams }, config: { oneClick: true } }, async (request, reply) => {
    const done = await options.newsletters.unsubscribeWithToken(request.params.token);
    if (!done) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return page(reply, 200, (ctx) => <UnsubscribePage ctx={ctx} token={request.params.token} done={done.newsletter.name} />);
  });

  app.get<{ Params: Static<typeof EditionParams> }>('/newsletters/:slug/:id/', { schema: { params: EditionParams } }, async (request, reply) => {
    const found = await options.newsletters.sentEdition(request.params.slug, Number(request.params.id));
    if (!found) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return page(reply, 200, (ctx) => <EditionPage ctx={ctx} newsletter={found.newsletter} edition={found.edition} />);
  });

  await planRoutes(app, { page, csrf, signedIn, member: (request) => request.member, plans: options.plans, subscriptions: options.subscriptions });

  app.get('/account/data.json', async (request, reply) => {
    const data = await members.exportData(signedIn(request));
    return reply.header('content-disposition', 'attachment; filename="my-account.json"').type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  app.post<{ Body: Static<typeof DeleteBody> }>('/account/delete', { schema: { body: DeleteBody } }, async (request, reply) => {
    const member = signedIn(request);
    if (request.body.confirm !== 'delete') return accountPage(request, reply, { kind: 'error', text: 'Tick the box to confirm that the account should be erased.' }, 422);
    await members.deleteAccount(member);
    clearSession(reply);
    return page(reply, 200, (ctx) => <DeletedPage ctx={ctx} />);
  });
}
