import type { HomePage } from '../../../core/reader/reader-pages.ts';
import { ArticleList, Headline, ListDate } from '../components/article-list.tsx';
import { Layout } from '../components/layout.tsx';
import { Picture } from '../components/picture.tsx';
import { RankingAside } from '../components/ranking-aside.tsx';
import type { RenderContext } from '../render-context.ts';
import { excerpt } from '../../../core/content/excerpt.ts';

/** Home: the lead story large, the other top stories, latest news, a block per section. */
export function HomePageView(props: { ctx: RenderContext; page: HomePage }) {
  const { ctx, page } = props;
  const [lead, ...others] = page.topStories;
  return (
    <Layout
      ctx={ctx}
      title={ctx.site.name}
      description={`Top stories and latest news from ${ctx.site.name}.`}
      canonicalPath="/"
      aside={<RankingAside ctx={ctx} ranking={page.ranking} />}
    >
      <h1 class="visually-hidden">{ctx.site.name}</h1>
      <section class="top-stories" aria-labelledby="top-stories-title">
        <h2 id="top-stories-title" class="section-title">
          Top Stories
        </h2>
        {lead ? (
          <article class="lead-story">
            {lead.article.thumbnail ? (
              <Picture media={lead.article.thumbnail} alt="" sizes="(min-width: 960px) 620px, 100vw" preferWidth={800} class="lead-image" crop="wide" />
            ) : null}
            <p class="label">{lead.label}</p>
            <h3 class="lead-headline">
              <a href={lead.path}>
                <Headline item={lead} />
              </a>
            </h3>
            <p class="excerpt">{excerpt(lead.article.teaser, 200)}</p>
            <ListDate ctx={ctx} at={lead.article.publishedAt} />
          </article>
        ) : (
          <p class="empty">Nothing has been published yet.</p>
        )}
        <ArticleList ctx={ctx} items={others} level={3} thumbnails />
      </section>
      <section class="latest" aria-labelledby="latest-title">
        <h2 id="latest-title" class="section-title">
          Latest News
        </h2>
        <ArticleList ctx={ctx} items={page.latest} level={3} />
      </section>
      {page.sectionBlocks.map((block) => (
        <section class="section-block" aria-labelledby={`block-${block.section.slug}`}>
          <h2 id={`block-${block.section.slug}`} class="section-title">
            <a href={`/${block.section.path}/`}>{block.section.name}</a>
          </h2>
          <ArticleList ctx={ctx} items={block.items} level={3} excerpts={false} />
        </section>
      ))}
    </Layout>
  );
}
