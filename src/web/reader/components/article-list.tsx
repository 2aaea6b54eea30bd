import { excerpt } from '../../../core/content/excerpt.ts';
import type { ListItem } from '../../../core/reader/reader-pages.ts';
import type { RenderContext } from '../render-context.ts';
import { Picture } from './picture.tsx';

/** A list item's date: "2 hours ago" (kept current by site.js) or "June 18, 2025". */
export function ListDate(props: { ctx: RenderContext; at: number }) {
  return (
    <p class="item-date">
      <time datetime={new Date(props.at).toISOString()} data-relative="" data-date={props.ctx.time.date(props.at)}>
        {props.ctx.listDate(props.at)}
      </time>
    </p>
  );
}

/** "(Update 2)" after a headline, derived from the article's update history. */
export function UpdateMarker(props: { count: number }) {
  return props.count > 0 ? <span class="update-marker"> (Update {props.count})</span> : null;
}

/** "Series Title / Headline (Update N)". */
export function Headline(props: { item: ListItem }) {
  const a = props.item.article;
  return (
    <>
      {a.seriesTitle ? <span class="series-prefix">{a.seriesTitle} / </span> : null}
      {a.headline}
      <UpdateMarker count={a.updateCount} />
    </>
  );
}

/**
 * A list of stories: label, headline, ~100-character excerpt, date; optionally a thumbnail.
 * `level` keeps headings in order for where the list sits on the page.
 */
export function ArticleList(props: {
  ctx: RenderContext;
  items: readonly ListItem[];
  level: 2 | 3;
  thumbnails?: boolean;
  excerpts?: boolean;
  class?: string;
  ordered?: boolean;
}) {
  const H = props.level === 2 ? 'h2' : 'h3';
  const List = props.ordered ? 'ol' : 'ul';
  return (
    <List class={`article-list ${props.class ?? ''}`.trim()}>
      {props.items.map((item) => {
        const a = item.article;
        return (
          <li class="article-item">
            {props.thumbnails && a.thumbnail ? (
              <Picture media={a.thumbnail} alt="" sizes="(min-width: 700px) 200px, 30vw" lazy preferWidth={480} class="thumb" crop="wide" />
            ) : null}
            <div class="article-text">
              <p class="label">{item.label}</p>
              <H class="item-headline">
                <a href={item.path}>
                  <Headline item={item} />
                </a>
              </H>
              {props.excerpts !== false ? <p class="excerpt">{excerpt(a.teaser, 100)}</p> : null}
              <ListDate ctx={props.ctx} at={a.publishedAt} />
            </div>
          </li>
        );
      })}
    </List>
  );
}
