import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { BroadsheetError, isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { AccountPage, AuditPage, UsersPage } from '../pages/people-pages.tsx';
import { ProfilePage } from '../pages/profile-page.tsx';
import { form, FormText, IdParams, optionalId } from '../schemas.ts';

const CreateBody = form({ email: FormText(300), name: FormText(500), role: FormText(20), title: Type.Optional(FormText(500)) });
const UpdateBody = form({ role: Type.Optional(FormText(20)), status: Type.Optional(FormText(20)), name: Type.Optional(FormText(500)) });
const ProfileBody = form({ name: FormText(500), title: FormText(500), bio: FormText(5000), photoMediaId: FormText(12) });
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
      const { user, link, mailed } = await kit.auth.createUser(kit.session(request).user, request.body);
      return mailed
        ? { kind: 'ok', text: `Account created for ${user.name} (${user.role}). We emailed ${user.email} a link to set their password.` }
        : { kind: 'ok', text: `Account created for ${user.name} (${user.role}). Mail is not set up (BROADSHEET_SMTP_URL) or failed, so give them this one-time link yourself:`, link };
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
    attempt(request, reply, async () => {
      const { link, mailed, email } = await kit.auth.sendResetLink(kit.session(request).user, Number(request.params.id));
      return mailed
        ? { kind: 'ok', text: `We emailed ${email} a link to set a new password (valid for an hour).` }
        : { kind: 'ok', text: 'Mail is not set up or failed: pass on this one-time link to set a new password (valid for an hour):', link };
    }),
  );

  const profilePage = async (request: FastifyRequest, reply: FastifyReply, userId: number, flash?: Flash, values?: Record<string, string>, status = 200) => {
    const actor = actorOf(kit.session(request).user);
    const [profile, media] = await Promise.all([kit.newsroom.profile(actor, userId), kit.newsroom.listMedia('', 1, 60)]);
    return kit.page(reply, <ProfilePage ctx={kit.context(request, reply)} userId={userId} profile={profile} media={media.items} flash={flash} values={values} />, status);
  };

  app.get<{ Params: Static<typeof IdParams> }>('/admin/users/:id/profile', { schema: { params: IdParams } }, async (request, reply) => profilePage(request, reply, Number(request.params.id)));

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ProfileBody> }>('/admin/users/:id/profile', { schema: { params: IdParams, body: ProfileBody } }, async (request, reply) => {
    const userId = Number(request.params.id);
    const photo = optionalId(request.body.photoMediaId);
    try {
      if (photo === undefined) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'photo', detail: 'choose a photo from the list' });
      const keys = await kit.newsroom.editProfile(actorOf(kit.session(request).user), userId, { name: request.body.name, title: request.body.title, bio: request.body.bio, photoMediaId: photo });
      await kit.applyInvalidations(keys);
      return profilePage(request, reply, userId, { kind: 'ok', text: 'Profile saved; the author page and bylines show it now.' });
    } catch (err) {
      if (!isBroadsheetError(err, 'BS_ERR_CONTENT_INVALID')) throw err;
      return profilePage(request, reply, userId, { kind: 'error', text: err.message }, request.body, 422);
    }
  });

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
