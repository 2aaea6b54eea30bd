import type { SearchPage, SearchParams } from '../../../core/reader/reader-pages.ts';
import { SEARCH_COUNT_LIMIT } from '../../../core/search/search-query.ts';
import { Headline, ListDate } from '../components/article-list.tsx';
import { Layout } from '../components/layout.tsx';
import { Pagination } from '../components/pagination.tsx';
import type { RenderContext } from '../render-context.ts';

/** The address of a search with these parameters (empty ones left out, page 1 implied). */
export function searchHref(params: SearchParams, change: Partial<Record<keyof SearchParams, string | number | undefined>> = {}): string {
  const merged: Record<string, string | number | undefined> = { ...params, ...change };
  const query = new URLSearchParams();
  for (const key of ['q', 'section', 'tag', 'author', 'from', 'to', 'order', 'page'] as const) {
    const value = merged[key];
    if (value === undefined || value === '' || (key === 'page' && value === 1) || (key === 'order' && value === 'relevance')) continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `/search/?${text}` : '/search/';
}

/** Search results: the form with filters, notices, highlighted snippets and pages. */
export function SearchPageView(props: { ctx: RenderContext; page: SearchPage }) {
  const { ctx, page } = props;
  const p = page.params;
  const title = page.searched ? `Search: ${page.query}` : 'Search';
  const first = (page.page - 1) * page.pageSize + 1;
  return (
    <Layout ctx={ctx} title={title} description={`Search ${ctx.site.name}'s articles.`} noindex searchQuery={page.query}>
      <header class="listing-header">
        <h1>{page.searched ? <>Results for “{page.query}”</> : 'Search'}</h1>
      </header>
      <form class="search-form" role="search" aria-label="Refine this search" action="/search/" method="get">
        <p class="search-main">
          <label for="search-q">Words to find</label>
          <input id="search-q" type="search" name="q" maxLength={200} value={page.query} />
          <button type="submit">Search</button>
        </p>
        <fieldset class="search-filters">
          <legend>Narrow the results</legend>
          <p>
            <label for="search-section">Section</label>
            <select id="search-section" name="section">
              <option value="">All sections</option>
              {ctx.sections.roots().flatMap((root) => [
                <option value={root.path} selected={page.section?.id === root.id}>
                  {root.name}
                </option>,
                ...ctx.sections.children(root.id).map((sub) => (
                  <option value={sub.path} selected={page.section?.id === sub.id}>
                    {`${root.name}: ${sub.name}`}
                  </option>
                )),
              ])}
            </select>
          </p>
          <p>
            <label for="search-from">From</label>
            <input id="search-from" type="date" name="from" value={p.from ?? ''} />
          </p>
          <p>
            <label for="search-to">To</label>
            <input id="search-to" type="date" name="to" value={p.to ?? ''} />
          </p>
          <p>
            <label for="search-order">Order</label>
            <select id="search-order" name="order">
              <option value="relevance" selected={page.order === 'relevance'}>
                Best match
              </option>
              <option value="newest" selected={page.order === 'newest'}>
                Newest first
              </option>
            </select>
          </p>
          {page.tag ? <input type="hidden" name="tag" value={page.tag.slug} /> : null}
          {page.author ? <input type="hidden" name="author" value={page.author.slug} /> : null}
        </fieldset>
      </form>
      {page.tag || page.author ? (
        <ul class="search-active">
          {page.tag ? (
            <li>
              Tag: {page.tag.name} <a href={searchHref(p, { tag: undefined, page: undefined })}>remove this filter</a>
            </li>
          ) : null}
          {page.author ? (
            <li>
              Author: {page.author.name} <a href={searchHref(p, { author: undefined, page: undefined })}>remove this filter</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {page.notices.length > 0 ? (
        <div class="search-notices" role="status">
          {page.notices.map((n) => (
            <p>{n}</p>
          ))}
        </div>
      ) : null}
      {page.searched ? (
        <section class="search-results" aria-labelledby="results-title">
          <h2 id="results-title" class="section-title">
            {page.total === 0
              ? 'No articles found'
              : page.total === 1
                ? '1 article found'
                : `${page.total > SEARCH_COUNT_LIMIT ? `More than ${SEARCH_COUNT_LIMIT.toLocaleString('en-US')}` : page.total.toLocaleString('en-US')} articles found${page.pages > 1 ? `, page ${page.page} of ${page.pages}` : ''}`}
          </h2>
          {page.total === 0 ? <p class="empty">Try fewer or different words, or remove a filter.</p> : null}
          <ol class="article-list search-list" start={first}>
            {page.results.map(({ item, snippet }) => (
              <li class="article-item">
                <div class="article-text">
                  <p class="label">{item.label}</p>
                  <h3 class="item-headline">
                    <a href={item.path}>
                      <Headline item={item} />
                    </a>
                  </h3>
                  <p class="excerpt snippet">{snippet.length > 0 ? snippet.map((part) => (part.match ? <mark>{part.text}</mark> : part.text)) : item.article.teaser}</p>
                  <ListDate ctx={ctx} at={item.article.publishedAt} />
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {page.pages > 1 ? (
        <Pagination label="Result pages" page={page.page} pages={page.pages} href={(n) => searchHref(p, { page: n })} previous="Previous" next="Next" />
      ) : null}
    </Layout>
  );
}
