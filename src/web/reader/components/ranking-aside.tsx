import type { RankingList } from '../../../core/reader/reader-pages.ts';
import type { RenderContext } from '../render-context.ts';
import { Headline } from './article-list.tsx';

/** "Most read, past 24 hours · as of 15:46 JST": every ranked list says what it covers and when it was computed. */
export function RankingNote(props: { ctx: RenderContext; list: RankingList }) {
  const { ctx, list } = props;
  return (
    <p class="list-note">
      Most read, {list.windowLabel}
      {list.computedAt !== undefined ? (
        <>
          {' · as of '}
          <time datetime={ctx.time.isoWithOffset(list.computedAt)}>
            {ctx.time.clockTime(list.computedAt)} {ctx.time.zoneLabel(list.computedAt)}
          </time>
        </>
      ) : null}
    </p>
  );
}

/** The site-wide access ranking: most read over the window, numbered. */
export function RankingAside(props: { ctx: RenderContext; ranking: RankingList }) {
  return (
    <aside class="ranking" aria-labelledby="ranking-title">
      <h2 id="ranking-title">Access Ranking</h2>
      <RankingNote ctx={props.ctx} list={props.ranking} />
      {props.ranking.items.length === 0 ? (
        <p class="empty">No ranking yet: it fills in as readers arrive.</p>
      ) : (
        <ol class="ranking-list">
          {props.ranking.items.map((item) => (
            <li>
              <a href={item.path}>
                <Headline item={item} />
              </a>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
