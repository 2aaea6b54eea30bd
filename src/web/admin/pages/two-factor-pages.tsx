import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

const CODE_INPUT = { type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9 ]{6,8}', maxlength: 8, required: true } as const;

/** The second step of a sign-in: the code from the authenticator app. */
export function CodePage(props: { ctx: AdminContext; ticket: string; next: string; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title="Enter your code" flash={props.flash}>
      <div class="narrow">
        <h1>Enter your code</h1>
        <p class="muted">Open your authenticator app and enter the 6-digit code it shows for this newsroom.</p>
        <form method="post" action="/admin/login/code" class="stack">
          <Csrf ctx={props.ctx} />
          <input type="hidden" name="ticket" value={props.ticket} />
          <input type="hidden" name="next" value={props.next} />
          <label for="code">Code</label>
          <input id="code" name="code" {...CODE_INPUT} />
          <button type="submit" class="primary">
            Continue
          </button>
        </form>
        <p>
          <a href="/admin/login">Start again</a>
        </p>
      </div>
    </AdminLayout>
  );
}

/** One's two-step sign-in: on or off, and the setup with its QR code. */
export function TwoFactorPage(props: { ctx: AdminContext; enabled: boolean; required: boolean; setup?: { secret: string; qrSvg: string } | undefined; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Two-step sign-in" flash={props.flash}>
      <div class="narrow">
        <h1>Two-step sign-in</h1>
        {props.required && !props.enabled ? (
          <p class="notice" role="alert">
            This newsroom requires admins to sign in with a code from an authenticator app. Set it up to continue.
          </p>
        ) : null}
        <p>
          Status: <strong id="two-factor-status">{props.enabled ? 'on' : 'off'}</strong>. With it on, signing in asks for your password and then a 6-digit code from an
          authenticator app on your phone (any app that reads TOTP QR codes).
        </p>
        {props.setup ? (
          <section class="panel">
            <h2>Scan this code with your app</h2>
            {/* Our own SVG, drawn from the otpauth:// address; no image request, no inline script or style. */}
            <div class="qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: props.setup.qrSvg }} />
            <p>
              Or type this key into the app: <code id="totp-secret">{props.setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
            </p>
            <form method="post" action="/admin/account/2fa/confirm" class="stack">
              <Csrf ctx={ctx} />
              <label for="confirm-code">Code from the app</label>
              <input id="confirm-code" name="code" {...CODE_INPUT} />
              <button type="submit" class="primary">
                Turn on two-step sign-in
              </button>
            </form>
          </section>
        ) : props.enabled ? (
          <form method="post" action="/admin/account/2fa/disable" class="stack">
            <Csrf ctx={ctx} />
            <label for="disable-code">Current code, to turn it off</label>
            <input id="disable-code" name="code" {...CODE_INPUT} />
            <button type="submit" class="danger">
              Turn off two-step sign-in
            </button>
          </form>
        ) : (
          <form method="post" action="/admin/account/2fa/begin">
            <Csrf ctx={ctx} />
            <button type="submit" class="primary">
              Set up two-step sign-in
            </button>
          </form>
        )}
        <p>
          <a href="/admin/account/">Back to your account</a>
        </p>
      </div>
    </AdminLayout>
  );
}
