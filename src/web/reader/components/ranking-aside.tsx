import type { RankingList } from '../../../core/reader/reader-service.ts';
import { Headline } from './article-list.tsx';

/** The site-wide access ranking: most read over the window, numbered. */
export function RankingAside(props: { ranking: RankingList }) {
  return (
    <aside class="ranking" aria-labelledby="ranking-title">
      <h2 id="ranking-title">Access Ranking</h2>
      <p class="list-note">Most read, {props.ranking.windowLabel}</p>
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
