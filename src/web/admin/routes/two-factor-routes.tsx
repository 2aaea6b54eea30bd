import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Type, type Static } from 'typebox';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { TwoFactorSetup } from '../../../core/access/two-factor.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { SESSION_COOKIE } from '../cookies.ts';
import { CodePage, TwoFactorPage } from '../pages/two-factor-pages.tsx';
import { form, FormText, safeNext } from '../schemas.ts';

const CodeBody = form({ code: FormText(20) });
const LoginCodeBody = form({ ticket: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }), code: FormText(20), next: Type.Optional(FormText(500)) });
const RequiredQuery = Type.Object({ required: Type.Optional(Type.Literal('1')) });

/** The second step of sign-in, and turning two-step sign-in on and off for one's own account. */
export async function twoFactorRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.post<{ Body: Static<typeof LoginCodeBody> }>('/admin/login/code', { schema: { body: LoginCodeBody } }, async (request, reply) => {
    const next = safeNext(request.body.next);
    try {
      const { token } = await kit.twoFactor.completeLogin({ ticket: request.body.ticket, code: request.body.code, clientKey: kit.clientKey(request) });
      await kit.auth.logout(request.cookies[SESSION_COOKIE]);
      kit.setSessionCookie(request, reply, token);
      return reply.redirect(next, 303);
    } catch (err) {
      if (!isBroadsheetError(err) || !['BS_ERR_AUTH_CODE', 'BS_ERR_AUTH_THROTTLED'].includes(err.code)) throw err;
      if (err.code === 'BS_ERR_AUTH_THROTTLED') reply.header('retry-after', String(err.params.seconds));
      return kit.page(reply, <CodePage ctx={kit.context(request, reply)} ticket={request.body.ticket} next={next} flash={{ kind: 'error', text: err.message }} />, err.status);
    }
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, setup?: TwoFactorSetup, flash?: Flash, status = 200) => {
    const user = kit.session(request).user;
    const shown = setup ?? (user.twoFactor ? undefined : await kit.twoFactor.pending(user));
    const qrSvg = shown ? await QRCode.toString(shown.uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : undefined;
    const required = kit.requireAdmin2fa && user.role === 'admin';
    return kit.page(
      reply,
      <TwoFactorPage ctx={kit.context(request, reply)} enabled={user.twoFactor === true} required={required} setup={shown && qrSvg ? { secret: shown.secret, qrSvg } : undefined} flash={flash} />,
      status,
    );
  };

  app.get<{ Querystring: Static<typeof RequiredQuery> }>('/admin/account/2fa', { schema: { querystring: RequiredQuery } }, async (request, reply) => show(request, reply));

  app.post('/admin/account/2fa/begin', { schema: { body: form({}) } }, async (request, reply) => show(request, reply, await kit.twoFactor.begin(kit.session(request).user)));

  for (const [path, verb] of [['confirm', 'on'], ['disable', 'off']] as const) {
    app.post<{ Body: Static<typeof CodeBody> }>(`/admin/account/2fa/${path}`, { schema: { body: CodeBody } }, async (request, reply) => {
      const user = kit.session(request).user;
      try {
        if (path === 'confirm') await kit.twoFactor.confirm(user, request.body.code);
        else await kit.twoFactor.disable(user, request.body.code);
      } catch (err) {
        if (!isBroadsheetError(err, 'BS_ERR_AUTH_CODE')) throw err;
        return show(request, reply, undefined, { kind: 'error', text: err.message }, err.status);
      }
      // The session's user was read before the change; read it again for the page.
      request.adminSession = (await kit.auth.authenticate(request.cookies[SESSION_COOKIE])) ?? null;
      return show(request, reply, undefined, { kind: 'ok', text: `Two-step sign-in is ${verb}.` });
    });
  }
}
