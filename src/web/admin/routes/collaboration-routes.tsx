import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import type { AdminKit } from '../admin-kit.ts';
import { form, FormText, IdParams } from '../schemas.ts';

const HeartbeatBody = Type.Object({ takeover: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const NoteBody = form({ body: FormText(5000) });

/** Presence and the soft lock (the editor's heartbeat), and notes between writer and editor. */
export async function collaborationRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof HeartbeatBody> }>(
    '/admin/api/articles/:id/presence',
    { schema: { params: IdParams, body: HeartbeatBody } },
    async (request) => kit.newsroom.heartbeat(actorOf(kit.session(request).user), Number(request.params.id), request.body.takeover === true),
  );

  app.post<{ Params: Static<typeof IdParams> }>('/admin/api/articles/:id/leave', { schema: { params: IdParams } }, async (request, reply) => {
    await kit.newsroom.leaveArticle(actorOf(kit.session(request).user), Number(request.params.id));
    return reply.code(204).send();
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoteBody> }>('/admin/articles/:id/notes', { schema: { params: IdParams, body: NoteBody } }, async (request, reply) => {
    const id = Number(request.params.id);
    // An empty or over-long note is a 422 page naming the problem (the newsroom's error handler); nothing is written.
    await kit.newsroom.addNote(actorOf(kit.session(request).user), id, request.body.body);
    return reply.redirect(`/admin/articles/${id}/?done=note#notes`, 303);
  });
}
