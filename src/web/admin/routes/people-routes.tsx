import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { AccountPage, AuditPage, UsersPage } from '../pages/people-pages.tsx';
import { form, FormText, IdParams } from '../schemas.ts';

const CreateBody = form({ email: FormText(300), name: FormText(500), role: FormText(20), title: Type.Optional(FormText(500)) });
const UpdateBody = form({ role: Type.Optional(FormText(20)), status: Type.Optional(FormText(20)), name: Type.Optional(FormText(500)) });
const PasswordBody = form({ email: Type.Optional(FormText(300)), current: FormText(1000), next: FormText(1000) });

/** Accounts (admins), the audit log, and one's own password. */
export async function peopleRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const usersPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) =>
    kit.page(reply, <UsersPage ctx={kit.context(request, reply)} users={await kit.newsroom.users(actorOf(kit.session(request).user))} flash={flash} />, status);

  const attempt = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<Flash>) => {
    try {
      return usersPage(request, reply, await work());
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      return usersPage(request, reply, { kind: 'error', text: err.message }, err.status);
    }
  };

  app.get('/admin/users/', async (request, reply) => usersPage(request, reply));

  app.post<{ Body: Static<typeof CreateBody> }>('/admin/users/', { schema: { body: CreateBody } }, async (request, reply) =>
    attempt(request, reply, async () => {
      const { user, link } = await kit.auth.createUser(kit.session(request).user, request.body);
      return { kind: 'ok', text: `Account created for ${user.name} (${user.role}). Give them this one-time link to set their password:`, link };
    }),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateBody> }>('/admin/users/:id', { schema: { params: IdParams, body: UpdateBody } }, async (request, reply) =>
    attempt(request, reply, async () => {
      const { _csrf: _ignored, ...patch } = request.body;
      const user = await kit.auth.updateUser(kit.session(request).user, Number(request.params.id), patch);
      return { kind: 'ok', text: `${user.name} is now ${user.role}, ${user.status}.` };
    }),
  );

  app.post<{ Params: Static<typeof IdParams> }>('/admin/users/:id/reset-link', { schema: { params: IdParams, body: form({}) } }, async (request, reply) =>
    attempt(request, reply, async () => ({
      kind: 'ok',
      text: 'A one-time link to set a new password (valid for an hour). Pass it on:',
      link: await kit.auth.adminResetLink(kit.session(request).user, Number(request.params.id)),
    })),
  );

  app.get('/admin/audit/', async (request, reply) => {
    const { entries, names } = await kit.newsroom.auditLog(actorOf(kit.session(request).user));
    return kit.page(reply, <AuditPage ctx={kit.context(request, reply)} entries={entries} names={names} />);
  });

  app.get('/admin/account/', async (request, reply) => kit.page(reply, <AccountPage ctx={kit.context(request, reply)} />));

  app.post<{ Body: Static<typeof PasswordBody> }>('/admin/account/password', { schema: { body: PasswordBody } }, async (request, reply) => {
    try {
      await kit.auth.changePassword(kit.session(request), request.body.current, request.body.next);
      return kit.page(reply, <AccountPage ctx={kit.context(request, reply)} flash={{ kind: 'ok', text: 'Password changed. Your other sessions were logged out.' }} />);
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      if (err.code === 'BS_ERR_AUTH_THROTTLED') reply.header('retry-after', String(err.params.seconds));
      return kit.page(reply, <AccountPage ctx={kit.context(request, reply)} flash={{ kind: 'error', text: err.code === 'BS_ERR_AUTH_FAILED' ? 'The current password is not right.' : err.message }} />, err.status);
    }
  });
}
