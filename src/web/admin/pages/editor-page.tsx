import type { ComponentChildren } from 'preact';
import { roleCan } from '../../../core/access/roles.ts';

import { ARTICLE_LIMITS } from '../../../core/content/limits.ts';

import type { EditableArticle } from '../../../core/newsroom/article-content.ts';
import type { WorkflowAction } from '../../../core/newsroom/change-status.ts';

import { ViewsChart } from '../components/views-chart.tsx';
import { articlePath } from '../../../core/content/article-path.ts';
import { EMPTY_SEO, type ArticleSeo } from '../../../core/content/article-seo.ts';
import { teaserFor } from '../../../core/content/excerpt.ts';
import { htmlToText } from '../../../core/content/sanitize.ts';
import { SeoSettings } from './editor-settings.tsx';
import { ChecklistPanel } from './checklist-panel.tsx';
import { RankingAction } from './ranking-pages.tsx';
import { AccessPanel } from './access-panel.tsx';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';
import { STATUS_LABEL, SubsectionOptions, when } from './article-common.tsx';
import type { EditorData } from '../../../core/newsroom/newsroom.ts';

/** What the editor shows (core's EditorData), and the submitted values to show again after a refused save. */
export type EditorModel = EditorData & {
  readonly rejected?: { readonly fields: Record<string, unknown>; readonly field?: string | undefined } | undefined;
  /** Notes between writer and editor (never public). */
  readonly notes?: readonly { readonly id: number; readonly author: string; readonly body: string; readonly createdAt: number }[];
  /** Alert newsletters this editor can send the (published) article to. */
  readonly alerts?: readonly { readonly id: number; readonly name: string }[];
  /** The editor may say who reads the article (everyone, members, paying members). */
  readonly canSetAccess?: boolean;
};

const ACTION_LABEL: Readonly<Record<WorkflowAction, string>> = {
  submit: 'Submit for review',
  return: 'Return to draft',
  publish: 'Publish now',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  unpublish: 'Unpublish',
};

