import type { ArticleSummary } from '../../../core/content/types.ts';
import type { RankingHold } from '../../../core/ranking/ranking-ports.ts';
import { RANKING_WINDOWS, WINDOW_LABELS, type RankedItem, type RankingWindow } from '../../../core/ranking/ranking-snapshot.ts';
import { percent, type CountingReport } from '../../../core/ranking/counting-report.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** One button form for a ranking decision about an article. */
export function RankingAction(props: { ctx: AdminContext; articleId: number; action: 'exclude' | 'include' | 'release'; label: string; back: string }) {
  return (
    <form method="post" action={`/admin/articles/${props.articleId}/ranking`} class="inline-form">
      <Csrf ctx={props.ctx} />
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="small-button">
        {props.label}
      </button>
    </form>
  );
}

/** Editors' view of the rankings: what is listed now, what is held for review, what is kept out. */
export function RankingsPage(props: {
  ctx: AdminContext;
  computedAt: number;
  lists: ReadonlyMap<RankingWindow, readonly RankedItem[]>;
  holds: ReadonlyMap<number, RankingHold>;
  excluded: ReadonlySet<number>;
  articles: ReadonlyMap<number, ArticleSummary>;
  counting: CountingReport;
  flash?: Flash | undefined;
}) {
  const { ctx } = props;
  const title = (id: number) => props.articles.get(id)?.headline ?? `Article #${id}`;
  const held = [...props.holds].filter(([, h]) => h.status === 'held');
  return (
    <AdminLayout ctx={ctx} title="Rankings" active="rankings" flash={props.flash} wide>
      <h1>Rankings</h1>
      <p class="muted">
        Computed {props.computedAt ? ctx.time.timestamp(props.computedAt) : 'not yet'}. Views are counted once per reader per article per 30 minutes; bots,
        prefetches and newsroom staff are not counted.
      </p>
      <section class="panel" aria-labelledby="held-title">
        <h2 id="held-title">Held for review</h2>
        <p class="muted small">Articles where one network sends most of the views are kept out of every list until someone looks.</p>
        {held.length === 0 ? (
          <p>Nothing is held.</p>
        ) : (
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">From one network</th>
                <th scope="col">Detected</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {held.map(([id, h]) => (
                <tr>
                  <td>
                    <a href={`/admin/articles/${id}/`}>{title(id)}</a>
                  </td>
                  <td>{(h.sharePermille / 10).toFixed(1)}%</td>
                  <td>{ctx.time.timestamp(h.detectedAt)}</td>
                  <td>
                    <RankingAction ctx={ctx} articleId={id} action="release" label="Release after review" back="/admin/rankings/" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" aria-labelledby="excluded-title">
        <h2 id="excluded-title">Kept out by an editor</h2>
        {props.excluded.size === 0 ? (
          <p>None.</p>
        ) : (
          <ul class="plain">
            {[...props.excluded].map((id) => (
              <li>
                <a href={`/admin/articles/${id}/`}>{title(id)}</a> <RankingAction ctx={ctx} articleId={id} action="include" label="Allow in rankings" back="/admin/rankings/" />
              </li>
            ))}
          </ul>
        )}
      </section>
      <CountingPanel counting={props.counting} />
      <div class="columns">
        {RANKING_WINDOWS.map((w) => (
          <section class="panel" aria-labelledby={`list-${w}`}>
            <h2 id={`list-${w}`}>Most read, {WINDOW_LABELS[w]}</h2>
            <ol>
              {(props.lists.get(w) ?? []).map((item) => (
                <li>
                  <a href={`/admin/articles/${item.articleId}/`}>{title(item.articleId)}</a> <span class="muted small">{item.views}</span>{' '}
                  <RankingAction ctx={ctx} articleId={item.articleId} action="exclude" label="Keep out" back="/admin/rankings/" />
                </li>
              ))}
            </ol>
          </section>
        ))}
      </div>
    </AdminLayout>
  );
}

const number = (n: number) => n.toLocaleString('en-US');

/** How this process has counted: why beacons were refused, where the counted views are, and the dedupe filter's error rate. */
function CountingPanel(props: { counting: CountingReport }) {
  const { beacons, outcomes: o, views, dedupe } = props.counting;
  const refused: [string, number][] = [
    ['the same reader again within 30 minutes', o.duplicate],
    ['bots and empty user agents', o.bot],
    ['prefetches', o.prefetch],
    ['newsroom staff', o.staff],
    ['forged or expired tokens', o.token],
    ['articles not published', o.unpublished],
    ['over a reader\'s rate limit', o.limited],
    ['not a POST', o.method],
  ];
  return (
    <section class="panel" aria-labelledby="counting-title">
      <h2 id="counting-title">Counting in this process</h2>
      <p class="muted small">Since this process started. With several processes, each counts its own share.</p>
      <p>
        {number(beacons)} beacons, {number(o.counted)} counted as views.
      </p>
      <table class="data tally">
        <caption>Not counted</caption>
        <tbody>
          {refused.map(([label, n]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{number(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Counted views written to the database: {number(views.written)}; waiting for the next write: {number(views.unflushed)}; lost while the database
        was unreachable: {number(views.lost)}.
      </p>
      <p>
        Repeats are spotted by a filter that can mistake a new view for a repeat. It has seen {number(dedupe.pairs)} reader and article pairs in this
        30-minute period; the chance it drops a new view now is <strong>{percent(dedupe.falsePositiveRate)}</strong> (the budget is 1 %).
      </p>
    </section>
  );
}
