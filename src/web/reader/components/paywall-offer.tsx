import type { MeterRules } from '../../../core/members/paywall-rules.ts';
import type { Plan } from '../../../core/members/plan-ports.ts';
import type { RenderContext } from '../render-context.ts';

/** What a wall offers: the plans on sale and the meter in force. */
export interface PaywallOffer {
  readonly plans: readonly Plan[];
  readonly rules: MeterRules;
}

/** "¥980", "$9.99": a price in the currency's minor unit, written by Intl with the currency's own decimals. */
export function formatPrice(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

const articles = (n: number, kind: string) => `${n} ${kind} ${n === 1 ? 'article' : 'articles'}`;

/** One plan's name, prices and benefits (the wall, the plans page). */
export function PlanSummary(props: { plan: Plan }) {
  const p = props.plan;
  const benefits = p.benefits.split('\n').map((b) => b.trim()).filter(Boolean);
  return (
    <>
      <h3>{p.name}</h3>
      <p class="plan-price">
        {formatPrice(p.monthlyPrice, p.currency)} a month or {formatPrice(p.yearlyPrice, p.currency)} a year
      </p>
      {benefits.length > 0 ? (
        <ul class="plan-benefits">
          {benefits.map((b) => (
            <li>{b}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * The wall in place of a walled article's body: the sign-up form (register) or the plans (subscribe).
 * The page is cached and the same for every reader it is shown to, so it holds no per-reader token:
 * the sign-up form is checked by its Origin instead (web/members/account-plugin.tsx).
 */
export function PaywallWall(props: { ctx: RenderContext; kind: 'register' | 'subscribe'; offer: PaywallOffer; path: string; forSubscribers: boolean }) {
  const { kind, offer, path } = props;
  const plansHref = `/account/plans/?returnTo=${encodeURIComponent(path)}`;
  if (kind === 'subscribe') {
    return (
      <section class="paywall" aria-labelledby="paywall-title">
        <h2 id="paywall-title">This article is for subscribers</h2>
        {offer.rules.memberPerMonth > 0 ? <p>You have read the {articles(offer.rules.memberPerMonth, 'subscriber')} included with your free account this month.</p> : null}
        {offer.plans.length > 0 ? (
          <ul class="plan-list">
            {offer.plans.map((p) => (
              <li>
                <PlanSummary plan={p} />
              </li>
            ))}
          </ul>
        ) : null}
        <p>
          <a class="button" href={plansHref}>
            Subscribe
          </a>
        </p>
      </section>
    );
  }
  return (
    <section class="paywall" aria-labelledby="paywall-title">
      <h2 id="paywall-title">{props.forSubscribers ? 'This article is for subscribers' : 'Sign up free to read this article'}</h2>
      {offer.rules.anonymousPer30Days > 0 ? <p>You have read your {articles(offer.rules.anonymousPer30Days, 'free')} for now.</p> : null}
      <p>
        {props.forSubscribers
          ? 'Sign in or create a free account, then choose a plan.'
          : 'Enter your email address: we send you a link that signs you in, with no password to remember. New readers get a free account.'}
      </p>
      <form method="post" action="/account/signin" class="paywall-form">
        <input type="hidden" name="source" value="paywall" />
        <input type="hidden" name="returnTo" value={path} />
        <label for="paywall-email">Email address</label>
        <input type="email" id="paywall-email" name="email" required maxlength={320} autocomplete="email" />
        <button type="submit">Send me a sign-in link</button>
      </form>
      {props.forSubscribers && offer.plans.length > 0 ? (
        <p>
          <a href={plansHref}>See the plans</a>
        </p>
      ) : null}
    </section>
  );
}
