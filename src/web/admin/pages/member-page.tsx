import type { Member } from '../../../core/members/member-ports.ts';
import type { MemberPlan, Plan } from '../../../core/members/plan-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

type HeldPlan = MemberPlan & { readonly planName: string; readonly current: boolean };

/** One member (admins): where they came from, their plans, and complimentary access. */
export function MemberPage(props: { ctx: AdminContext; member: Member; held: readonly HeldPlan[]; plans: readonly Plan[]; canGrant: boolean; flash?: Flash | undefined }) {
  const { ctx, member } = props;
  return (
    <AdminLayout ctx={ctx} title={member.email} active="members" flash={props.flash}>
      <p>
        <a href="/admin/members/">Members</a>
      </p>
      <h1>{member.email}</h1>
      <p>
        Signed up {ctx.time.timestamp(member.createdAt)} from {member.source}
        {member.sourceDetail ? ` (${member.sourceDetail})` : ''}.
      </p>
      <section class="panel" aria-labelledby="held-title">
        <h2 id="held-title">Plans</h2>
        {props.held.length === 0 ? <p>No plan: a free account.</p> : null}
        <ul class="plain">
          {props.held.map((h) => (
            <li>
              <strong>{h.planName}</strong> · {h.source === 'complimentary' ? 'complimentary' : `Stripe ${h.stripeSubscription ?? ''}`} · {h.status}
              {h.endsAt !== null ? ` · ${h.current ? 'until' : 'ended'} ${ctx.time.timestamp(h.endsAt)}` : ''}
              {h.note ? <span class="muted"> · {h.note}</span> : null}
              {props.canGrant && h.source === 'complimentary' && h.current ? (
                <form method="post" action={`/admin/members/${member.id}/plans/${h.id}/revoke`} class="inline">
                  <Csrf ctx={ctx} />
                  <button type="submit">End now</button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {props.canGrant && props.plans.length > 0 ? (
        <section class="panel" aria-labelledby="grant-title">
          <h2 id="grant-title">Give complimentary access</h2>
          <form method="post" action={`/admin/members/${member.id}/grant`} class="stack">
            <Csrf ctx={ctx} />
            <label for="grant-plan">Plan</label>
            <select id="grant-plan" name="plan" required>
              {props.plans.map((p) => (
                <option value={p.slug}>{p.name}</option>
              ))}
            </select>
            <label for="grant-until">Until (the end of this day, {ctx.time.zoneLabel(ctx.now)})</label>
            <input id="grant-until" name="until" type="date" required />
            <label for="grant-note">Why (kept in the audit log)</label>
            <input id="grant-note" name="note" maxlength={500} />
            <button type="submit">Give access</button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}
