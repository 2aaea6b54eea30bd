import { articlePath, type SectionIndex } from '../../../core/content/article-path.ts';
import { NEWSROOM_SORTS, type NewsroomSort } from '../../../core/ports.ts';
import { ARTICLE_LIMITS } from '../../../core/content/limits.ts';
import { ARTICLE_STATUSES, type ArticleStatus, type Author } from '../../../core/content/types.ts';
import type { NewsroomListItem } from '../../../core/ports.ts';
import type { ListPage } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';
import { Pagination } from '../components/pagination.tsx';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { STATUS_LABEL, SubsectionOptions, when } from './article-common.tsx';

export interface ArticleListQuery {
  readonly status?: ArticleStatus | undefined;
  readonly section?: number | undefined;
  readonly author?: number | undefined;
  readonly q?: string | undefined;
  readonly page: number;
  readonly mine?: boolean;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly sort?: NewsroomSort | undefined;
}

const SORT_LABEL: Readonly<Record<NewsroomSort, string>> = { changed: 'Last change', published: 'Published', headline: 'Headline' };

/** The newsroom's article list with filters (status, section, byline, headline search) and pages. */
export function ArticleListPage(props: {
  ctx: AdminContext;
  sections: SectionIndex;
  authors: readonly Author[];
  query: ArticleListQuery;
  result: ListPage<NewsroomListItem>;
  views: ReadonlyMap<number, number>;
  pageSize: number;
  scopeNote: string;
  flash?: Flash | undefined;
}) {
  const { ctx, query, result } = props;
  const pages = Math.max(1, Math.ceil(result.total / props.pageSize));
  const link = (page: number, sort = query.sort) => {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.section) params.set('section', String(query.section));
    if (query.author) params.set('author', String(query.author));
    if (query.q) params.set('q', query.q);
    if (query.mine) params.set('mine', '1');
    if (query.from) params.set('from', query.from);
    if (query.to) params.set('to', query.to);
    if (sort && sort !== 'changed') params.set('sort', sort);
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
        <div>
          <label for="f-from">Published from</label>
          <input id="f-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div>
          <label for="f-to">to</label>
          <input id="f-to" name="to" type="date" value={query.to ?? ''} />
        </div>
        <div>
          <label for="f-sort">Sort by</label>
          <select id="f-sort" name="sort">
            {NEWSROOM_SORTS.map((s) => (
              <option value={s} selected={(query.sort ?? 'changed') === s}>
                {SORT_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="checkbox">
          <input id="f-mine" name="mine" type="checkbox" value="1" checked={query.mine} />
          <label for="f-mine">Mine only</label>
        </div>
        <button type="submit">Filter</button>
      </form>
      <p class="quick-filters">
        <a href="/admin/articles/?mine=1">Mine</a> · <a href="/admin/articles/?status=in_review">In review</a> · <a href="/admin/articles/?status=scheduled&amp;sort=published">Scheduled</a> ·{' '}
        <a href="/admin/articles/?status=draft">Drafts</a> · <a href="/admin/articles/?status=published&amp;sort=published">Published</a>
      </p>
      <p class="muted" aria-live="polite">
        {result.total} article{result.total === 1 ? '' : 's'}
      </p>
      {result.items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <SortHeader label="Headline" sort="headline" current={query.sort} href={link(1, 'headline')} />
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">Byline</th>
              <SortHeader label="Published" sort="published" current={query.sort} href={link(1, 'published')} />
              <SortHeader label="Last change" sort="changed" current={query.sort ?? 'changed'} href={link(1, 'changed')} />
              <th scope="col" class="num">
                Views (7 days)
              </th>
              <th scope="col">Live</th>
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
                <td>{a.publishedAt !== null ? when(ctx, a.publishedAt) : ''}</td>
                <td>{when(ctx, a.modifiedAt)}</td>
                <td class="num">{a.publishedAt !== null ? (props.views.get(a.id) ?? 0).toLocaleString('en-US') : ''}</td>
                <td>
                  {a.status === 'published' && a.publishedAt !== null ? (
                    <a href={articlePath({ id: a.id, subsectionId: a.subsectionId, publishedAt: a.publishedAt, slug: a.slug }, props.sections, ctx.time)} aria-label={`Live page: ${a.headline}`}>
                      View
                    </a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <Pagination page={query.page} pages={pages} link={link} />
    </AdminLayout>
  );
}

/** A column header that sorts the list; aria-sort says which column the list is sorted by. */
function SortHeader(props: { label: string; sort: NewsroomSort; current: NewsroomSort | undefined; href: string }) {
  const active = props.current === props.sort;
  return (
    <th scope="col" aria-sort={active ? (props.sort === 'headline' ? 'ascending' : 'descending') : undefined}>
      <a href={props.href}>
        {props.label}
        {active ? <span aria-hidden="true">{props.sort === 'headline' ? ' ▲' : ' ▼'}</span> : null}
      </a>
    </th>
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
