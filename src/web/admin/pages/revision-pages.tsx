import type { EditableArticle } from '../../../core/newsroom/article-content.ts';
import type { FieldDiff } from '../../../core/newsroom/revision-diff.ts';
import type { Revision } from '../../../core/ports.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { STATUS_LABEL } from './article-common.tsx';

const KIND_LABEL: Readonly<Record<Revision['kind'], string>> = {
  create: 'Created',
  save: 'Saved',
  autosave: 'Autosaved',
  status: 'Status',
  restore: 'Restored',
  conflict: 'Not saved (conflict)',
  import: 'Imported',
};

export function RevisionsPage(props: { ctx: AdminContext; article: EditableArticle; revisions: readonly Revision[]; canRestore: boolean; flash?: Flash | undefined }) {
  const { ctx, article, revisions } = props;
  return (
    <AdminLayout ctx={ctx} title={`Revisions: ${article.content.headline}`} active="articles" flash={props.flash} wide>
      <p>
        <a href={`/admin/articles/${article.id}/`}>← Back to the article</a>
      </p>
      <h1>Revisions of “{article.content.headline}”</h1>
      <p class="muted">Every save and status change is kept. Choose two to compare; restoring saves an old version as a new one.</p>
      <form method="get" action={`/admin/articles/${article.id}/revisions/compare`}>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Revision</th>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span class="visually-hidden">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r, i) => (
              <tr class={r.kind === 'conflict' ? 'conflict' : undefined}>
                <td>
                  <input type="radio" name="from" value={String(r.id)} checked={i === 1 || (revisions.length === 1 && i === 0)} aria-label={`Compare from ${revisionLabel(r)}, ${ctx.time.timestamp(r.createdAt)}`} />
                </td>
                <td>
                  <input type="radio" name="to" value={String(r.id)} checked={i === 0} aria-label={`Compare to ${revisionLabel(r)}, ${ctx.time.timestamp(r.createdAt)}`} />
                </td>
                <td>{revisionLabel(r)}</td>
                <td>{ctx.time.timestamp(r.createdAt)}</td>
                <td>
                  {KIND_LABEL[r.kind]} <span class="muted small">({STATUS_LABEL[r.status]})</span>
                </td>
                <td>{r.userName ?? 'system'}</td>
                <td>{r.note}</td>
                <td>
                  {props.canRestore && i > 0 ? (
                    <button type="submit" form={`restore-${r.id}`} class="small-button">
                      Restore
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit">Compare</button>
        </p>
      </form>
      {props.canRestore
        ? revisions.slice(1).map((r) => (
            <form method="post" action={`/admin/articles/${article.id}/revisions/${r.id}/restore`} id={`restore-${r.id}`} hidden>
              <Csrf ctx={ctx} />
              <input type="hidden" name="version" value={String(article.version)} />
            </form>
          ))
        : null}
    </AdminLayout>
  );
}

const FIELD_LABEL: Readonly<Record<string, string>> = {
  headline: 'Headline', summary: 'Summary', bodyHtml: 'Body', dateline: 'Dateline', subsectionId: 'Section',
  tagIds: 'Tags', authorIds: 'Bylines', seriesId: 'Series', leadMediaId: 'Lead photo', leadCaption: 'Caption',
  leadCredit: 'Credit', leadAlt: 'Alt text', isTopStory: 'Top story', seo: 'URL, search and sharing',
};

/**
 * One numbering scheme: the article's version. Autosaves of a live article and refused (conflict)
 * saves do not make a version, so they are named as drafts of the version they started from.
 */
export function revisionLabel(r: Revision): string {
  if (r.kind === 'conflict') return `Unsaved copy (based on version ${r.version})`;
  if (r.kind === 'autosave' && r.status === 'published') return `Autosave (after version ${r.version})`;
  return `Version ${r.version}`;
}

/** Two revisions side by side: removed text struck through, added text underlined (markup shown as text). */
export function ComparePage(props: { ctx: AdminContext; article: EditableArticle; from: Revision; to: Revision; diff: readonly FieldDiff[] }) {
  const { ctx, article, from, to } = props;
  return (
    <AdminLayout ctx={ctx} title="Compare revisions" active="articles" wide>
      <p>
        <a href={`/admin/articles/${article.id}/revisions/`}>← All revisions</a>
      </p>
      <h1>
        {revisionLabel(from)} → {revisionLabel(to)}
      </h1>
      <p class="muted small">Removed text is struck through, added text underlined. The body is shown as readers read it; photos, embeds and other blocks are named in brackets.</p>
      <p class="muted">
        {ctx.time.timestamp(from.createdAt)} ({from.userName ?? 'system'}) → {ctx.time.timestamp(to.createdAt)} ({to.userName ?? 'system'})
      </p>
      {props.diff.length === 0 ? <p>These revisions have the same content.</p> : null}
      {props.diff.map((d) => (
        <section class="diff" aria-labelledby={`diff-${d.field}`}>
          <h2 id={`diff-${d.field}`}>{FIELD_LABEL[d.field] ?? d.field}</h2>
          <div class={d.field === 'bodyHtml' ? 'diff-body' : 'diff-text'}>
            {d.parts.map((p) =>
              p.change === 'added' ? <ins>{p.value}</ins> : p.change === 'removed' ? <del>{p.value}</del> : <span>{p.value}</span>,
            )}
          </div>
        </section>
      ))}
    </AdminLayout>
  );
}
