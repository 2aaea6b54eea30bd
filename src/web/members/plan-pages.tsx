import type { Plan } from '../../core/members/plan-ports.ts';
import { Layout } from '../reader/components/layout.tsx';
import { PlanSummary } from '../reader/components/paywall-offer.tsx';
import type { RenderContext } from '../reader/render-context.ts';
import { Csrf, NoticeBox, type Notice } from './form-parts.tsx';

/** A plan a member holds, as their account page lists it. */
export interface AccountPlan {
  readonly planName: string;
  readonly source: 'stripe' | 'complimentary';
  readonly status: string;
  readonly endsAt: number | null;
  readonly current: boolean;
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  active: 'active',
  trialing: 'in its trial',
  past_due: 'active, but the last payment failed: update your card',
  canceled: 'ended',
  unpaid: 'stopped: payment failed',
  incomplete: 'waiting for the first payment',
  incomplete_expired: 'not started',
  paused: 'paused',
};

/** The account page's "Your plan": what the member has, and where to change it. */
export function PlanSection(props: { ctx: RenderContext; csrf: string; plans: readonly AccountPlan[]; billing: boolean }) {
  const current = props.plans.filter((p) => p.current);
  return (
    <section>
      <h2>Your plan</h2>
      {current.length === 0 ? (
        <p>
          A free account. <a href="/account/plans/">See the plans</a> to read every article.
        </p>
      ) : (
        <ul class="plan-held">
          {current.map((p) => (
            <li>
              <strong>{p.planName}</strong>
              {p.source === 'complimentary'
                ? `: complimentary${p.endsAt !== null ? `, until ${props.ctx.time.date(p.endsAt)}` : ''}`
                : `: ${STATUS_WORDS[p.status] ?? p.status}`}
            </li>
          ))}
        </ul>
      )}
      {props.billing ? (
        <form method="post" action="/account/billing" class="account-form">
          <Csrf token={props.csrf} />
          <button type="submit">Manage billing, cards and invoices</button>
        </form>
      ) : null}
    </section>
  );
}

/** The plans on offer, with a subscribe button per billing period for a signed-in reader. */
export function PlansPage(props: {
  ctx: RenderContext;
  plans: readonly Plan[];
  signedIn: boolean;
  csrf: string;
  returnTo: string;
  payments: boolean;
  notice?: Notice | undefined;
}) {
  const { ctx, plans } = props;
  return (
    <Layout ctx={ctx} title="Plans" description="Subscribe to read every article." noindex>
      <article class="account">
        <h1>Plans</h1>
        <NoticeBox notice={props.notice} />
        {plans.length === 0 ? <p>There are no plans on offer yet.</p> : null}
        {!props.payments && plans.length > 0 ? <p>Subscriptions open soon: payments are not set up on this site yet.</p> : null}
        <ul class="plan-list">
          {plans.map((p) => (
            <li>
              <PlanSummary plan={p} />
              {props.signedIn && props.payments ? (
                <div class="account-actions">
                  {(['month', 'year'] as const)
                    .filter((interval) => (interval === 'month' ? p.stripeMonthlyPrice : p.stripeYearlyPrice) !== '')
                    .map((interval) => (
                      <form method="post" action="/account/subscribe">
                        <Csrf token={props.csrf} />
                        <input type="hidden" name="plan" value={p.slug} />
                        <input type="hidden" name="interval" value={interval} />
                        <input type="hidden" name="returnTo" value={props.returnTo} />
                        <button type="submit">
                          Subscribe {interval === 'month' ? 'monthly' : 'yearly'}
                          <span class="visually-hidden"> to {p.name}</span>
                        </button>
                      </form>
                    ))}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {!props.signedIn ? (
          <p>
            <a href={`/account/?returnTo=${encodeURIComponent(`/account/plans/?returnTo=${encodeURIComponent(props.returnTo)}`)}`}>Sign in or create a free account</a> to subscribe.
          </p>
        ) : null}
      </article>
    </Layout>
  );
}
