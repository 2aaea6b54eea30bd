import { repointPhotos } from '../../../core/content/body-photos.ts';
import { escapeHtml, sanitizeBody } from '../../../core/content/sanitize.ts';
import type { MediaAsset } from '../../../core/content/types.ts';
import { searchPresentation } from '../../../core/content/presentation.ts';
import type { ArticlePage } from '../../../core/reader/reader-pages.ts';
import { ArticleHead } from '../components/article-head.tsx';
import { ArticleList, UpdateMarker } from '../components/article-list.tsx';
import { Layout } from '../components/layout.tsx';
import { Picture } from '../components/picture.tsx';
import { PaywallWall, type PaywallOffer } from '../components/paywall-offer.tsx';
import { RankingAside, RankingNote } from '../components/ranking-aside.tsx';
import type { RenderContext } from '../render-context.ts';

/**
 * The body as HTML with the dateline opening its first paragraph ("TOKYO — ...").
 * The stored body is sanitized on write; it is sanitized again here so a tightened
 * policy applies to old articles too (render happens once per change, so this is cheap).
 */
export function bodyWithDateline(bodyHtml: string, dateline: string, photos: ReadonlyMap<number, MediaAsset> = new Map()): string {
  const body = repointPhotos(sanitizeBody(bodyHtml), photos);
  if (!dateline) return body;
  const mark = `<span class="dateline">${escapeHtml(dateline)} —</span> `;
  const first = /^<p(?:\s[^>]*)?>/.exec(body);
  return first ? `${first[0]}${mark}${body.slice(first[0].length)}` : `<p>${mark}</p>${body}`;
}

/** An article: headline, lead photo, timestamp, byline, body, history, related tags and rankings. */
export function ArticlePageView(props: {
  ctx: RenderContext;
  page: ArticlePage;
  preview?: boolean;
  viewToken?: string;
  /** A walled article shown to a reader not entitled to it: the offer in place of the body, which is never sent. */
  wall?: { kind: 'register' | 'subscribe'; offer: PaywallOffer } | undefined;
}) {
  const { ctx, page } = props;
  const a = page.article;
  const updated = a.updatedAt !== null && a.updatedAt > a.publishedAt ? a.updatedAt : null;
  const notes = a.updates.filter((u) => u.note !== '' || u.kind === 'correction');
  const mainTag = page.relatedTags.find((r) => r.popular.items.length > 0);
  return (
    <Layout
      ctx={ctx}
      title={searchPresentation(a).title}
      description={searchPresentation(a).description}
      canonicalPath={page.path}
      {...(page.section ? { currentSection: page.section.path } : {})}
      {...(props.preview ? { preview: true } : { articleId: a.id, ...(props.viewToken ? { viewToken: props.viewToken } : {}) })}
      aside={<RankingAside ctx={ctx} ranking={page.ranking} />}
      {...(props.preview ? {} : { head: <ArticleHead ctx={ctx} article={a} path={page.path} section={page.section} subsection={page.subsection} /> })}
    >
      <article class="story">
        {page.section && page.subsection ? (
          <nav aria-label="Breadcrumb" class="crumbs">
            <ol>
              <li>
                <a href={`/${page.section.path}/`}>{page.section.name}</a>
              </li>
              <li>
                <a href={`/${page.subsection.path}/`}>{page.subsection.name}</a>
              </li>
            </ol>
          </nav>
        ) : null}
        <header class="story-header">
          {a.series ? (
            <p class="kicker">
              <a href={`/series/${a.series.slug}/`}>{a.series.title}</a>
            </p>
          ) : null}
          <h1>
            {a.headline}
            <UpdateMarker count={a.updateCount} />
          </h1>
          {a.summary ? <p class="dek">{a.summary}</p> : null}
        </header>
        {a.lead ? (
          <figure class="lead-figure">
            <Picture media={a.lead.media} alt={a.lead.alt} sizes="(min-width: 1100px) 720px, (min-width: 700px) 90vw, 100vw" preferWidth={800} />
            {a.lead.caption || a.lead.credit ? (
              <figcaption>
                {a.lead.caption}
                {a.lead.credit ? <span class="credit"> ({a.lead.credit})</span> : null}
              </figcaption>
            ) : null}
          </figure>
        ) : null}
        <div class="story-meta">
          <p class="timestamps">
            <time datetime={ctx.time.isoWithOffset(a.publishedAt)}>{ctx.time.timestamp(a.publishedAt)}</time>
            {updated !== null ? (
              <>
                {' '}
                <span class="updated">
                  Updated <time datetime={ctx.time.isoWithOffset(updated)}>{ctx.time.timestamp(updated)}</time>
                </span>
              </>
            ) : null}
          </p>
          {a.authors.length > 0 ? (
            <p class="byline">
              By{' '}
              {a.authors.map((au, i) => (
                <>
                  {i > 0 ? (i === a.authors.length - 1 ? ' and ' : ', ') : null}
                  <a href={`/author/${au.slug}/`}>{au.name}</a>
                  {au.title ? <span class="byline-title"> / {au.title}</span> : null}
                </>
              ))}
            </p>
          ) : null}
        </div>
        {props.wall ? (
          <PaywallWall ctx={ctx} kind={props.wall.kind} offer={props.wall.offer} path={page.path} forSubscribers={a.access === 'paid'} />
        ) : (
          <div class="story-body" dangerouslySetInnerHTML={{ __html: bodyWithDateline(a.bodyHtml, a.dateline, page.bodyPhotos) }} />
        )}
        {notes.length > 0 ? (
          <section class="story-history" aria-labelledby="history-title">
            <h2 id="history-title">Updates and corrections</h2>
            <ul>
              {notes.map((u) => (
                <li class={u.kind}>
                  <strong>{u.kind === 'correction' ? 'Correction' : 'Update'}</strong>{' '}
                  (<time datetime={ctx.time.isoWithOffset(u.at)}>{ctx.time.timestamp(u.at)}</time>): {u.note}
                </li>
              ))}
            </ul>
            {page.correctionsPolicy && notes.some((u) => u.kind === 'correction') ? (
              <p class="policy-link">
                <a href={page.correctionsPolicy}>How we correct mistakes</a>
              </p>
            ) : null}
          </section>
        ) : null}
        {page.relatedTags.length > 0 ? (
          <section class="related" aria-labelledby="related-title">
            <h2 id="related-title">Related Tags</h2>
            <ul class="tag-list">
              {page.relatedTags.map((r) => (
                <li>
                  <a href={`/tag/${r.tag.slug}/`}>{r.tag.name}</a>
                </li>
              ))}
            </ul>
            {mainTag ? (
              <section class="tag-popular" aria-labelledby="tag-popular-title">
                <h3 id="tag-popular-title">“{mainTag.tag.name}” Popular Articles</h3>
                <RankingNote ctx={ctx} list={mainTag.popular} />
                <ArticleList ctx={ctx} items={mainTag.popular.items} level={3} excerpts={false} ordered class="compact" />
              </section>
            ) : null}
          </section>
        ) : null}
        {page.related.length > 0 ? (
          <section class="related-articles" aria-labelledby="related-articles-title">
            <h2 id="related-articles-title">Related Articles</h2>
            <ArticleList ctx={ctx} items={page.related} level={3} thumbnails excerpts={false} class="compact" />
          </section>
        ) : null}
      </article>
    </Layout>
  );
}
