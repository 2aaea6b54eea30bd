import type { SectionIndex } from '../../../core/content/article-path.ts';
import { ARTICLE_LIMITS } from '../../../core/content/limits.ts';
import { ARTICLE_STATUSES, type ArticleStatus, type Author } from '../../../core/content/types.ts';
import type { NewsroomListItem } from '../../../core/ports.ts';
import type { ListPage } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { STATUS_LABEL, SubsectionOptions, when } from './article-common.tsx';

export interface ArticleListQuery {
  readonly status?: ArticleStatus | undefined;
  readonly section?: number | undefined;
  readonly author?: number | undefined;
  readonly q?: string | undefined;
  readonly page: number;
}

/** The newsroom's article list with filters (status, section, byline, headline search) and pages. */
export function ArticleListPage(props: {
  ctx: AdminContext;
  sections: SectionIndex;
  authors: readonly Author[];
  query: ArticleListQuery;
  result: ListPage<NewsroomListItem>;
  pageSize: number;
  scopeNote: string;
  flash?: Flash | undefined;
}) {
  const { ctx, query, result } = props;
  const pages = Math.max(1, Math.ceil(result.total / props.pageSize));
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.section) params.set('section', String(query.section));
    if (query.author) params.set('author', String(query.author));
    if (query.q) params.set('q', query.q);
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return `/admin/articles/${s ? `?${s}` : ''}`;
  };
  return (
    <AdminLayout ctx={ctx} title="Articles" active="articles" flash={props.flash} wide>
      <div class="page-head">
        <h1>Articles</h1>
        <a class="button primary" href="/admin/articles/new">
          New article
        </a>
      </div>
      <p class="muted">{props.scopeNote}</p>
      <form method="get" action="/admin/articles/" class="filters" role="search">
        <div>
          <label for="f-q">Headline</label>
          <input id="f-q" name="q" type="search" value={query.q ?? ''} maxlength={200} />
        </div>
        <div>
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            {ARTICLE_STATUSES.map((s) => (
              <option value={s} selected={query.status === s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-section">Section</label>
          <select id="f-section" name="section">
            <option value="">Any</option>
            {props.sections.roots().map((root) => (
              <>
                <option value={String(root.id)} selected={query.section === root.id}>
                  {root.name}
                </option>
                {props.sections.children(root.id).map((sub) => (
                  <option value={String(sub.id)} selected={query.section === sub.id}>
                    {`— ${sub.name}`}
                  </option>
                ))}
              </>
            ))}
          </select>
        </div>
        <div>
          <label for="f-author">Byline</label>
          <select id="f-author" name="author">
            <option value="">Anyone</option>
            {props.authors.map((a) => (
              <option value={String(a.id)} selected={query.author === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      <p class="muted" aria-live="polite">
        {result.total} article{result.total === 1 ? '' : 's'}
      </p>
      {result.items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">Byline</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((a) => (
              <tr>
                <td>
                  <a href={`/admin/articles/${a.id}/`}>{a.headline || '(no headline)'}</a>
                </td>
                <td>
                  <span class={`badge status-${a.status}`}>{STATUS_LABEL[a.status]}</span>
                  {a.status === 'scheduled' && a.scheduledFor !== null ? <span class="muted small"> {when(ctx, a.scheduledFor)}</span> : null}
                </td>
                <td>{props.sections.byId(a.subsectionId)?.name ?? ''}</td>
                <td>{a.authorNames.join(', ')}</td>
                <td>{when(ctx, a.modifiedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages">
          <ul>
            {query.page > 1 ? (
              <li>
                <a href={link(query.page - 1)} rel="prev">
                  Previous
                </a>
              </li>
            ) : null}
            <li>
              <span aria-current="page">
                Page {query.page} of {pages}
              </span>
            </li>
            {query.page < pages ? (
              <li>
                <a href={link(query.page + 1)} rel="next">
                  Next
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </AdminLayout>
  );
}

export function NewArticlePage(props: { ctx: AdminContext; sections: SectionIndex; values?: { headline: string; subsectionId?: number }; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title="New article" active="new" flash={props.flash}>
      <div class="narrow">
        <h1>New article</h1>
        <form method="post" action="/admin/articles/" class="stack">
          <Csrf ctx={props.ctx} />
          <label for="headline">Headline</label>
          <input type="text" id="headline" name="headline" required maxlength={ARTICLE_LIMITS.headline} value={props.values?.headline ?? ''} />
          <label for="subsectionId">Section</label>
          <select id="subsectionId" name="subsectionId" required>
            <SubsectionOptions sections={props.sections} selected={props.values?.subsectionId} />
          </select>
          <button type="submit" class="primary">
            Start writing
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}
