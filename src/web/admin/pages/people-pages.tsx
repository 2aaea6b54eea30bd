import { PASSWORD_LIMITS } from '../../../core/access/passwords.ts';
import { ROLES } from '../../../core/access/roles.ts';
import type { User } from '../../../core/access/types.ts';
import type { AuditEntry } from '../../../core/ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

const ROLE_HELP: Readonly<Record<string, string>> = {
  contributor: 'writes drafts and submits them for review',
  writer: 'publishes their own articles',
  editor: 'edits and publishes any article; manages sections, tags and series',
  admin: 'everything, and manages accounts',
};

export function UsersPage(props: { ctx: AdminContext; users: readonly User[]; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Users" active="users" flash={props.flash} wide>
      <h1>Users</h1>
      <section class="panel">
        <h2>Add a user</h2>
        <p class="muted">We email them a one-time link to set their password (valid for 3 days). Where mail is not set up, the link is shown here to pass on.</p>
        <form method="post" action="/admin/users/" class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="new-email">Email</label>
            <input id="new-email" name="email" type="email" required maxlength={254} />
          </div>
          <div>
            <label for="new-name">Name</label>
            <input type="text" id="new-name" name="name" required maxlength={100} />
          </div>
          <div>
            <label for="new-title">Byline title</label>
            <input type="text" id="new-title" name="title" maxlength={100} placeholder="Staff Writer" />
          </div>
          <div>
            <label for="new-role">Role</label>
            <select id="new-role" name="role">
              {ROLES.map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="primary">
            Add user
          </button>
        </form>
        <ul class="muted small">
          {ROLES.map((r) => (
            <li>
              <strong>{r}</strong>: {ROLE_HELP[r]}
            </li>
          ))}
        </ul>
      </section>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role and status</th>
            <th scope="col">Password</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((u) => (
            <tr class={u.status === 'disabled' ? 'disabled' : undefined}>
              <td>
                <a href={`/admin/users/${u.id}/profile`}>{u.name}</a>
              </td>
              <td>{u.email}</td>
              <td>
                <form method="post" action={`/admin/users/${u.id}`} class="inline-edit">
                  <Csrf ctx={ctx} />
                  <label for={`role-${u.id}`} class="visually-hidden">
                    Role of {u.name}
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {ROLES.map((r) => (
                      <option value={r} selected={u.role === r}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <label for={`status-${u.id}`} class="visually-hidden">
                    Status of {u.name}
                  </label>
                  <select id={`status-${u.id}`} name="status">
                    <option value="active" selected={u.status === 'active'}>
                      active
                    </option>
                    <option value="disabled" selected={u.status === 'disabled'}>
                      disabled
                    </option>
                  </select>
                  <button type="submit">Change</button>
                </form>
              </td>
              <td>
                <form method="post" action={`/admin/users/${u.id}/reset-link`} class="inline-form">
                  <Csrf ctx={ctx} />
                  <button type="submit">Send a reset link</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export function AuditPage(props: { ctx: AdminContext; entries: readonly (AuditEntry & { id: number })[]; names: ReadonlyMap<number, string> }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Audit log" active="audit" wide>
      <h1>Audit log</h1>
      <p class="muted">The most recent 200 entries: logins, account changes, publishing, uploads.</p>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Target</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{ctx.time.timestamp(e.at)}</td>
              <td>{e.userId === null ? '—' : (props.names.get(e.userId) ?? `#${e.userId}`)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.target}</td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

export function AccountPage(props: { ctx: AdminContext; flash?: Flash | undefined }) {
  const { ctx } = props;
  const user = ctx.user as User;
  return (
    <AdminLayout ctx={ctx} title="Your account" flash={props.flash}>
      <div class="narrow">
        <h1>Your account</h1>
        <dl class="facts">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
        </dl>
        <p>
          <a href={`/admin/users/${user.id}/profile`}>Edit your profile</a> (name, byline title, biography, portrait)
        </p>
        <p>
          <a href="/admin/account/2fa">Two-step sign-in</a>: {user.twoFactor ? 'on' : 'off'}
        </p>
        <h2>Change your password</h2>
        <p class="muted">Your other sessions (other browsers and devices) are logged out.</p>
        <form method="post" action="/admin/account/password" class="stack">
          <Csrf ctx={ctx} />
          <input type="hidden" name="email" value={user.email} autocomplete="username" />
          <label for="current">Current password</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required maxlength={PASSWORD_LIMITS.max} />
          <label for="next">New password</label>
          <input id="next" name="next" type="password" autocomplete="new-password" required minlength={PASSWORD_LIMITS.min} maxlength={PASSWORD_LIMITS.max} />
          <button type="submit" class="primary">
            Change password
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}
