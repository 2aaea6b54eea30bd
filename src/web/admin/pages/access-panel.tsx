import type { ArticleAccess } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';
import { Csrf } from '../components/admin-layout.tsx';

const LABELS: Readonly<Record<ArticleAccess, { label: string; hint: string }>> = {
  public: { label: 'Everyone', hint: 'Free to read.' },
  members: { label: 'Members', hint: 'Readers with a free account; others get the sign-up wall (after any metered reads).' },
  paid: { label: 'Subscribers', hint: 'Readers with a plan; members get the plans offer (after any metered reads).' },
};

/** Who may read the article: a form of its own beside the editor, since it is not part of the text. */
export function AccessPanel(props: { ctx: AdminContext; articleId: number; access: ArticleAccess; canChange: boolean }) {
  const current = LABELS[props.access];
  return (
    <section class="panel" aria-labelledby="access-title">
      <h2 id="access-title">Who can read it</h2>
      {props.canChange ? (
        <form method="post" action={`/admin/articles/${props.articleId}/access`} class="stack">
          <Csrf ctx={props.ctx} />
          <fieldset>
            <legend class="visually-hidden">Who can read it</legend>
            {(Object.keys(LABELS) as ArticleAccess[]).map((value) => (
              <label class="check">
                <input type="radio" name="access" value={value} checked={props.access === value} /> {LABELS[value].label}
                <span class="muted small"> {LABELS[value].hint}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit">Save who can read it</button>
        </form>
      ) : (
        <p>
          {current.label}. <span class="muted small">{current.hint} Editors change this.</span>
        </p>
      )}
    </section>
  );
}
