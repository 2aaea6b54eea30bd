import type { Permission } from '../../../core/access/roles.ts';
import type { AccessToken } from '../../../core/api/access-token-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { ShownOnce, UseAndRevoke } from '../components/credential-parts.tsx';

/** Admin API tokens: each user's own, and (admins) integration tokens for machine clients. A new token is shown once. */
export function ApiTokensPage(props: {
  ctx: AdminContext;
  tokens: readonly AccessToken[];
  permissions: readonly Permission[];
  canIntegrate: boolean;
  created?: { name: string; token: string } | undefined;
  flash?: Flash | undefined;
}) {
  const { ctx } = props;
  const now = ctx.now;
  return (
    <AdminLayout ctx={ctx} title="API tokens" active="tokens" flash={props.flash}>
      <h1>API tokens</h1>
      <p class="muted">
        A token lets a script or an app use the Admin API (<a href="/api/docs/">reference</a>) as you, with only the permissions you tick. It expires, you can revoke it,
        and it is shown once.
      </p>
      {props.created ? (
        <ShownOnce title={`Token for ${props.created.name}`} note="Copy it now: it is shown only this once." id="new-token" value={props.created.token} />
      ) : null}
      <section class="panel">
        <h2>New token</h2>
        <form method="post" action="/admin/tokens/">
          <Csrf ctx={ctx} />
          <div class="field">
            <label for="t-name">Name</label>
            <input id="t-name" name="name" type="text" required maxlength={80} placeholder="Election results script" />
          </div>
          {props.canIntegrate ? (
            <fieldset class="field">
              <legend>For</legend>
              <label>
                <input type="radio" name="kind" value="personal" checked /> me (a personal token)
              </label>
              <label>
                <input type="radio" name="kind" value="integration" /> a machine client, such as a wire feed (an integration token, owned by you)
              </label>
            </fieldset>
          ) : (
            <input type="hidden" name="kind" value="personal" />
          )}
          <fieldset class="field">
            <legend>Permissions</legend>
            {props.permissions.map((p) => (
              <label class="check">
                <input type="checkbox" name="scopes[]" value={p} /> <code>{p}</code>
              </label>
            ))}
          </fieldset>
          <div class="field">
            <label for="t-days">Expires after</label>
            <select id="t-days" name="days">
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="90" selected>
                90 days
              </option>
              <option value="365">a year</option>
            </select>
          </div>
          <button type="submit" class="primary">
            Create token
          </button>
        </form>
      </section>
      {props.tokens.length === 0 ? (
        <p>No tokens yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Token</th>
                <th scope="col">Permissions</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.tokens.map((t) => (
                <tr>
                  <td>{t.name}</td>
                  <td>{t.kind}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.scopes.join(', ')}</td>
                  <td>{t.expiresAt <= now ? `Expired ${ctx.time.timestamp(t.expiresAt)}` : ctx.time.timestamp(t.expiresAt)}</td>
                  <UseAndRevoke ctx={ctx} action="/admin/tokens/revoke" id={t.id} name={t.name} lastUsedAt={t.lastUsedAt} revokedAt={t.revokedAt} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}
