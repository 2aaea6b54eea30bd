import type { Member } from '../../../core/members/member-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout } from '../components/admin-layout.tsx';
import { Pagination } from '../components/pagination.tsx';

/** Reader accounts for admins: how many came from where, a search by address, and the CSV export. */
export function MembersPage(props: { ctx: AdminContext; members: readonly Member[]; plans: ReadonlyMap<number, readonly string[]>; total: number; page: number; pages: number; query: string; sources: readonly { source: string; members: number }[] }) {
  const { ctx } = props;
  const link = (page: number) => `/admin/members/?${new URLSearchParams({ ...(props.query ? { q: props.query } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;
  return (
    <AdminLayout ctx={ctx} title="Members" active="members">
      <h1>Members</h1>
      <p class="muted">Readers with an account on the site. Only admins see this page; no member data appears on any public page or API.</p>
      <p>
        {props.total} {props.total === 1 ? 'member' : 'members'}
        {props.sources.length > 0 ? ` · signed up from ${props.sources.map((s) => `${s.source}: ${s.members}`).join(', ')}` : ''} · <a href="/admin/members.csv">Export CSV</a>
      </p>
      <form method="get" action="/admin/members/" class="filters" role="search">
        <div>
          <label for="m-q">Address contains</label>
          <input id="m-q" name="q" type="search" maxlength={200} value={props.query} />
        </div>
        <button type="submit">Find</button>
      </form>
      {props.members.length === 0 ? (
        <p>No members{props.query ? ' match' : ' yet'}.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Signed up</th>
                <th scope="col">From</th>
                <th scope="col">Plan</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <td>
                    <a href={`/admin/members/${m.id}/`}>{m.email}</a>
                  </td>
                  <td>{ctx.time.timestamp(m.createdAt)}</td>
                  <td>
                    {m.source}
                    {m.sourceDetail ? <span class="muted"> {m.sourceDetail}</span> : null}
                  </td>
                  <td>{(props.plans.get(m.id) ?? []).join(', ') || <span class="muted">free</span>}</td>
                  <td>{m.lastSeenAt === null ? '' : ctx.time.timestamp(m.lastSeenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={props.page} pages={props.pages} link={link} />
    </AdminLayout>
  );
}
