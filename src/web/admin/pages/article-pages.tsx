import type { ComponentChildren } from 'preact';
import { roleCan } from '../../../core/access/roles.ts';
import type { SectionIndex } from '../../../core/content/article-path.ts';
import { ARTICLE_LIMITS } from '../../../core/content/limits.ts';
import { ARTICLE_STATUSES, type ArticleStatus, type Author, type MediaAsset, type Series, type Tag } from '../../../core/content/types.ts';
import type { EditableArticle } from '../../../core/newsroom/article-content.ts';
import type { WorkflowAction } from '../../../core/newsroom/change-status.ts';
import type { FieldDiff } from '../../../core/newsroom/revision-diff.ts';
import type { NewsroomListItem, RankingHold, Revision } from '../../../core/ports.ts';
import type { BucketCount } from '../../../core/ranking/buckets.ts';
import { ViewsChart } from '../components/views-chart.tsx';
import { RankingAction } from './ranking-pages.tsx';
import type { ListPage } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

export const STATUS_LABEL: Readonly<Record<ArticleStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

function when(ctx: AdminContext, at: number | null): string {
  return at === null ? '' : ctx.time.timestamp(at);
}

function SubsectionOptions(props: { sections: SectionIndex; selected?: number | undefined }) {
  return (
    <>
      {props.sections.roots().map((root) => (
        <optgroup label={root.name}>
          {props.sections.children(root.id).map((sub) => (
            <option value={String(sub.id)} selected={props.selected === sub.id}>
              {sub.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

export interface ArticleListQuery {
  readonly status?: ArticleStatus | undefined;
  readonly section?: number | undefined;
  readonly author?: number | undefined;
  readonly q?: string | undefined;
  readonly page: number;
}

/** The newsroom's article list with filters (status, section, byline, headline search) and pages. */
export function ArticleListPage(props: {
  ctx: AdminContext;
  sections: SectionIndex;
  authors: readonly Author[];
  query: ArticleListQuery;
  result: ListPage<NewsroomListItem>;
  pageSize: number;
  scopeNote: string;
  flash?: Flash | undefined;
}) {
  const { ctx, query, result } = props;
  const pages = Math.max(1, Math.ceil(result.total / props.pageSize));
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.section) params.set('section', String(query.section));
    if (query.author) params.set('author', String(query.author));
    if (query.q) params.set('q', query.q);
    if (page > 1) params.set('page', String(page));
    const s = params.toString();
    return `/admin/articles/${s ? `?${s}` : ''}`;
  };
  return (
    <AdminLayout ctx={ctx} title="Articles" active="articles" flash={props.flash} wide>
      <div class="page-head">
        <h1>Articles</h1>
        <a class="button primary" href="/admin/articles/new">
          New article
        </a>
      </div>
      <p class="muted">{props.scopeNote}</p>
      <form method="get" action="/admin/articles/" class="filters" role="search">
        <div>
          <label for="f-q">Headline</label>
          <input id="f-q" name="q" type="search" value={query.q ?? ''} maxlength={200} />
        </div>
        <div>
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">Any</option>
            {ARTICLE_STATUSES.map((s) => (
              <option value={s} selected={query.status === s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-section">Section</label>
          <select id="f-section" name="section">
            <option value="">Any</option>
            {props.sections.roots().map((root) => (
              <>
                <option value={String(root.id)} selected={query.section === root.id}>
                  {root.name}
                </option>
                {props.sections.children(root.id).map((sub) => (
                  <option value={String(sub.id)} selected={query.section === sub.id}>
                    {`— ${sub.name}`}
                  </option>
                ))}
              </>
            ))}
          </select>
        </div>
        <div>
          <label for="f-author">Byline</label>
          <select id="f-author" name="author">
            <option value="">Anyone</option>
            {props.authors.map((a) => (
              <option value={String(a.id)} selected={query.author === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      <p class="muted" aria-live="polite">
        {result.total} article{result.total === 1 ? '' : 's'}
      </p>
      {result.items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">Byline</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((a) => (
              <tr>
                <td>
                  <a href={`/admin/articles/${a.id}/`}>{a.headline || '(no headline)'}</a>
                </td>
                <td>
                  <span class={`badge status-${a.status}`}>{STATUS_LABEL[a.status]}</span>
                  {a.status === 'scheduled' && a.scheduledFor !== null ? <span class="muted small"> {when(ctx, a.scheduledFor)}</span> : null}
                </td>
                <td>{props.sections.byId(a.subsectionId)?.name ?? ''}</td>
                <td>{a.authorNames.join(', ')}</td>
                <td>{when(ctx, a.modifiedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages">
          <ul>
            {query.page > 1 ? (
              <li>
                <a href={link(query.page - 1)} rel="prev">
                  Previous
                </a>
              </li>
            ) : null}
            <li>
              <span aria-current="page">
                Page {query.page} of {pages}
              </span>
            </li>
            {query.page < pages ? (
              <li>
                <a href={link(query.page + 1)} rel="next">
                  Next
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </AdminLayout>
  );
}

export function NewArticlePage(props: { ctx: AdminContext; sections: SectionIndex; values?: { headline: string; subsectionId?: number }; flash?: Flash | undefined }) {
  return (
    <AdminLayout ctx={props.ctx} title="New article" active="new" flash={props.flash}>
      <div class="narrow">
        <h1>New article</h1>
        <form method="post" action="/admin/articles/" class="stack">
          <Csrf ctx={props.ctx} />
          <label for="headline">Headline</label>
          <input type="text" id="headline" name="headline" required maxlength={ARTICLE_LIMITS.headline} value={props.values?.headline ?? ''} />
          <label for="subsectionId">Section</label>
          <select id="subsectionId" name="subsectionId" required>
            <SubsectionOptions sections={props.sections} selected={props.values?.subsectionId} />
          </select>
          <button type="submit" class="primary">
            Start writing
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export interface EditorModel {
  readonly article: EditableArticle;
  readonly sections: SectionIndex;
  readonly tags: readonly Tag[];
  readonly authors: readonly Author[];
  readonly series: readonly Series[];
  readonly media: readonly MediaAsset[];
  readonly actions: readonly WorkflowAction[];
  readonly canEdit: boolean;
  /** Submitted values to show again after a refused save (nothing was saved). */
  readonly rejected?: { readonly fields: Record<string, unknown>; readonly field?: string | undefined } | undefined;
  /** Reader counts and ranking status, for the side panel. */
  readonly readers?: {
    readonly hourly: readonly BucketCount[];
    readonly hourFrom: number;
    readonly daily: readonly BucketCount[];
    readonly dayFrom: number;
    readonly excluded: boolean;
    readonly hold: RankingHold | undefined;
    readonly canManage: boolean;
  };
}

const ACTION_LABEL: Readonly<Record<WorkflowAction, string>> = {
  submit: 'Submit for review',
  return: 'Return to draft',
  publish: 'Publish now',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  unpublish: 'Unpublish',
};

/** A field's label and, when the last save was refused because of it, the reason. */
function Field(props: { id: string; label: string; error?: string | undefined; hint?: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The article editor. Works as a plain form without JavaScript; with it, public/build/editor.js
 * turns the body into a rich-text editor, autosaves drafts, keeps a local journal of unsaved
 * text, and saves through the JSON API with version checks.
 */
export function EditorPage(props: { ctx: AdminContext; model: EditorModel; flash?: Flash | undefined }) {
  const { ctx, model } = props;
  const a = model.article;
  const role = ctx.user?.role ?? 'contributor';
  const placement = roleCan(role, 'article:edit-placement');
  const taxonomy = roleCan(role, 'taxonomy:manage');
  const rejected = model.rejected?.fields;
  const errorFor = (field: string) => (model.rejected?.field === field ? props.flash?.text : undefined);
  const value = <K extends keyof EditableArticle['content']>(key: K): EditableArticle['content'][K] =>
    (rejected && key in rejected ? rejected[key] : a.content[key]) as EditableArticle['content'][K];
  const disabled = !model.canEdit;
  const lead = model.media.find((m) => m.id === value('leadMediaId'));
  return (
    <AdminLayout ctx={ctx} title={`Edit: ${a.content.headline}`} active="articles" flash={props.flash} scripts={[ctx.assets.editor]} wide>
      <div class="page-head">
        <h1>
          Edit article <span class="muted">#{a.id}</span>
        </h1>
        <span class={`badge status-${a.status}`}>{STATUS_LABEL[a.status]}</span>
      </div>
      <div id="journal-banner" class="flash flash-info" role="status" hidden>
        <p id="journal-text">This browser has unsaved changes to this article.</p>
        <p>
          <button type="button" id="journal-restore">
            Restore them
          </button>{' '}
          <button type="button" id="journal-discard" class="link-button">
            Discard
          </button>
        </p>
      </div>
      <div id="conflict-banner" class="flash flash-error" role="alert" hidden>
        <p id="conflict-text" />
      </div>
      <div class="editor-grid">
        <form
          id="article-form"
          method="post"
          action={`/admin/articles/${a.id}/`}
          class="editor-main"
          data-article-id={String(a.id)}
          data-status={a.status}
          data-version={String(a.version)}
        >
          <Csrf ctx={ctx} />
          <input type="hidden" name="version" value={String(a.version)} />
          <fieldset disabled={disabled}>
            <legend class="visually-hidden">Article</legend>
            <Field id="headline" label="Headline" error={errorFor('headline')}>
              <input type="text" id="headline" name="headline" required maxlength={ARTICLE_LIMITS.headline} value={value('headline')} class="headline-input" />
            </Field>
            <Field id="summary" label="Summary (dek)" error={errorFor('summary')} hint="One or two sentences under the headline and in lists.">
              <textarea id="summary" name="summary" rows={2} maxlength={ARTICLE_LIMITS.summary}>
                {value('summary')}
              </textarea>
            </Field>
            <Field id="dateline" label="Dateline" error={errorFor('dateline')} hint="Opens the first paragraph, e.g. TOKYO">
              <input type="text" id="dateline" name="dateline" maxlength={ARTICLE_LIMITS.dateline} value={value('dateline')} />
            </Field>
            <Field id="bodyHtml" label="Body" error={errorFor('body')}>
              <div id="body-editor" class="body-editor" hidden />
              <textarea id="bodyHtml" name="bodyHtml" rows={18} class="body-source">
                {value('bodyHtml')}
              </textarea>
            </Field>
            <div class="field-row">
              <Field id="subsectionId" label="Section" error={errorFor('section')}>
                <select id="subsectionId" name="subsectionId">
                  <SubsectionOptions sections={model.sections} selected={value('subsectionId')} />
                </select>
              </Field>
              <Field id="seriesId" label="Series" error={errorFor('series')}>
                <select id="seriesId" name="seriesId">
                  <option value="">None</option>
                  {model.series.map((s) => (
                    <option value={String(s.id)} selected={value('seriesId') === s.id}>
                      {s.title}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field id="tagIds" label="Tags" error={errorFor('tags')} hint={taxonomy ? 'Choose tags; add new ones below.' : 'Choose from the existing tags.'}>
              <select id="tagIds" name="tagIds" multiple size={6}>
                {model.tags.map((t) => (
                  <option value={String(t.id)} selected={value('tagIds').includes(t.id)}>
                    {t.name}
                  </option>
                ))}
              </select>
            </Field>
            {taxonomy ? (
              <Field id="newTags" label="New tags" hint="Comma-separated; created when you save.">
                <input type="text" id="newTags" name="newTags" maxlength={500} />
              </Field>
            ) : null}
            <Field id="authorIds" label="Bylines" error={errorFor('bylines')} hint={placement ? undefined : 'Editors change bylines.'}>
              <select id="authorIds" name="authorIds" multiple size={4} disabled={!placement}>
                {model.authors.map((au) => (
                  <option value={String(au.id)} selected={value('authorIds').includes(au.id)}>
                    {au.name}
                    {au.title ? ` (${au.title})` : ''}
                  </option>
                ))}
              </select>
              {!placement
                ? value('authorIds').map((id) => <input type="hidden" name="authorIds" value={String(id)} />)
                : null}
            </Field>
            <fieldset class="group">
              <legend>Lead photo</legend>
              <div class="lead-photo">
                {lead ? <img id="lead-preview" alt="" src={`/media/${(lead.variants[0] ?? lead).key}`} width={160} height={90} /> : <span id="lead-preview-slot" />}
                <div>
                  <Field id="leadMediaId" label="Photo" error={errorFor('photo')}>
                    <select id="leadMediaId" name="leadMediaId">
                      <option value="">No photo</option>
                      {model.media.map((m) => (
                        <option value={String(m.id)} selected={value('leadMediaId') === m.id} data-thumb={`/media/${(m.variants[0] ?? m).key}`} data-caption={m.caption} data-credit={m.credit} data-alt={m.alt}>
                          {`#${m.id} ${m.caption || m.alt || m.key}`.slice(0, 80)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <div class="field" id="upload-field" hidden>
                    <label for="lead-upload">Upload a new photo</label>
                    <input id="lead-upload" type="file" accept="image/jpeg,image/png,image/webp,image/avif" />
                    <p class="hint" id="upload-status" aria-live="polite" />
                  </div>
                </div>
              </div>
              <Field id="leadCaption" label="Caption" error={errorFor('caption')}>
                <textarea id="leadCaption" name="leadCaption" rows={2} maxlength={ARTICLE_LIMITS.caption}>
                  {value('leadCaption') ?? ''}
                </textarea>
              </Field>
              <div class="field-row">
                <Field id="leadCredit" label="Credit" error={errorFor('credit')}>
                  <input type="text" id="leadCredit" name="leadCredit" maxlength={ARTICLE_LIMITS.credit} value={value('leadCredit') ?? ''} />
                </Field>
                <Field id="leadAlt" label="Alt text" error={errorFor('alt text')} hint="What the photo shows, for readers who cannot see it.">
                  <input type="text" id="leadAlt" name="leadAlt" maxlength={ARTICLE_LIMITS.alt} value={value('leadAlt') ?? ''} />
                </Field>
              </div>
            </fieldset>
            {placement ? (
              <div class="field checkbox">
                <input id="isTopStory" name="isTopStory" type="checkbox" value="on" checked={value('isTopStory')} />
                <label for="isTopStory">Top story on the home page</label>
              </div>
            ) : null}
            {a.status === 'published' ? (
              <fieldset class="group">
                <legend>This article is live: how should readers see this change?</legend>
                <div class="radio">
                  <input type="radio" id="change-update" name="changeKind" value="update" checked />
                  <label for="change-update">Update: shown as “(Update N)”</label>
                </div>
                <div class="radio">
                  <input type="radio" id="change-correction" name="changeKind" value="correction" />
                  <label for="change-correction">Correction: a public note says what was wrong</label>
                </div>
                <div class="radio">
                  <input type="radio" id="change-silent" name="changeKind" value="silent" />
                  <label for="change-silent">Minor fix: no marker (typos)</label>
                </div>
                <Field id="changeNote" label="Public note (optional for updates, required for corrections)" error={errorFor('note')}>
                  <textarea id="changeNote" name="changeNote" rows={2} maxlength={ARTICLE_LIMITS.updateNote} />
                </Field>
              </fieldset>
            ) : null}
            <div class="actions">
              <button type="submit" class="primary" id="save-button">
                {a.status === 'published' ? 'Save and update' : 'Save'}
              </button>
              <span id="save-status" class="muted" role="status" aria-live="polite" />
            </div>
          </fieldset>
        </form>
        <aside class="editor-side" aria-label="Publishing">
          <section class="panel">
            <h2>Status</h2>
            <dl class="facts">
              <dt>Status</dt>
              <dd>{STATUS_LABEL[a.status]}</dd>
              <dt>Version</dt>
              <dd id="version-display">{a.version}</dd>
              {a.publishedAt !== null ? (
                <>
                  <dt>Published</dt>
                  <dd>{when(ctx, a.publishedAt)}</dd>
                </>
              ) : null}
              {a.scheduledFor !== null ? (
                <>
                  <dt>Goes out</dt>
                  <dd>{when(ctx, a.scheduledFor)}</dd>
                </>
              ) : null}
              <dt>Last change</dt>
              <dd>{when(ctx, a.modifiedAt)}</dd>
            </dl>
            {model.actions.map((action) => (
              <form method="post" action={`/admin/articles/${a.id}/workflow`} class={`workflow workflow-${action}`}>
                <Csrf ctx={ctx} />
                <input type="hidden" name="version" value={String(a.version)} class="workflow-version" />
                <input type="hidden" name="action" value={action} />
                {action === 'schedule' ? (
                  <>
                    <label for="schedule-at">Publish at ({ctx.time.zoneLabel(ctx.now)})</label>
                    <input id="schedule-at" type="datetime-local" name="at" required min={ctx.time.localInput(ctx.now)} value={a.scheduledFor !== null ? ctx.time.localInput(a.scheduledFor) : ''} />
                  </>
                ) : null}
                <button type="submit" class={action === 'publish' ? 'primary' : action === 'unpublish' ? 'danger' : undefined}>
                  {ACTION_LABEL[action]}
                </button>
              </form>
            ))}
            {model.actions.length === 0 ? <p class="muted small">No workflow steps are open to you for this article.</p> : null}
          </section>
          {model.readers ? <ReadersPanel ctx={ctx} articleId={a.id} readers={model.readers} /> : null}
          <section class="panel">
            <h2>Check</h2>
            <ul class="plain">
              <li>
                <a href={`/admin/articles/${a.id}/preview`} target="_blank" rel="noopener" id="preview-link">
                  Preview the reader page
                </a>
              </li>
              <li>
                <a href={`/admin/articles/${a.id}/revisions/`}>Revisions</a>
              </li>
            </ul>
          </section>
        </aside>
      </div>
    </AdminLayout>
  );
}

/** The article's readers over time, and its place in the rankings (with the editor's controls). */
function ReadersPanel(props: { ctx: AdminContext; articleId: number; readers: NonNullable<EditorModel['readers']> }) {
  const { ctx, readers } = props;
  const back = `/admin/articles/${props.articleId}/`;
  const HOUR = 3_600_000;
  return (
    <section class="panel" aria-labelledby="readers-title">
      <h2 id="readers-title">Readers</h2>
      <ViewsChart id="chart-hours" title="Views, last 48 hours" counts={readers.hourly} from={readers.hourFrom} step={HOUR} buckets={48} time={ctx.time} label={(at) => `${ctx.time.date(at)} ${ctx.time.clockTime(at)}`} />
      <ViewsChart id="chart-days" title="Views, last 30 days" counts={readers.daily} from={readers.dayFrom} step={24 * HOUR} buckets={30} time={ctx.time} label={(at) => ctx.time.date(at)} />
      {readers.hold?.status === 'held' ? (
        <p class="notice">
          Held out of rankings: {(readers.hold.sharePermille / 10).toFixed(1)}% of its views come from one network (since {ctx.time.timestamp(readers.hold.detectedAt)}).
        </p>
      ) : null}
      {readers.excluded ? <p class="notice">Kept out of rankings by an editor.</p> : null}
      {readers.canManage ? (
        <div class="ranking-actions">
          {readers.hold?.status === 'held' ? <RankingAction ctx={ctx} articleId={props.articleId} action="release" label="Release after review" back={back} /> : null}{' '}
          {readers.excluded ? (
            <RankingAction ctx={ctx} articleId={props.articleId} action="include" label="Allow in rankings" back={back} />
          ) : (
            <RankingAction ctx={ctx} articleId={props.articleId} action="exclude" label="Keep out of rankings" back={back} />
          )}
        </div>
      ) : null}
    </section>
  );
}

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
                  <input type="radio" name="from" value={String(r.id)} checked={i === 1 || (revisions.length === 1 && i === 0)} aria-label={`Compare from revision ${r.id}`} />
                </td>
                <td>
                  <input type="radio" name="to" value={String(r.id)} checked={i === 0} aria-label={`Compare to revision ${r.id}`} />
                </td>
                <td>
                  #{r.id} <span class="muted small">v{r.version}</span>
                </td>
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
  leadCredit: 'Credit', leadAlt: 'Alt text', isTopStory: 'Top story',
};

/** Two revisions side by side: removed text struck through, added text underlined (markup shown as text). */
export function ComparePage(props: { ctx: AdminContext; article: EditableArticle; from: Revision; to: Revision; diff: readonly FieldDiff[] }) {
  const { ctx, article, from, to } = props;
  return (
    <AdminLayout ctx={ctx} title="Compare revisions" active="articles" wide>
      <p>
        <a href={`/admin/articles/${article.id}/revisions/`}>← All revisions</a>
      </p>
      <h1>
        Revision #{from.id} → #{to.id}
      </h1>
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
