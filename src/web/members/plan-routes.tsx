import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { Type, type Static } from 'typebox';
import { BroadsheetError, isBroadsheetError } from '../../core/errors.ts';
import { safeReturn } from '../../core/members/member-accounts.ts';
import type { Member } from '../../core/members/member-ports.ts';
import type { Plans } from '../../core/members/plans.ts';
import type { Subscriptions } from '../../core/members/subscriptions.ts';
import type { RenderContext } from '../reader/render-context.ts';
import { PlansPage } from './plan-pages.tsx';

/** What the plan routes borrow from the account plugin (its session, CSRF and page writer). */
export interface PlanRouteKit {
  page(reply: FastifyReply, status: number, view: (ctx: RenderContext) => VNode): Promise<FastifyReply>;
  csrf(request: FastifyRequest, reply: FastifyReply): string;
  signedIn(request: FastifyRequest): Member;
  member(request: FastifyRequest): Member | null;
  readonly plans: Plans;
  readonly subscriptions: Subscriptions;
}

const PlansQuery = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 600 })) });
const SubscribeBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    plan: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
    interval: Type.Union([Type.Literal('month'), Type.Literal('year')]),
    returnTo: Type.Optional(Type.String({ maxLength: 600 })),
  },
  { additionalProperties: false },
);
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

/**
 * The plans page, subscribing (to the provider's hosted checkout) and the billing portal, inside the
 * account plugin: same session, same CSRF, nothing cached.
 */
export async function planRoutes(app: FastifyInstance, kit: PlanRouteKit): Promise<void> {
  const plansPage = async (request: FastifyRequest, reply: FastifyReply, returnTo: string, status = 200, error?: string) => {
    const plans = await kit.plans.activePlans();
    const signedIn = kit.member(request) !== null;
    return kit.page(reply, status, (ctx) => (
      <PlansPage
        ctx={ctx}
        plans={plans}
        signedIn={signedIn}
        csrf={kit.csrf(request, reply)}
        returnTo={returnTo}
        payments={kit.subscriptions.configured}
        notice={error ? { kind: 'error', text: error } : undefined}
      />
    ));
  };

  app.get<{ Querystring: Static<typeof PlansQuery> }>('/account/plans/', { schema: { querystring: PlansQuery } }, async (request, reply) =>
    plansPage(request, reply, safeReturn(request.query.returnTo)),
  );

  app.post<{ Body: Static<typeof SubscribeBody> }>('/account/subscribe', { schema: { body: SubscribeBody } }, async (request, reply) => {
    const member = kit.signedIn(request);
    const returnTo = safeReturn(request.body.returnTo);
    const plan = await kit.plans.findPlan(request.body.plan);
    if (!plan) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    try {
      return reply.redirect(await kit.subscriptions.checkout(member, plan, request.body.interval, returnTo), 303);
    } catch (err) {
      if (isBroadsheetError(err) && err.status < 500 && err.code !== 'BS_ERR_NOT_FOUND') return plansPage(request, reply, returnTo, err.status, err.message);
      if (isBroadsheetError(err, 'BS_ERR_PAYMENTS_OFF')) return plansPage(request, reply, returnTo, 503, err.message);
      throw err;
    }
  });

  app.post<{ Body: Static<typeof CsrfBody> }>('/account/billing', { schema: { body: CsrfBody } }, async (request, reply) =>
    reply.redirect(await kit.subscriptions.portal(kit.signedIn(request)), 303),
  );
}
