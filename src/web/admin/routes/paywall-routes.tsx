import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleCan } from '../../../core/access/roles.ts';
import { actorOf } from '../../../core/access/types.ts';
import { BroadsheetError, isBroadsheetError } from '../../../core/errors.ts';
import type { PlanInput } from '../../../core/members/plan-ports.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { MemberPage } from '../pages/member-page.tsx';
import { PlansAdminPage } from '../pages/plans-page.tsx';
import { form, FormText, IdParam, IdParams } from '../schemas.ts';

const Whole = Type.String({ pattern: '^[0-9]{1,12}$' });
const PlanBody = form({
  name: FormText(200),
  slug: FormText(100),
  currency: FormText(10),
  monthlyPrice: Whole,
  yearlyPrice: Whole,
  stripeMonthlyPrice: Type.Optional(FormText(300)),
  stripeYearlyPrice: Type.Optional(FormText(300)),
  benefits: Type.Optional(FormText(4000)),
  active: Type.Optional(Type.Literal('1')),
});
const MeterBody = form({ anonymousPer30Days: Whole, memberPerMonth: Whole });
const AccessBody = form({ access: Type.Union([Type.Literal('public'), Type.Literal('members'), Type.Literal('paid')]) });
const GrantBody = form({ plan: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }), until: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), note: Type.Optional(FormText(600)) });
const RevokeParams = Type.Object({ id: IdParam, grant: IdParam });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

const DONE: Readonly<Record<string, string>> = {
  saved: 'Plan saved.',
  meter: 'Meter saved: walled pages show it now.',
  granted: 'Complimentary access given.',
  revoked: 'Complimentary access ended.',
};

function planInput(body: Static<typeof PlanBody>): PlanInput {
  return {
    name: body.name, slug: body.slug.trim(), currency: body.currency.trim().toLowerCase(), monthlyPrice: Number(body.monthlyPrice), yearlyPrice: Number(body.yearlyPrice),
    stripeMonthlyPrice: (body.stripeMonthlyPrice ?? '').trim(), stripeYearlyPrice: (body.stripeYearlyPrice ?? '').trim(), benefits: body.benefits ?? '', active: body.active === '1',
  };
}

/** Plans, the meter, complimentary access (admins), and who may read an article (editors). */
export async function paywallRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);

  const plansPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) => {
    const [plans, rules, counts] = await Promise.all([kit.plans.listPlans(), kit.plans.meterRules(), kit.plans.planCounts(actor(request))]);
    return kit.page(reply, <PlansAdminPage ctx={kit.context(request, reply)} plans={plans} rules={rules} counts={counts} flash={flash} />, status);
  };
  /** A refused form shows the page again with the reason; nothing was written. */
  const refused = (err: unknown): Flash => {
    if (!isBroadsheetError(err) || err.status >= 500 || err.status === 403) throw err;
    return { kind: 'error', text: err.message };
  };

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AccessBody> }>('/admin/articles/:id/access', { schema: { params: IdParams, body: AccessBody } }, async (request, reply) => {
    const id = Number(request.params.id);
    await kit.applyInvalidations(await kit.newsroom.setReadingAccess(actor(request), id, request.body.access));
    return reply.redirect(`/admin/articles/${id}/?done=access`, 303);
  });

  app.get<{ Querystring: Static<typeof DoneQuery> }>('/admin/plans/', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const done = request.query.done ? DONE[request.query.done] : undefined;
    return plansPage(request, reply, done ? { kind: 'ok', text: done } : undefined);
  });

  app.post<{ Body: Static<typeof PlanBody> }>('/admin/plans/', { schema: { body: PlanBody } }, async (request, reply) => {
    try {
      await kit.applyInvalidations((await kit.plans.savePlan(actor(request), planInput(request.body))).keys);
    } catch (err) {
      return plansPage(request, reply, refused(err), (err as BroadsheetError).status);
    }
    return reply.redirect('/admin/plans/?done=saved', 303);
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PlanBody> }>('/admin/plans/:id', { schema: { params: IdParams, body: PlanBody } }, async (request, reply) => {
    try {
      await kit.applyInvalidations((await kit.plans.savePlan(actor(request), planInput(request.body), Number(request.params.id))).keys);
    } catch (err) {
      return plansPage(request, reply, refused(err), (err as BroadsheetError).status);
    }
    return reply.redirect('/admin/plans/?done=saved', 303);
  });

  app.post<{ Body: Static<typeof MeterBody> }>('/admin/plans/meter', { schema: { body: MeterBody } }, async (request, reply) => {
    const rules = { anonymousPer30Days: Number(request.body.anonymousPer30Days), memberPerMonth: Number(request.body.memberPerMonth) };
    try {
      await kit.applyInvalidations(await kit.plans.setMeterRules(actor(request), rules));
    } catch (err) {
      return plansPage(request, reply, refused(err), (err as BroadsheetError).status);
    }
    return reply.redirect('/admin/plans/?done=meter', 303);
  });

  const memberPage = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: Flash, status = 200) => {
    const who = actor(request);
    const member = await kit.memberDirectory.find(who, id);
    if (!member) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const canGrant = roleCan(who.role, 'plan:manage');
    const [held, plans] = await Promise.all([canGrant ? kit.plans.memberPlansFor(who, id) : [], kit.plans.listPlans()]);
    return kit.page(reply, <MemberPage ctx={kit.context(request, reply)} member={member} held={held} plans={plans.filter((p) => p.active)} canGrant={canGrant} flash={flash} />, status);
  };

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof DoneQuery> }>('/admin/members/:id/', { schema: { params: IdParams, querystring: DoneQuery } }, async (request, reply) => {
    const done = request.query.done ? DONE[request.query.done] : undefined;
    return memberPage(request, reply, Number(request.params.id), done ? { kind: 'ok', text: done } : undefined);
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof GrantBody> }>('/admin/members/:id/grant', { schema: { params: IdParams, body: GrantBody } }, async (request, reply) => {
    const id = Number(request.params.id);
    // The end of the chosen day in the edition's zone: the start of the next day there.
    const [y, m, d] = request.body.until.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    const endsAt = kit.time.parseLocal(`${next}T00:00`) ?? Number.NaN;
    try {
      await kit.plans.grant(actor(request), { memberId: id, planSlug: request.body.plan, endsAt, note: request.body.note ?? '' });
    } catch (err) {
      if (isBroadsheetError(err, 'BS_ERR_NOT_FOUND')) throw err;
      return memberPage(request, reply, id, refused(err), (err as BroadsheetError).status);
    }
    return reply.redirect(`/admin/members/${id}/?done=granted`, 303);
  });

  app.post<{ Params: Static<typeof RevokeParams> }>('/admin/members/:id/plans/:grant/revoke', { schema: { params: RevokeParams } }, async (request, reply) => {
    await kit.plans.revoke(actor(request), Number(request.params.id), Number(request.params.grant));
    return reply.redirect(`/admin/members/${request.params.id}/?done=revoked`, 303);
  });
}
