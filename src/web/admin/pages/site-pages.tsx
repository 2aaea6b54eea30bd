import type { ListPage } from '../../../core/content/types.ts';
import { MAX_MENU_ITEMS } from '../../../core/pages/menus.ts';
import type { MenuItem, MenuName, PageRevision, Redirect, SiteMenus, StaticPage } from '../../../core/pages/page-ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { Pagination } from '../components/pagination.tsx';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** Static pages: the list, and a form to start one. */
export function PagesListPage(props: { ctx: AdminContext; pages: readonly StaticPage[]; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Pages" active="pages" flash={props.flash}>
      <div class="page-head">
        <h1>Pages</h1>
        <span>
          <a class="button" href="/admin/menus/">
            Edit the menus
          </a>{' '}
          <a class="button" href="/admin/redirects/">
            Redirects
          </a>
        </span>
      </div>
      <p class="muted">About, Contact, Privacy, Terms, the corrections policy, the masthead: pages at /pages/…/, linked from the menus.</p>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Address</th>
              <th scope="col">Status</th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {props.pages.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/pages/${p.id}/`}>{p.title}</a>
                </td>
                <td>{p.status === 'published' ? <a href={`/pages/${p.slug}/`}>/pages/{p.slug}/</a> : `/pages/${p.slug}/`}</td>
                <td>
                  <span class={`badge status-${p.status}`}>{p.status === 'published' ? 'Published' : 'Draft'}</span>
                </td>
                <td>{ctx.time.timestamp(p.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="panel">
        <h2>New page</h2>
        <form method="post" action="/admin/pages/" class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="np-title">Title</label>
            <input id="np-title" name="title" type="text" required maxlength={200} />
          </div>
          <div>
            <label for="np-slug">Address (/pages/…/)</label>
            <input id="np-slug" name="slug" type="text" required maxlength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" />
          </div>
          <button type="submit" class="primary">
            Create page
          </button>
        </form>
      </section>
    </AdminLayout>
  );
}

/** A static page in the article editor's body format, with its revisions. */
export function PageEditorPage(props: { ctx: AdminContext; page: StaticPage; revisions: ListPage<PageRevision>; names: ReadonlyMap<number, string>; flash?: Flash | undefined }) {
  const { ctx, page } = props;
  return (
    <AdminLayout ctx={ctx} title={`Page: ${page.title}`} active="pages" flash={props.flash} scripts={[ctx.assets.pageEditor]} wide>
      <div class="page-head">
        <h1>Page: {page.title}</h1>
        {page.status === 'published' ? (
          <a class="button" href={`/pages/${page.slug}/`} id="live-link">
            View the page
          </a>
        ) : null}
      </div>
      <div class="editor-grid">
        <form method="post" action={`/admin/pages/${page.id}/`} id="page-form" class="editor-main" data-raw-html="true">
          <Csrf ctx={ctx} />
          <input type="hidden" name="version" value={String(page.version)} />
          <fieldset>
            <legend class="visually-hidden">Page</legend>
            <div class="field">
              <label for="title">Title</label>
              <input id="title" name="title" type="text" required maxlength={200} value={page.title} class="headline-input" />
            </div>
            <div class="field">
              <label for="slug">Address</label>
              <p class="hint" id="slug-hint">
                /pages/<strong>{page.slug}</strong>/
              </p>
              <input id="slug" name="slug" type="text" required maxlength={80} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={page.slug} aria-describedby="slug-hint" />
            </div>
            <div class="field">
              <label for="bodyHtml">Body</label>
              <div id="body-editor" class="body-editor" hidden />
              <textarea id="bodyHtml" name="bodyHtml" rows={18} class="body-source">
                {page.bodyHtml}
              </textarea>
            </div>
            <fieldset class="group">
              <legend>Status</legend>
              <div class="radio">
                <input type="radio" id="status-draft" name="status" value="draft" checked={page.status === 'draft'} />
                <label for="status-draft">Draft: not on the site</label>
              </div>
              <div class="radio">
                <input type="radio" id="status-published" name="status" value="published" checked={page.status === 'published'} />
                <label for="status-published">Published at /pages/{page.slug}/</label>
              </div>
            </fieldset>
            <div class="actions">
              <button type="submit" class="primary">
                Save page
              </button>
            </div>
          </fieldset>
        </form>
        <aside class="editor-side" aria-label="Revisions">
          <section class="panel">
            <h2>Revisions</h2>
            <ol class="plain">
              {props.revisions.items.map((r) => (
                <li>
                  Version {r.version}, {ctx.time.timestamp(r.createdAt)}
                  {r.userId !== null ? `, ${props.names.get(r.userId) ?? `#${r.userId}`}` : ''}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
    </AdminLayout>
  );
}

const MENU_LABEL: Readonly<Record<MenuName, string>> = { header: 'Header navigation', footer: 'Footer links' };

/** The header and footer menus: rows of label and address; empty rows are dropped on save. */
export function MenusPage(props: { ctx: AdminContext; menus: SiteMenus; defaults: Readonly<Record<MenuName, readonly MenuItem[]>>; flash?: Flash | undefined }) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Menus" active="pages" flash={props.flash}>
      <h1>Menus</h1>
      <p class="muted">Links on every page. Addresses are paths on this site (/pages/about/, /politics/) or https:// addresses elsewhere.</p>
      {(['header', 'footer'] as const).map((name) => {
        const items = props.menus[name] ?? props.defaults[name];
        const rows = [...items, ...Array.from({ length: Math.max(3, MAX_MENU_ITEMS - items.length > 3 ? 3 : MAX_MENU_ITEMS - items.length) }, () => ({ label: '', href: '' }))].slice(0, MAX_MENU_ITEMS);
        return (
          <section class="panel" aria-labelledby={`menu-${name}-title`}>
            <h2 id={`menu-${name}-title`}>{MENU_LABEL[name]}</h2>
            {props.menus[name] === undefined ? <p class="muted small">Not edited yet: it shows the sections.</p> : null}
            <form method="post" action={`/admin/menus/${name}`} class="menu-form" data-menu={name}>
              <Csrf ctx={ctx} />
              <ol class="menu-rows">
                {rows.map((item, i) => (
                  <li class="menu-row">
                    <label>
                      <span class="visually-hidden">
                        {MENU_LABEL[name]}, link {i + 1}: label
                      </span>
                      <input type="text" name="label[]" value={item.label} maxlength={60} placeholder="Label" />
                    </label>
                    <label>
                      <span class="visually-hidden">
                        {MENU_LABEL[name]}, link {i + 1}: address
                      </span>
                      <input type="text" name="href[]" value={item.href} maxlength={500} placeholder="/pages/about/" />
                    </label>
                  </li>
                ))}
              </ol>
              <button type="submit" class="primary">
                Save {MENU_LABEL[name].toLowerCase()}
              </button>
            </form>
          </section>
        );
      })}
    </AdminLayout>
  );
}

/** Redirects from old addresses (an imported archive's, a moved page's) to where the content lives now. */
export function RedirectsPage(props: { ctx: AdminContext; list: ListPage<Redirect> & { page: number; pages: number }; query: string; flash?: Flash | undefined }) {
  const { ctx, list, query } = props;
  const link = (page: number) => `/admin/redirects/?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(page) }).toString()}`;
  return (
    <AdminLayout ctx={ctx} title="Redirects" active="pages" flash={props.flash}>
      <h1>Redirects</h1>
      <p class="muted">An old address answers with a permanent redirect (301) to the new one, so links and search results keep working. They apply only where there is no page.</p>
      <section class="panel">
        <h2>Add a redirect</h2>
        <form method="post" action="/admin/redirects/" class="filters">
          <Csrf ctx={ctx} />
          <div>
            <label for="r-from">Old address</label>
            <input id="r-from" name="from" type="text" required maxlength={500} placeholder="/2019/05/harbour-lights/" />
          </div>
          <div>
            <label for="r-to">New address</label>
            <input id="r-to" name="to" type="text" required maxlength={500} placeholder="/society/general-news/20190512-42/" />
          </div>
          <button type="submit" class="primary">
            Add redirect
          </button>
        </form>
      </section>
      <form method="get" action="/admin/redirects/" class="filters" role="search">
        <div>
          <label for="r-q">Find a redirect (old or new address)</label>
          <input id="r-q" name="q" type="search" maxlength={200} value={query} />
        </div>
        <button type="submit">Find</button>
        <p class="muted">
          {list.total} redirect{list.total === 1 ? '' : 's'}
          {query ? ` matching "${query}"` : ''}.
        </p>
      </form>
      {list.items.length === 0 ? (
        <p>{query ? 'No redirect matches.' : 'No redirects yet.'}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Old address</th>
                <th scope="col">New address</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr>
                  <td>
                    <code>{r.from}</code>
                  </td>
                  <td>
                    <a href={r.to}>{r.to}</a>
                  </td>
                  <td>{ctx.time.timestamp(r.createdAt)}</td>
                  <td>
                    <form method="post" action="/admin/redirects/remove" class="inline-form">
                      <Csrf ctx={ctx} />
                      <input type="hidden" name="from" value={r.from} />
                      <button type="submit" class="link-button" aria-label={`Remove the redirect from ${r.from}`}>
                        Remove
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={list.page} pages={list.pages} link={link} />
    </AdminLayout>
  );
}
