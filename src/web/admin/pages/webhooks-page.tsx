import { WEBHOOK_EVENTS, type WebhookDelivery, type WebhookSubscription } from '../../../core/webhooks/webhook-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { ShownOnce } from '../components/credential-parts.tsx';

/** Webhook subscriptions (admins): where events go, and a form for a new one. */
export function WebhooksPage(props: { ctx: AdminContext; subscriptions: readonly WebhookSubscription[]; created?: { name: string; secret: string } | undefined; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Webhooks" active="webhooks" flash={props.flash}>
      <h1>Webhooks</h1>
      <p class="muted">
        When an article is published, updated, corrected or unpublished, or a page changes, Broadsheet sends a signed POST to each address subscribed to that event, and
        retries for a day if it fails. How to check the signature: docs/api.md.
      </p>
      {props.created ? (
        <ShownOnce
          title={`Signing secret for ${props.created.name}`}
          note="Give it to the receiving app; it checks each delivery's Broadsheet-Signature with it. It stays visible on the webhook's page."
          id="new-secret"
          value={props.created.secret}
        />
      ) : null}
      <section class="panel">
        <h2>New webhook</h2>
        <form method="post" action="/admin/webhooks/">
          <Csrf ctx={ctx} />
          <div class="field">
            <label for="w-name">Name</label>
            <input id="w-name" name="name" type="text" required maxlength={80} placeholder="Partner syndication" />
          </div>
          <div class="field">
            <label for="w-url">Address</label>
            <input id="w-url" name="url" type="url" required maxlength={2000} placeholder="https://partner.example.com/hooks/broadsheet" />
          </div>
          <fieldset class="field">
            <legend>Events</legend>
            {WEBHOOK_EVENTS.map((e) => (
              <label class="check">
                <input type="checkbox" name="events[]" value={e} checked={e.startsWith('article.')} /> <code>{e}</code>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary">
            Add webhook
          </button>
        </form>
      </section>
      {props.subscriptions.length === 0 ? (
        <p>No webhooks yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {props.subscriptions.map((s) => (
                <tr>
                  <td>
                    <a href={`/admin/webhooks/${s.id}/`}>{s.name}</a>
                  </td>
                  <td>
                    <code>{s.url}</code>
                  </td>
                  <td>{s.events.join(', ')}</td>
                  <td>{s.active ? 'active' : 'paused'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}

/** One webhook: its secret, pause/resume/delete, and the delivery log with "Redeliver". */
export function WebhookLogPage(props: { ctx: AdminContext; subscription: WebhookSubscription; deliveries: readonly WebhookDelivery[]; flash?: Flash | undefined }) {
  const { ctx, subscription: s } = props;
  const when = (ms: number | null) => (ms === null ? '' : ctx.time.timestamp(ms));
  return (
    <AdminLayout ctx={ctx} title={`Webhook: ${s.name}`} active="webhooks" flash={props.flash}>
      <p>
        <a href="/admin/webhooks/">All webhooks</a>
      </p>
      <h1>{s.name}</h1>
      <p>
        <code>{s.url}</code> · {s.events.join(', ')} · {s.active ? 'active' : 'paused'}
      </p>
      <details>
        <summary>Signing secret</summary>
        <code>{s.secret}</code>
      </details>
      <div class="actions">
        <form method="post" action={`/admin/webhooks/${s.id}/${s.active ? 'pause' : 'resume'}`}>
          <Csrf ctx={ctx} />
          <button type="submit">{s.active ? 'Pause' : 'Resume'}</button>
        </form>
        <form method="post" action={`/admin/webhooks/${s.id}/delete`}>
          <Csrf ctx={ctx} />
          <button type="submit" class="danger">
            Delete webhook
          </button>
        </form>
      </div>
      <h2>Deliveries</h2>
      {props.deliveries.length === 0 ? (
        <p>Nothing sent yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Event</th>
                <th scope="col">State</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next try</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr>
                  <td>{when(d.createdAt)}</td>
                  <td>
                    <code>{d.eventType}</code> {d.subject} <span class="muted">evt_{d.eventId}</span>
                  </td>
                  <td>{d.state}</td>
                  <td>{d.attempts}</td>
                  <td>
                    {d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ''} {d.lastError ?? ''} {d.lastAttemptAt !== null ? <span class="muted">({when(d.lastAttemptAt)})</span> : null}
                  </td>
                  <td>{d.state === 'pending' ? when(d.nextAttemptAt) : ''}</td>
                  <td>
                    <form method="post" action={`/admin/webhooks/deliveries/${d.id}/redeliver`}>
                      <Csrf ctx={ctx} />
                      <button type="submit">Redeliver evt_{d.eventId}</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}
