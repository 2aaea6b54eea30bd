import { sanitizeBody } from '../../core/content/sanitize.ts';
import type { Edition, Newsletter } from '../../core/newsletters/newsletter-ports.ts';
import { Layout } from '../reader/components/layout.tsx';
import type { RenderContext } from '../reader/render-context.ts';

const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** Every newsletter, with a sign-up form (double opt-in by mail). */
export function NewslettersPage(props: { ctx: RenderContext; csrf: string; newsletters: readonly Newsletter[]; notice?: string | undefined; email?: string }) {
  return (
    <Layout ctx={props.ctx} title="Newsletters" description="Our newsletters, by email." canonicalPath="/newsletters/">
      <article class="account">
        <h1>Newsletters</h1>
        {props.notice ? (
          <p class="notice notice-ok" role="status">
            {props.notice}
          </p>
        ) : null}
        {props.newsletters.length === 0 ? <p>No newsletters yet.</p> : null}
        {props.newsletters.map((n) => (
          <section>
            <h2>{n.name}</h2>
            {n.description ? <p>{n.description}</p> : null}
            <form method="post" action={`/newsletters/${n.slug}/subscribe`} class="account-form">
              <Csrf token={props.csrf} />
              <label for={`nl-${n.slug}`}>Email address</label>
              <input id={`nl-${n.slug}`} name="email" type="email" required maxLength={254} autocomplete="email" value={props.email ?? ''} />
              <button type="submit">Subscribe to {n.name}</button>
            </form>
          </section>
        ))}
        <p>
          Signed in? Choose newsletters on <a href="/account/">your account page</a>. Every mail has a one-click unsubscribe link. We do not track opens.
        </p>
      </article>
    </Layout>
  );
}

export function ConfirmSubscriptionPage(props: { ctx: RenderContext; email: string; newsletter: string }) {
  return (
    <Layout ctx={props.ctx} title="Check your email" description="Confirm your subscription." noindex>
      <article class="account">
        <h1>Check your email</h1>
        <p>
          To start receiving {props.newsletter}, follow the link we sent to <strong>{props.email}</strong>. It works once, for 30 minutes; nothing is sent until you do.
        </p>
      </article>
    </Layout>
  );
}

export function UnsubscribePage(props: { ctx: RenderContext; token: string; done?: string | undefined }) {
  return (
    <Layout ctx={props.ctx} title="Unsubscribe" description="Stop a newsletter." noindex>
      <article class="account">
        {props.done ? (
          <>
            <h1>You are unsubscribed</h1>
            <p>You will get no more mail from {props.done}.</p>
          </>
        ) : (
          <>
            <h1>Unsubscribe</h1>
            <form method="post" action={`/newsletters/unsubscribe/${props.token}`} class="account-form">
              <button type="submit">Unsubscribe</button>
            </form>
          </>
        )}
      </article>
    </Layout>
  );
}

/** An edition's web version: the same content as the mail. */
export function EditionPage(props: { ctx: RenderContext; newsletter: Newsletter; edition: Edition }) {
  return (
    <Layout ctx={props.ctx} title={props.edition.subject} description={`${props.newsletter.name}: ${props.edition.subject}`} canonicalPath={`/newsletters/${props.newsletter.slug}/${props.edition.id}/`}>
      <article class="account edition" dangerouslySetInnerHTML={{ __html: sanitizeBody(props.edition.html) }} />
    </Layout>
  );
}
