import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { TokenPurpose } from '../../../core/access/account-ports.ts';
import type { AdminKit } from '../admin-kit.ts';
import { SESSION_COOKIE } from '../cookies.ts';
import { LoginPage, MessagePage, ResetRequestPage, SetPasswordPage } from '../pages/auth-pages.tsx';
import { CodePage } from '../pages/two-factor-pages.tsx';
import { form, FormText, safeNext } from '../schemas.ts';

const LoginBody = form({ email: FormText(300), password: FormText(1000), next: Type.Optional(FormText(500)) });
const PasswordBody = form({ email: Type.Optional(FormText(300)), password: FormText(1000) });
const ResetBody = form({ email: FormText(300) });
const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$' }) });
const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) });

/** Login, logout, invitation and password-reset links. */
export async function authRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.get<{ Querystring: Static<typeof NextQuery> }>('/admin/login', { schema: { querystring: NextQuery } }, async (request, reply) => {
    if (request.adminSession) return reply.redirect(safeNext(request.query.next), 303);
    return kit.page(reply, <LoginPage ctx={kit.context(request, reply)} next={safeNext(request.query.next)} />);
  });

  app.post<{ Body: Static<typeof LoginBody> }>('/admin/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const { email, password } = request.body;
    try {
      const result = await kit.auth.login({ email, password, clientKey: kit.clientKey(request) });
      if (result.ticket !== undefined) {
        return kit.page(reply, <CodePage ctx={kit.context(request, reply)} ticket={result.ticket} next={safeNext(request.body.next)} />);
      }
      const token = result.token;
      // A new session on every login: a session id planted before login is never the one used after.
      await kit.auth.logout(request.cookies[SESSION_COOKIE]);
      kit.setSessionCookie(request, reply, token);
      return reply.redirect(safeNext(request.body.next), 303);
    } catch (err) {
      if (!isBroadsheetError(err) || (err.code !== 'BS_ERR_AUTH_FAILED' && err.code !== 'BS_ERR_AUTH_THROTTLED')) throw err;
      if (err.code === 'BS_ERR_AUTH_THROTTLED') reply.header('retry-after', String(err.params.seconds));
      return kit.page(
        reply,
        <LoginPage ctx={kit.context(request, reply)} next={safeNext(request.body.next)} email={email.slice(0, 254)} flash={{ kind: 'error', text: err.message }} />,
        err.status,
      );
    }
  });

  app.post('/admin/logout', async (request, reply) => {
    await kit.auth.logout(request.cookies[SESSION_COOKIE]);
    kit.clearSessionCookie(request, reply);
    return reply.redirect('/admin/login', 303);
  });

  const linkPage = (purpose: TokenPurpose) => {
    const base = purpose === 'invite' ? '/admin/setup' : '/admin/reset';
    const heading = purpose === 'invite' ? 'Set your password' : 'Choose a new password';
    app.get<{ Params: Static<typeof TokenParams> }>(`${base}/:token`, { schema: { params: TokenParams } }, async (request, reply) => {
      const user = await kit.auth.checkLink(request.params.token, purpose);
      const ctx = kit.context(request, reply);
      if (!user) {
        return kit.page(reply, <MessagePage ctx={ctx} title="Link not valid" text="This link was used already or has expired. Ask an admin for a new one." code="BS_ERR_AUTH_TOKEN_INVALID" />, 400);
      }
      return kit.page(reply, <SetPasswordPage ctx={ctx} action={`${base}/${request.params.token}`} email={user.email} heading={heading} />);
    });
    app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof PasswordBody> }>(
      `${base}/:token`,
      { schema: { params: TokenParams, body: PasswordBody } },
      async (request, reply) => {
        try {
          await kit.auth.setPasswordWithLink(request.params.token, purpose, request.body.password);
        } catch (err) {
          if (!isBroadsheetError(err, 'BS_ERR_AUTH_PASSWORD_WEAK')) throw err;
          const user = await kit.auth.checkLink(request.params.token, purpose);
          return kit.page(
            reply,
            <SetPasswordPage ctx={kit.context(request, reply)} action={`${base}/${request.params.token}`} email={user?.email ?? ''} heading={heading} flash={{ kind: 'error', text: err.message }} />,
            422,
          );
        }
        return kit.page(reply, <LoginPage ctx={kit.context(request, reply)} next="/admin/" flash={{ kind: 'ok', text: 'Your password is set. Log in with it now.' }} />);
      },
    );
  };
  linkPage('invite');
  linkPage('reset');

  app.get('/admin/reset', async (request, reply) => kit.page(reply, <ResetRequestPage ctx={kit.context(request, reply)} />));
  app.post<{ Body: Static<typeof ResetBody> }>('/admin/reset', { schema: { body: ResetBody } }, async (request, reply) => {
    await kit.auth.requestReset(request.body.email, kit.clientKey(request));
    return kit.page(
      reply,
      <ResetRequestPage ctx={kit.context(request, reply)} flash={{ kind: 'ok', text: 'If that is a newsroom account, a link to set a new password is on its way to it. It works for one hour.' }} />,
    );
  });
}
