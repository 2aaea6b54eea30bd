import { PASSWORD_LIMITS } from '../../../core/access/passwords.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

export function LoginPage(props: { ctx: AdminContext; next: string; email?: string; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title="Log in" flash={props.flash}>
      <div class="narrow">
        <h1>Log in to the newsroom</h1>
        <form method="post" action="/admin/login" class="stack">
          <Csrf ctx={props.ctx} />
          <input type="hidden" name="next" value={props.next} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} value={props.email ?? ''} />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={PASSWORD_LIMITS.max} />
          <button type="submit" class="primary">
            Log in
          </button>
        </form>
        <p>
          <a href="/admin/reset">Forgot your password?</a>
        </p>
      </div>
    </AdminLayout>
  );
}

/** Setting a password from an invitation or a reset link. */
export function SetPasswordPage(props: { ctx: AdminContext; action: string; email: string; heading: string; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title={props.heading} flash={props.flash}>
      <div class="narrow">
        <h1>{props.heading}</h1>
        <p>
          For <strong>{props.email}</strong>. Use at least {PASSWORD_LIMITS.min} characters; a few unrelated words make a
          password that is long and easy to remember.
        </p>
        <form method="post" action={props.action} class="stack">
          <Csrf ctx={props.ctx} />
          <input type="hidden" name="email" value={props.email} autocomplete="username" />
          <label for="password">New password</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={PASSWORD_LIMITS.min} maxlength={PASSWORD_LIMITS.max} />
          <button type="submit" class="primary">
            Set password
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export function ResetRequestPage(props: { ctx: AdminContext; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title="Reset your password" flash={props.flash}>
      <div class="narrow">
        <h1>Reset your password</h1>
        <p>Enter the email of your newsroom account. If it exists, a one-time link to set a new password is sent to it.</p>
        <form method="post" action="/admin/reset" class="stack">
          <Csrf ctx={props.ctx} />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} />
          <button type="submit" class="primary">
            Send the link
          </button>
        </form>
        <p>
          <a href="/admin/login">Back to log in</a>
        </p>
      </div>
    </AdminLayout>
  );
}

/** A page with only a message: errors, "link expired", "forbidden". */
export function MessagePage(props: { ctx: AdminContext; title: string; text: string; code?: string; status?: number }) {
  return (
    <AdminLayout ctx={props.ctx} title={props.title}>
      <div class="narrow">
        <h1>{props.title}</h1>
        <p>{props.text}</p>
        {props.code ? (
          <p class="muted">
            Error code: <code>{props.code}</code>
          </p>
        ) : null}
        <p>
          <a href={props.ctx.user ? '/admin/' : '/admin/login'}>{props.ctx.user ? 'Back to the newsroom' : 'Log in'}</a>
        </p>
      </div>
    </AdminLayout>
  );
}