/** The settings as last submitted, when a save was refused (so the form shows what was typed). */
function rejectedSeo(fields: Record<string, unknown> | undefined): ArticleSeo | undefined {
  const seo = fields?.seo as Partial<ArticleSeo> | undefined;
  return seo ? { ...EMPTY_SEO, ...seo } : undefined;
}

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
  const taxonomy = roleCan(role, 'tag:create');
  const rejected = model.rejected?.fields;
  const errorFor = (field: string) => (model.rejected?.field === field ? props.flash?.text : undefined);
  const value = <K extends keyof EditableArticle['content']>(key: K): EditableArticle['content'][K] =>
    (rejected && key in rejected ? rejected[key] : a.content[key]) as EditableArticle['content'][K];
  const disabled = !model.canEdit;
  const lead = model.media.find((m) => m.id === value('leadMediaId'));
  const seoValue = rejectedSeo(rejected) ?? a.content.seo ?? EMPTY_SEO;
  const livePath = a.status === 'published' && a.publishedAt !== null ? articlePath({ id: a.id, subsectionId: a.content.subsectionId, publishedAt: a.publishedAt, slug: (a.content.seo ?? EMPTY_SEO).slug }, model.sections, ctx.time) : null;
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
      <div id="lock-banner" class="flash flash-info" role="alert" hidden>
        <p id="lock-text" />
        <p>
          <button type="button" id="lock-takeover">
            Take over editing
          </button>
        </p>
      </div>
      <p id="presence" class="presence muted" role="status" aria-live="polite" />
      <div class="editor-grid">
        <form
          id="article-form"
          method="post"
          action={`/admin/articles/${a.id}/`}
          class="editor-main"
          data-article-id={String(a.id)}
          data-status={a.status}
          data-version={String(a.version)}
          data-time-zone={ctx.time.timeZone}
          data-zone-label={ctx.time.zoneLabel(ctx.now)}
          data-raw-html={String(roleCan(role, 'article:raw-html'))}
          data-tag-create={String(roleCan(role, 'tag:create'))}
          data-heartbeat-ms={String(ctx.heartbeatMs ?? 15_000)}
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
              <details class="shortcuts">
                <summary>Blocks and shortcuts</summary>
                <p class="hint">
                  Type <kbd>/</kbd> on an empty line to insert a photo, gallery, embed, table, pull quote or divider. Ctrl+B bold, Ctrl+I italic, Ctrl+K link,
                  Ctrl+Alt+2 / 3 headings, Ctrl+Shift+8 / 7 lists, Ctrl+Shift+B quote, Ctrl+Z undo. Double-click a photo, gallery or embed to edit it.
                </p>
              </details>
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
            <Field id="tagIds" label="Tags" error={errorFor('tags')} hint={taxonomy ? 'Choose tags, or name a new one.' : 'Choose from the existing tags.'}>
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
                  <p>
                    <button type="button" id="lead-choose" hidden>
                      Choose from the library or upload…
                    </button>
                  </p>
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
              <div class="field checkbox">
                <input id="leadToLibrary" name="leadToLibrary" type="checkbox" value="on" checked />
                <label for="leadToLibrary">Also save this text to the photo in the media library (untick to keep it for this article only)</label>
              </div>
            </fieldset>
            <SeoSettings
              ctx={ctx}
              model={model}
              seo={seoValue}
              errorFor={errorFor}
              text={{ headline: value('headline'), summary: value('summary'), teaser: teaserFor(value('summary'), htmlToText(value('bodyHtml'))), subsectionId: value('subsectionId'), leadMediaId: value('leadMediaId') }}
            />
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
                  <input type="radio" id="change-update" name="changeKind" value="update" />
                  <label for="change-update">Update: shown as “(Update N)”</label>
                </div>
                <div class="radio">
                  <input type="radio" id="change-correction" name="changeKind" value="correction" />
                  <label for="change-correction">Correction: a public note says what was wrong</label>
                </div>
                <div class="radio">
                  {/* The default: most saves of a live article fix a typo, and "(Update N)" must be a choice. */}
                  <input type="radio" id="change-silent" name="changeKind" value="silent" checked />
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
              <dd id="last-change">{when(ctx, a.modifiedAt)}</dd>
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
          {model.canEdit && a.status !== 'published' ? <ChecklistPanel model={model} /> : null}
          <NotesPanel ctx={ctx} articleId={a.id} notes={model.notes ?? []} />
          <AccessPanel ctx={ctx} articleId={a.id} access={a.access} canChange={model.canSetAccess === true} />
          {model.readers ? <ReadersPanel ctx={ctx} articleId={a.id} readers={model.readers} /> : null}
          {livePath && model.alerts && model.alerts.length > 0 ? (
            <section class="panel">
              <h2>Breaking-news alert</h2>
              <p class="muted small">Mails this article to every subscriber, once.</p>
              {model.alerts.map((n) => (
                <form method="post" action={`/admin/newsletters/${n.id}/alert`}>
                  <Csrf ctx={ctx} />
                  <input type="hidden" name="article" value={String(a.id)} />
                  <input type="hidden" name="send" value="now" />
                  <button type="submit">Send as a {n.name} alert</button>
                </form>
              ))}
            </section>
          ) : null}
          <section class="panel">
            <h2>Check</h2>
            <ul class="plain">
              {livePath ? (
                <li>
                  <a href={livePath} id="live-link">
                    View the live article
                  </a>
                </li>
              ) : null}
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

/** Notes between writer and editor on this article: kept in the newsroom, never on the public page. */
function NotesPanel(props: { ctx: AdminContext; articleId: number; notes: NonNullable<EditorModel['notes']> }) {
  const { ctx } = props;
  return (
    <section class="panel" id="notes" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes</h2>
      {props.notes.length === 0 ? <p class="muted small">No notes yet. Only the newsroom sees them.</p> : null}
      <ol class="notes">
        {props.notes.map((n) => (
          <li>
            <p class="note-meta">
              <strong>{n.author}</strong> <span class="muted small">{ctx.time.timestamp(n.createdAt)}</span>
            </p>
            <p class="note-body">{n.body}</p>
          </li>
        ))}
      </ol>
      <form method="post" action={`/admin/articles/${props.articleId}/notes`} class="stack">
        <Csrf ctx={ctx} />
        <label for="note-body">Add a note</label>
        <textarea id="note-body" name="body" rows={3} maxlength={2000} required />
        <button type="submit">Add note</button>
      </form>
    </section>
  );
}
