import type { ListingPage } from '../../../core/reader/reader-pages.ts';
import { Picture } from '../components/picture.tsx';
import { ArticleList } from '../components/article-list.tsx';
import { Layout } from '../components/layout.tsx';
import { Pagination } from '../components/pagination.tsx';
import { RankingAside, RankingNote } from '../components/ranking-aside.tsx';
import type { RenderContext } from '../render-context.ts';

function pagePath(base: string, page: number): string {
  return page > 1 ? `${base}page/${page}/` : base;
}

const KIND_LABEL: Readonly<Record<ListingPage['kind'], string>> = {
  section: 'Section',
  tag: 'Tag',
  series: 'Series',
  author: 'Articles by',
};

/** Section, sub-section, tag, series and author pages: popular articles, then the newest first, paginated. */
export function ListingPageView(props: { ctx: RenderContext; page: ListingPage }) {
  const { ctx, page } = props;
  const titleSuffix = page.page > 1 ? ` (page ${page.page})` : '';
  const root = page.parent ?? page.section;
  return (
    <Layout
      ctx={ctx}
      title={`${page.title}${titleSuffix}`}
      description={page.description || `The latest ${page.title} articles from ${ctx.site.name}.`}
      canonicalPath={pagePath(page.basePath, page.page)}
      {...(root ? { currentSection: root.path } : {})}
      aside={<RankingAside ctx={ctx} ranking={page.ranking} />}
    >
      {page.parent ? (
        <nav aria-label="Breadcrumb" class="crumbs">
          <ol>
            <li>
              <a href={`/${page.parent.path}/`}>{page.parent.name}</a>
            </li>
            <li aria-current="page">{page.title}</li>
          </ol>
        </nav>
      ) : null}
      <header class="listing-header">
        {page.kind !== 'section' ? <p class="kicker">{KIND_LABEL[page.kind]}</p> : null}
        <h1>
          {page.title}
          {titleSuffix}
        </h1>
        {page.description ? <p class="listing-description">{page.description}</p> : null}
        {page.author && (page.author.bio || page.author.photo) ? (
          <div class="author-profile">
            {page.author.photo ? <Picture media={page.author.photo} alt={`${page.author.name}`} sizes="8rem" preferWidth={240} class="author-portrait" /> : null}
            {page.author.bio ? <p class="author-bio">{page.author.bio}</p> : null}
          </div>
        ) : null}
      </header>
      {page.subsections.length > 0 ? (
        <nav aria-label={`${root ? root.name : page.title} sub-sections`} class="subsections">
          <ul>
            {page.subsections.map((s) => (
              <li>
                <a href={`/${s.path}/`} aria-current={page.section?.id === s.id ? 'page' : undefined}>
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {page.popular.items.length > 0 ? (
        <section class="popular" aria-labelledby="popular-title">
          <h2 id="popular-title" class="section-title">
            {page.kind === 'tag' ? `“${page.title}” Popular Articles` : `${page.title} Popular Articles`}
          </h2>
          <RankingNote ctx={ctx} list={page.popular} />
          <ArticleList ctx={ctx} items={page.popular.items} level={3} ordered class="popular-list" />
        </section>
      ) : null}
      <section class="listing" aria-labelledby="listing-title">
        <h2 id="listing-title" class="section-title">
          {page.page > 1 ? `${page.title}: page ${page.page}` : page.kind === 'section' ? `Latest in ${page.title}` : 'Latest'}
        </h2>
        {page.items.length === 0 ? <p class="empty">No articles here yet.</p> : null}
        <ArticleList ctx={ctx} items={page.items} level={3} thumbnails />
      </section>
      {page.pages > 1 ? (
        <Pagination label="Pages" page={page.page} pages={page.pages} href={(n) => pagePath(page.basePath, n)} previous="Newer" next="Older" />
      ) : null}
    </Layout>
  );
}
