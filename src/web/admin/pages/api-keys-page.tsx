import type { ApiKey } from '../../../core/api/api-keys.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { ShownOnce, UseAndRevoke } from '../components/credential-parts.tsx';

/** Content API keys: who may read the API, from which browser origins, how fast; a new key is shown once. */
export function ApiKeysPage(props: { ctx: AdminContext; keys: readonly ApiKey[]; created?: { name: string; key: string } | undefined; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="API keys" active="api-keys" flash={props.flash}>
      <h1>API keys</h1>
      <p class="muted">
        Apps, partner sites and scripts read published content through the Content API (<a href="/api/docs/">reference</a>). Each gets its own key, its own
        limit and the browser origins allowed to use it.
      </p>
      {props.created ? (
        <ShownOnce title={`Key for ${props.created.name}`} note="Copy it now: it is shown only this once." id="new-key" value={props.created.key} />
      ) : null}
      <section class="panel">
        <h2>New key</h2>
        <form method="post" action="/admin/api-keys/" class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="k-name">Name</label>
            <input id="k-name" name="name" type="text" required maxlength={80} placeholder="News app (iOS)" />
          </div>
          <div>
            <label for="k-origins">Browser origins (one per line, optional)</label>
            <textarea id="k-origins" name="origins" rows={2} maxlength={4000} placeholder="https://partner.example.com" />
          </div>
          <div>
            <label for="k-rate">Requests per minute</label>
            <input id="k-rate" name="rate" type="number" min={1} max={100000} value="600" required />
          </div>
          <button type="submit" class="primary">
            Create key
          </button>
        </form>
      </section>
      {props.keys.length === 0 ? (
        <p>No keys yet.</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Origins</th>
                <th scope="col">Per minute</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.keys.map((k) => (
                <tr>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.origins.length > 0 ? k.origins.join(', ') : 'none (servers only)'}</td>
                  <td>{k.ratePerMinute}</td>
                  <td>{ctx.time.timestamp(k.createdAt)}</td>
                  <UseAndRevoke ctx={ctx} action="/admin/api-keys/revoke" id={k.id} name={k.name} lastUsedAt={k.lastUsedAt} revokedAt={k.revokedAt} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AdminLayout>
  );
}
