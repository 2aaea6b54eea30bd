import { sanitizeBody } from '../../../core/content/sanitize.ts';
import { NEWSLETTER_KINDS, type Edition, type Newsletter } from '../../../core/newsletters/newsletter-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** The newsletters, their subscribers, and (admins) a new one. */
export function NewslettersPage(props: { ctx: AdminContext; newsletters: readonly (Newsletter & { subscribers: number })[]; canCreate: boolean; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Newsletters" active="newsletters" flash={props.flash}>
      <h1>Newsletters</h1>
      {props.newsletters.length === 0 ? (
        <p>No newsletters yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Newsletter</th>
                <th scope="col">Kind</th>
                <th scope="col">Subscribers</th>
              </tr>
            </thead>
            <tbody>
              {props.newsletters.map((n) => (
                <tr>
                  <td>
                    <a href={`/admin/newsletters/${n.id}/`}>{n.name}</a>
                  </td>
                  <td>{n.kind}</td>
                  <td>{n.subscribers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canCreate ? (
        <section class="panel">
          <h2>New newsletter</h2>
          <form method="post" action="/admin/newsletters/">
            <Csrf ctx={ctx} />
            <div class="field">
              <label for="n-name">Name</label>
              <input id="n-name" name="name" type="text" required maxlength={100} placeholder="Morning Briefing" />
            </div>
            <div class="field">
              <label for="n-slug">Address name</label>
              <input id="n-slug" name="slug" type="text" required maxlength={60} pattern="[a-z0-9-]+" placeholder="morning-briefing" />
            </div>
            <div class="field">
              <label for="n-description">Description</label>
              <input id="n-description" name="description" type="text" maxlength={500} />
            </div>
            <div class="field">
              <label for="n-sender">Sender name</label>
              <input id="n-sender" name="senderName" type="text" required maxlength={100} value={ctx.siteName} />
            </div>
            <div class="field">
              <label for="n-kind">Kind</label>
              <select id="n-kind" name="kind">
                {NEWSLETTER_KINDS.map((k) => (
                  <option value={k}>{k}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="n-time">Built daily at (briefings; edition's time zone, optional)</label>
              <input id="n-time" name="scheduleAt" type="time" />
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name="autoSend" value="on" /> Send it as soon as it is built, without review
              </label>
            </div>
            <button type="submit" class="primary">
              Create newsletter
            </button>
          </form>
        </section>
      ) : null}
    </AdminLayout>
  );
}

/** One newsletter: build an edition (briefing or alert), review it, send it; progress of each send. */
export function NewsletterEditionsPage(props: { ctx: AdminContext; newsletter: Newsletter; editions: readonly (Edition & { progress: { queued: number; sent: number; failed: number } })[]; flash?: Flash | undefined }) {
  const { ctx, newsletter } = props;
  return (
    <AdminLayout ctx={ctx} title={`Newsletter: ${newsletter.name}`} active="newsletters" flash={props.flash}>
      <p>
        <a href="/admin/newsletters/">All newsletters</a>
      </p>
      <h1>{newsletter.name}</h1>
      {newsletter.kind === 'alert' ? (
        <form method="post" action={`/admin/newsletters/${newsletter.id}/alert`} class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="alert-article">Article number</label>
            <input id="alert-article" name="article" type="text" inputmode="numeric" pattern="[1-9][0-9]*" required />
          </div>
          <button type="submit">Build the alert</button>
        </form>
      ) : (
        <form method="post" action={`/admin/newsletters/${newsletter.id}/briefing`}>
          <Csrf ctx={ctx} />
          <button type="submit">Build an edition from the front page</button>
        </form>
      )}
      <h2>Editions</h2>
      {props.editions.length === 0 ? <p>None yet.</p> : null}
      {props.editions.map((e) => (
        <section class="panel">
          <h3>{e.subject}</h3>
          <p class="muted">
            {e.state === 'draft'
              ? `Draft, built ${ctx.time.timestamp(e.createdAt)}`
              : `${e.state === 'sent' ? 'Sent' : 'Sending'}: ${e.progress.sent} of ${e.recipients} delivered${e.progress.failed ? `, ${e.progress.failed} bounced` : ''}`}
            {e.state !== 'draft' ? (
              <>
                {' · '}
                <a href={`/newsletters/${newsletter.slug}/${e.id}/`}>web version</a>
              </>
            ) : null}
          </p>
          {e.state === 'draft' ? (
            <>
              <div class="edition-preview" dangerouslySetInnerHTML={{ __html: sanitizeBody(e.html) }} />
              <form method="post" action={`/admin/newsletters/editions/${e.id}/send`}>
                <Csrf ctx={ctx} />
                <button type="submit" class="primary">
                  Send to every subscriber
                </button>
              </form>
            </>
          ) : null}
        </section>
      ))}
    </AdminLayout>
  );
}
