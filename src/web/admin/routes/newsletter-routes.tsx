import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleCan } from '../../../core/access/roles.ts';
import { actorOf } from '../../../core/access/types.ts';
import { isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { NewsletterEditionsPage, NewslettersPage } from '../pages/newsletters-page.tsx';
import { form, FormText, IdParam, IdParams } from '../schemas.ts';

const CreateBody = form({ name: FormText(200), slug: FormText(100), description: Type.Optional(FormText(1000)), senderName: FormText(200), kind: FormText(20), scheduleAt: Type.Optional(FormText(10)), autoSend: Type.Optional(FormText(10)) });
const AlertBody = form({ article: IdParam, send: Type.Optional(Type.Literal('now')) });
const CsrfOnly = form({});

/** Newsletters in the newsroom: editors build and send editions and alerts; admins create newsletters. */
export async function newsletterRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);
  const failed = (err: unknown): Flash => {
    if (!isBroadsheetError(err) || err.status >= 500) throw err;
    return { kind: 'error', text: err.message };
  };
  const listPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) =>
    kit.page(reply, <NewslettersPage ctx={kit.context(request, reply)} newsletters={await kit.newsletters.list()} canCreate={roleCan(actor(request).role, 'newsletter:manage')} flash={flash} />, status);
  const editionsPage = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: Flash, status = 200) => {
    const { newsletter, editions } = await kit.newsletters.editions(actor(request), id);
    return kit.page(reply, <NewsletterEditionsPage ctx={kit.context(request, reply)} newsletter={newsletter} editions={editions} flash={flash} />, status);
  };

  app.get('/admin/newsletters/', async (request, reply) => listPage(request, reply));

  app.post<{ Body: Static<typeof CreateBody> }>('/admin/newsletters/', { schema: { body: CreateBody } }, async (request, reply) => {
    try {
      const { name, slug, senderName, kind, description = '', scheduleAt = '', autoSend } = request.body;
      await kit.newsletters.create(actor(request), { name, slug, senderName, kind, description, scheduleAt, autoSend: autoSend === 'on' });
      return listPage(request, reply, { kind: 'ok', text: `${request.body.name.trim()} is ready: readers can subscribe at /newsletters/.` });
    } catch (err) {
      return listPage(request, reply, failed(err), (err as { status: number }).status);
    }
  });

  app.get<{ Params: Static<typeof IdParams> }>('/admin/newsletters/:id/', { schema: { params: IdParams } }, async (request, reply) => editionsPage(request, reply, Number(request.params.id)));

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfOnly> }>('/admin/newsletters/:id/briefing', { schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
    await kit.newsletters.buildBriefing(actor(request), Number(request.params.id));
    return editionsPage(request, reply, Number(request.params.id), { kind: 'ok', text: 'Edition built: review it below, then send it.' });
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AlertBody> }>('/admin/newsletters/:id/alert', { schema: { params: IdParams, body: AlertBody } }, async (request, reply) => {
    const id = Number(request.params.id);
    try {
      const edition = await kit.newsletters.buildAlert(actor(request), id, Number(request.body.article));
      // From the article editor's button: out at once (it can only ever go once).
      if (request.body.send === 'now') {
        const recipients = await kit.newsletters.send(actor(request), edition);
        return editionsPage(request, reply, id, { kind: 'ok', text: `Alert sending to ${recipients} subscribers.` });
      }
      return editionsPage(request, reply, id, { kind: 'ok', text: 'Alert built: review it below, then send it.' });
    } catch (err) {
      return editionsPage(request, reply, id, failed(err), (err as { status: number }).status);
    }
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CsrfOnly> }>('/admin/newsletters/editions/:id/send', { schema: { params: IdParams, body: CsrfOnly } }, async (request, reply) => {
    const edition = Number(request.params.id);
    const recipients = await kit.newsletters.send(actor(request), edition);
    const newsletterId = (await kit.newsletters.editionOwner(edition)) ?? 0;
    return editionsPage(request, reply, newsletterId, { kind: 'ok', text: `Sending to ${recipients} subscribers.` });
  });
}
