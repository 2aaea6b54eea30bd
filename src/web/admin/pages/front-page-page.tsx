import { articlePath, type SectionIndex } from '../../../core/content/article-path.ts';
import type { ArticleSummary } from '../../../core/content/types.ts';
import type { FrontPage } from '../../../core/newsroom/front-page.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { when } from './article-common.tsx';

/**
 * The front-page curation screen: the top stories in order. With scripts, an editor drags a story
 * (or uses its Up and Down buttons, or Alt+Arrow keys on its handle) and removes one with a button;
 * without, the position numbers and the remove boxes do the same. Saving re-renders the home page.
 */
export function FrontPageScreen(props: { ctx: AdminContext; sections: SectionIndex; page: FrontPage; flash?: Flash | undefined }) {
  const { ctx, page, sections } = props;
  const live = (a: ArticleSummary) => articlePath(a, sections, ctx.time);
  return (
    <AdminLayout ctx={ctx} title="Front page" active="front-page" flash={props.flash}>
      <div class="page-head">
        <h1>Front page</h1>
        <a class="button" href="/" target="_blank" rel="noopener">
          View the home page
        </a>
      </div>
      <p class="muted">Top stories, in the order the home page shows them. Drag a story, or use its Up and Down buttons, then save.</p>
      <form method="post" action="/admin/front-page/" id="front-page-form">
        <Csrf ctx={ctx} />
        <h2 id="top-stories-title">Top stories, in order</h2>
        <ol class="curation" id="top-stories">
          {page.top.map((a, i) => (
            <li class="story-slot" draggable data-id={String(a.id)}>
              <input type="hidden" name="ids[]" value={String(a.id)} />
              <span class="handle" aria-hidden="true">
                ⠿
              </span>
              <div class="slot-text">
                <a href={live(a)}>{a.headline}</a>
                <span class="muted small"> {when(ctx, a.publishedAt)}</span>
              </div>
              <label class="slot-position">
                <span class="visually-hidden">Position of {a.headline}</span>
                <input type="number" name="positions[]" min={1} max={99} value={String(i + 1)} class="position" />
              </label>
              <label class="slot-remove">
                <input type="checkbox" name="remove[]" value={String(a.id)} /> Remove<span class="visually-hidden"> {a.headline}</span>
              </label>
            </li>
          ))}
        </ol>
        {page.top.length === 0 ? <p id="no-top">No top stories: the home page shows the newest articles.</p> : null}
        <div class="field">
          <label for="add">Add a story</label>
          <select id="add" name="add">
            <option value="">Choose a recent article…</option>
            {page.candidates.map((a) => (
              <option value={String(a.id)}>{`${a.headline} (${when(ctx, a.publishedAt)})`}</option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Save the front page
          </button>
          <span id="curation-status" class="muted" role="status" aria-live="polite" />
        </div>
      </form>
    </AdminLayout>
  );
}
