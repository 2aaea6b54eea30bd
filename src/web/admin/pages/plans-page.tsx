import type { MeterRules } from '../../../core/members/paywall-rules.ts';
import { METER_MAX } from '../../../core/members/paywall-rules.ts';
import type { Plan } from '../../../core/members/plan-ports.ts';
import { formatPrice } from '../../reader/components/paywall-offer.tsx';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** The fields of one plan, empty for a new one. */
function PlanFields(props: { plan?: Plan; prefix: string }) {
  const p = props.plan;
  const id = (name: string) => `${props.prefix}-${name}`;
  return (
    <div class="form-grid">
      <div>
        <label for={id('name')}>Name</label>
        <input id={id('name')} name="name" required maxlength={80} value={p?.name ?? ''} />
      </div>
      <div>
        <label for={id('slug')}>Address name</label>
        <input id={id('slug')} name="slug" required maxlength={60} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={p?.slug ?? ''} />
      </div>
      <div>
        <label for={id('currency')}>Currency</label>
        <input id={id('currency')} name="currency" required maxlength={3} pattern="[a-z]{3}" value={p?.currency ?? 'jpy'} aria-describedby="currency-hint" />
      </div>
      <div>
        <label for={id('monthly')}>Monthly price</label>
        <input id={id('monthly')} name="monthlyPrice" type="number" min={0} required value={p ? String(p.monthlyPrice) : ''} aria-describedby="price-hint" />
      </div>
      <div>
        <label for={id('yearly')}>Yearly price</label>
        <input id={id('yearly')} name="yearlyPrice" type="number" min={0} required value={p ? String(p.yearlyPrice) : ''} aria-describedby="price-hint" />
      </div>
      <div>
        <label for={id('stripe-monthly')}>Stripe monthly price id</label>
        <input id={id('stripe-monthly')} name="stripeMonthlyPrice" maxlength={210} pattern="(price_[A-Za-z0-9]+)?" value={p?.stripeMonthlyPrice ?? ''} />
      </div>
      <div>
        <label for={id('stripe-yearly')}>Stripe yearly price id</label>
        <input id={id('stripe-yearly')} name="stripeYearlyPrice" maxlength={210} pattern="(price_[A-Za-z0-9]+)?" value={p?.stripeYearlyPrice ?? ''} />
      </div>
      <div class="wide">
        <label for={id('benefits')}>Benefits, one a line</label>
        <textarea id={id('benefits')} name="benefits" rows={3} maxlength={2000}>
          {p?.benefits ?? ''}
        </textarea>
      </div>
      <label class="check">
        <input type="checkbox" name="active" value="1" checked={p ? p.active : true} /> On offer
      </label>
    </div>
  );
}

/** Plans, prices and the meter (admins). */
export function PlansAdminPage(props: { ctx: AdminContext; plans: readonly Plan[]; rules: MeterRules; counts: readonly { plan: string; members: number }[]; flash?: Flash | undefined }) {
  const { ctx, rules } = props;
  return (
    <AdminLayout ctx={ctx} title="Plans & paywall" active="plans" flash={props.flash}>
      <h1>Plans &amp; paywall</h1>
      <p class="muted">
        Editors mark an article for everyone, for members or for subscribers in its editor. Readers without access get the article’s headline, dek and photo with
        an offer; the body is never sent to them.
      </p>
      <p id="price-hint" class="muted small">
        Prices are in the currency’s smallest unit: 980 in jpy is ¥980; 999 in usd is $9.99.
      </p>
      <p id="currency-hint" class="muted small">
        Three-letter ISO code, lower case (jpy, usd, eur).
      </p>
      <section class="panel" aria-labelledby="meter-title">
        <h2 id="meter-title">Meter</h2>
        <form method="post" action="/admin/plans/meter" class="stack">
          <Csrf ctx={ctx} />
          <label for="meter-anonymous">Free reads of walled articles for a browser without an account, per 30 days</label>
          <input id="meter-anonymous" name="anonymousPer30Days" type="number" min={0} max={METER_MAX} required value={String(rules.anonymousPer30Days)} />
          <label for="meter-member">Free reads of subscriber articles for a member without a plan, per calendar month</label>
          <input id="meter-member" name="memberPerMonth" type="number" min={0} max={METER_MAX} required value={String(rules.memberPerMonth)} />
          <p class="muted small">0 means the wall comes at once.</p>
          <button type="submit">Save the meter</button>
        </form>
      </section>
      <section class="panel" aria-labelledby="plans-title">
        <h2 id="plans-title">Plans</h2>
        {props.counts.length > 0 ? <p>Members with a plan now: {props.counts.map((c) => `${c.plan}: ${c.members}`).join(', ')}.</p> : null}
        {props.plans.length === 0 ? <p>No plans yet.</p> : null}
        {props.plans.map((p) => (
          <details class="plan-edit">
            <summary>
              <strong>{p.name}</strong> · {formatPrice(p.monthlyPrice, p.currency)} a month, {formatPrice(p.yearlyPrice, p.currency)} a year{p.active ? '' : ' · not on offer'}
            </summary>
            <form method="post" action={`/admin/plans/${p.id}`} class="stack">
              <Csrf ctx={ctx} />
              <PlanFields plan={p} prefix={`plan-${p.id}`} />
              <button type="submit">Save {p.name}</button>
            </form>
          </details>
        ))}
      </section>
      <section class="panel" aria-labelledby="new-plan-title">
        <h2 id="new-plan-title">New plan</h2>
        <form method="post" action="/admin/plans/" class="stack">
          <Csrf ctx={ctx} />
          <PlanFields prefix="new-plan" />
          <button type="submit">Add the plan</button>
        </form>
      </section>
    </AdminLayout>
  );
}
