import type { FastifyInstance } from 'fastify';
import { stringify } from 'csv-stringify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import type { Member } from '../../../core/members/member-ports.ts';
import type { AdminKit } from '../admin-kit.ts';
import { MembersPage } from '../pages/members-page.tsx';

const ListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })) }, { additionalProperties: false });
const PAGE_SIZE = 50;

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is kept as text. */
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Reader accounts (admins): the list and the CSV export. */
export async function memberRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>('/admin/members/', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const page = Number(request.query.page ?? 1);
    const query = request.query.q ?? '';
    const { items, total, sources, plans } = await kit.memberDirectory.list(actorOf(kit.session(request).user), query, page, PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return kit.page(reply, <MembersPage ctx={kit.context(request, reply)} members={items} plans={plans} total={total} page={page} pages={pages} query={query} sources={sources} />);
  });

  app.get('/admin/members.csv', async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    const members = kit.memberDirectory.all(actor);
    const csv = stringify({ header: true, columns: ['email', 'signed_up_at', 'source', 'source_detail', 'last_seen_at', 'plans'] });
    void (async () => {
      try {
        let batch: Member[] = [];
        const flush = async () => {
          const plans = await kit.memberDirectory.plansOf(actor, batch.map((m) => m.id));
          for (const m of batch) {
            const row = [inert(m.email), new Date(m.createdAt).toISOString(), m.source, inert(m.sourceDetail), m.lastSeenAt === null ? '' : new Date(m.lastSeenAt).toISOString(), inert((plans.get(m.id) ?? []).join('; '))];
            if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
          }
          batch = [];
        };
        for await (const m of members) {
          batch.push(m);
          if (batch.length >= 500) await flush();
        }
        await flush();
        csv.end();
      } catch (err) {
        csv.destroy(err as Error);
      }
    })();
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="members.csv"').send(csv);
  });
}
