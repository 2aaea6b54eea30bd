import type { Member } from '../../core/members/member-ports.ts';
import type { Newsletter } from '../../core/newsletters/newsletter-ports.ts';
import { Layout } from '../reader/components/layout.tsx';
import { PlanSection, type AccountPlan } from './plan-pages.tsx';
import { Csrf, NoticeBox, type Notice } from './form-parts.tsx';
import type { RenderContext } from '../reader/render-context.ts';

export type { Notice };

/** Sign in or create an account: one address, one emailed link. */
export function SignInPage(props: { ctx: RenderContext; csrf: string; returnTo: string; source: string; notice?: Notice | undefined; email?: string }) {
  return (
    <Layout ctx={props.ctx} title="Sign in" description="Sign in or create a free account with your email address." noindex>
      <article class="account">
        <h1>Sign in or create an account</h1>
        <NoticeBox notice={props.notice} />
        <p>Enter your email address and we will send you a link. No password needed; the same link creates your account if you are new.</p>
        <form method="post" action="/account/signin" class="account-form">
          <Csrf token={props.csrf} />
          <input type="hidden" name="returnTo" value={props.returnTo} />
          <input type="hidden" name="source" value={props.source} />
          <label for="member-email">Email address</label>
          <input id="member-email" name="email" type="email" required maxLength={254} autocomplete="email" value={props.email ?? ''} />
          <button type="submit">Email me a link</button>
        </form>
      </article>
    </Layout>
  );
}

/** The same page whether or not the address has an account. */
export function CheckMailPage(props: { ctx: RenderContext; email: string }) {
  return (
    <Layout ctx={props.ctx} title="Check your email" description="We sent you a link." noindex>
      <article class="account">
        <h1>Check your email</h1>
        <p>
          If <strong>{props.email}</strong> can receive mail, a link is on its way. It works once, for 30 minutes.
        </p>
        <p>
          <a href="/account/">Use another address</a>
        </p>
      </article>
    </Layout>
  );
}

/** A link from a mail is confirmed with a button, so mail scanners that open links do not use it up. */
export function ConfirmLinkPage(props: { ctx: RenderContext; csrf: string; token: string }) {
  return (
    <Layout ctx={props.ctx} title="Continue" description="Finish signing in." noindex>
      <article class="account">
        <h1>Continue to your account</h1>
        <form method="post" action={`/account/link/${props.token}`} class="account-form">
          <Csrf token={props.csrf} />
          <button type="submit">Continue</button>
        </form>
      </article>
    </Layout>
  );
}

export function LinkGonePage(props: { ctx: RenderContext }) {
  return (
    <Layout ctx={props.ctx} title="Link expired" description="Ask for a new link." noindex>
      <article class="account">
        <h1>This link has been used or has expired</h1>
        <p>
          Links work once, for 30 minutes. <a href="/account/">Ask for a new one</a>.
        </p>
      </article>
    </Layout>
  );
}

/** The signed-in reader's account: address, sessions, their data, and leaving. */
export function AccountPage(props: {
  ctx: RenderContext;
  csrf: string;
  member: Member;
  notice?: Notice | undefined;
  newsletters: readonly Newsletter[];
  subscribed: readonly number[];
  plans: readonly AccountPlan[];
  billing: boolean;
}) {
  const { ctx, member } = props;
  return (
    <Layout ctx={ctx} title="Your account" description="Your reader account." noindex>
      <article class="account">
        <h1>Your account</h1>
        <NoticeBox notice={props.notice} />
        <p>
          Signed in as <strong>{member.email}</strong>, a reader since {ctx.time.date(member.createdAt)}.
        </p>
        <PlanSection ctx={ctx} csrf={props.csrf} plans={props.plans} billing={props.billing} />
        {props.newsletters.length > 0 ? (
          <section>
            <h2>Newsletters</h2>
            <form method="post" action="/account/newsletters" class="account-form">
              <Csrf token={props.csrf} />
              {props.newsletters.map((n) => (
                <label class="check">
                  <input type="checkbox" name="newsletters[]" value={String(n.id)} checked={props.subscribed.includes(n.id)} /> {n.name}
                </label>
              ))}
              <button type="submit">Save newsletter choices</button>
            </form>
          </section>
        ) : null}
        <section>
          <h2>Email address</h2>
          <form method="post" action="/account/email" class="account-form">
            <Csrf token={props.csrf} />
            <label for="new-email">New address</label>
            <input id="new-email" name="email" type="email" required maxLength={254} autocomplete="email" />
            <button type="submit">Send a confirmation link</button>
          </form>
        </section>
        <section>
          <h2>Signing out</h2>
          <div class="account-actions">
            <form method="post" action="/account/signout">
              <Csrf token={props.csrf} />
              <button type="submit">Sign out</button>
            </form>
            <form method="post" action="/account/signout-everywhere">
              <Csrf token={props.csrf} />
              <button type="submit">Sign out on every device</button>
            </form>
          </div>
        </section>
        <section>
          <h2>Your data</h2>
          <p>
            <a href="/account/data.json" download>
              Download everything we hold about you (JSON)
            </a>
          </p>
          <form method="post" action="/account/delete" class="account-form">
            <Csrf token={props.csrf} />
            <label class="check">
              <input type="checkbox" name="confirm" value="delete" required /> I want my account and everything in it erased now
            </label>
            <button type="submit" class="danger">
              Delete my account
            </button>
          </form>
        </section>
      </article>
    </Layout>
  );
}

export function DeletedPage(props: { ctx: RenderContext }) {
  return (
    <Layout ctx={props.ctx} title="Account deleted" description="Your account is gone." noindex>
      <article class="account">
        <h1>Your account has been deleted</h1>
        <p>Your address and everything tied to it were erased. You are signed out on every device.</p>
        <p>
          <a href="/">Back to the front page</a>
        </p>
      </article>
    </Layout>
  );
}
