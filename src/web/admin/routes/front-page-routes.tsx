import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { BroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import { FrontPageScreen } from '../pages/front-page-page.tsx';
import { form, FormList, FormText, ids } from '../schemas.ts';

// Repeated fields are named with [] (one per story); the body keeps the names as sent.
const ArrangeBody = form({
  'ids[]': Type.Optional(FormList),
  'positions[]': Type.Optional(FormList),
  'remove[]': Type.Optional(FormList),
  add: Type.Optional(FormText(12)),
});
const DoneQuery = Type.Object({ saved: Type.Optional(Type.Literal('1')) });

/** The order the form asks for: by position number (ties keep their order), minus removed, plus the added one. */
function requestedOrder(body: Static<typeof ArrangeBody>): number[] {
  const list = ids(body['ids[]']);
  const removed = ids(body['remove[]']);
  const added = ids(body.add);
  const raw = body['positions[]'];
  const rawPositions = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
  const positions = rawPositions.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (!list || !removed || !added || positions.some(Number.isNaN)) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'a story or position is not a number' });
  const order = list
    .map((id, i) => ({ id, at: positions[i] ?? i + 1, i }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
    .map((x) => x.id)
    .filter((id) => !removed.includes(id));
  for (const id of added) if (!order.includes(id)) order.push(id);
  return order;
}

/** Editors arrange the home page's top stories. */
export async function frontPageRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.get<{ Querystring: Static<typeof DoneQuery> }>('/admin/front-page/', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    const [page, sections] = await Promise.all([kit.newsroom.frontPage(actor), kit.newsroom.sections()]);
    const flash = request.query.saved ? { kind: 'ok' as const, text: 'Saved: the home page shows the new order.' } : undefined;
    return kit.page(reply, <FrontPageScreen ctx={kit.context(request, reply)} sections={sections} page={page} flash={flash} />);
  });

  app.post<{ Body: Static<typeof ArrangeBody> }>('/admin/front-page/', { schema: { body: ArrangeBody } }, async (request, reply) => {
    const invalidates = await kit.newsroom.arrangeFrontPage(actorOf(kit.session(request).user), requestedOrder(request.body));
    await kit.applyInvalidations(invalidates);
    return reply.redirect('/admin/front-page/?saved=1', 303);
  });
}
