/**
 * The article editor in the browser: a rich-text body (TipTap/ProseMirror, bundled and served
 * from /assets/build/), autosave of drafts, a local journal of unsaved text, version-checked saves
 * through the JSON API, and photo uploads. Without this script the page is a plain form that works.
 *
 * The body schema matches the server's allowlist (src/core/content/sanitize.ts and
 * docs/body-format.md): paragraphs, h2–h4, lists, quotes, pull quotes, links, bold, italic, line
 * breaks, photos, galleries, embeds, tables, dividers and (editors) raw HTML. Pasted Word or Docs
 * content is parsed into this schema, so anything else (fonts, colours, styles) is dropped on paste;
 * the server sanitizes again whatever arrives.
 */
import type { Editor } from '@tiptap/core';
import { bodyHtml } from './body-blocks.ts';
import { createBodyEditor } from './body-editor.ts';
import { editionClock } from './edition-clock.ts';
import { $, input, nullable, selected } from './form-fields.ts';
import { fillSeo, readSeo, setUpSeo } from './seo-preview.ts';
import { setUpComboboxes } from './editor-comboboxes.ts';
import { setUpChecklist } from './checklist.ts';
import { setUpPresence } from './presence.ts';
import { pickPhotos } from './block-dialogs.ts';
import type { ArticleSeo } from '../core/content/article-seo.ts';

interface Content {
  headline: string;
  summary: string;
  bodyHtml: string;
  dateline: string;
  subsectionId: number;
  tagIds: number[];
  authorIds: number[];
  seriesId: number | null;
  leadMediaId: number | null;
  leadCaption: string | null;
  leadCredit: string | null;
  leadAlt: string | null;
  isTopStory: boolean;
  seo?: ArticleSeo | undefined;
}

interface Journal {
  content: Content;
  baseVersion: number;
  at: number;
}

const AUTOSAVE_MS = 5000;

/** The form control of each field a refused save can name (core's field names). */
const FIELD_INPUT: Readonly<Record<string, string>> = {
  headline: 'headline', summary: 'summary', dateline: 'dateline', section: 'subsectionId', series: 'seriesId', note: 'changeNote',
  caption: 'leadCaption', credit: 'leadCredit', 'alt text': 'leadAlt', photo: 'leadMediaId', slug: 'slug', 'SEO title': 'seoTitle',
  'SEO description': 'seoDescription', 'social title': 'socialTitle', 'social description': 'socialDescription', 'social image': 'socialMediaId',
};
const JOURNAL_DELAY_MS = 400;

function main(): void {
  const form = $('article-form') as HTMLFormElement | null;
  if (!form) return;
  const articleId = Number(form.dataset.articleId);
  const status = form.dataset.status ?? 'draft';
  const csrf = document.body.dataset.csrf ?? '';
  const journalKey = `broadsheet:journal:${articleId}`;
  let version = Number(form.dataset.version);
  let dirty = false;
  let saving: Promise<boolean> | undefined;
  let journalTimer: number | undefined;
  const live = status === 'published' || status === 'scheduled';

  const times = editionClock(form);
  const lastChange = $('last-change');

  const statusLine = $('save-status');
  const say = (text: string) => {
    if (statusLine) statusLine.textContent = text;
  };

  // --- rich-text body ---------------------------------------------------------------
  const source = input('bodyHtml') as HTMLTextAreaElement;
  const mount = $('body-editor');
  let editor: Editor | undefined;
  const rawAllowed = form.dataset.rawHtml === 'true';
  if (mount && !form.querySelector('fieldset[disabled]')) {
    editor = createBodyEditor({
      mount, source, csrf, rawAllowed, label: 'Article body (type / for blocks)',
      onChange: (html) => {
        // Normalising transactions (a trailing paragraph, say) are not edits.
        if (html === source.value) return;
        source.value = html;
        changed();
      },
    });
  }

  // --- form state -------------------------------------------------------------------
  const collect = (): Content => ({
    headline: input('headline').value,
    summary: input('summary').value,
    bodyHtml: editor ? bodyHtml(editor.getHTML()) : source.value,
    dateline: input('dateline').value,
    subsectionId: Number(input('subsectionId').value),
    tagIds: selected('tagIds'),
    authorIds: (() => {
      const el = $('authorIds') as HTMLSelectElement | null;
      if (el && !el.disabled) return selected('authorIds');
      return Array.from(form.querySelectorAll<HTMLInputElement>('input[type=hidden][name=authorIds]')).map((i) => Number(i.value));
    })(),
    seriesId: input('seriesId').value ? Number(input('seriesId').value) : null,
    leadMediaId: input('leadMediaId').value ? Number(input('leadMediaId').value) : null,
    leadCaption: nullable(input('leadCaption').value),
    leadCredit: nullable(input('leadCredit').value),
    leadAlt: nullable(input('leadAlt').value),
    isTopStory: ($('isTopStory') as HTMLInputElement | null)?.checked ?? false,
    seo: readSeo(),
  });

  const fill = (c: Content) => {
    input('headline').value = c.headline;
    input('summary').value = c.summary;
    input('dateline').value = c.dateline;
    source.value = c.bodyHtml;
    editor?.commands.setContent(c.bodyHtml, { emitUpdate: false });
    input('subsectionId').value = String(c.subsectionId);
    for (const [id, values] of [['tagIds', c.tagIds], ['authorIds', c.authorIds]] as const) {
      const el = $(id) as HTMLSelectElement | null;
      if (el) for (const o of Array.from(el.options)) o.selected = values.includes(Number(o.value));
      el?.dispatchEvent(new Event('change'));
    }
    input('seriesId').value = c.seriesId === null ? '' : String(c.seriesId);
    input('leadMediaId').value = c.leadMediaId === null ? '' : String(c.leadMediaId);
    input('leadCaption').value = c.leadCaption ?? '';
    input('leadCredit').value = c.leadCredit ?? '';
    input('leadAlt').value = c.leadAlt ?? '';
    const top = $('isTopStory') as HTMLInputElement | null;
    if (top) top.checked = c.isTopStory;
    fillSeo(c.seo);
    for (const id of ['subsectionId', 'seriesId']) $(id)?.dispatchEvent(new Event('change'));
    showLeadPreview();
  };

  const serverContent = collect();
  const same = (a: Content, b: Content) => JSON.stringify(a) === JSON.stringify(b);

  // --- local journal: unsaved text survives a failed network, a crash, a closed tab ----
  const writeJournal = () => {
    try {
      localStorage.setItem(journalKey, JSON.stringify({ content: collect(), baseVersion: version, at: Date.now() } satisfies Journal));
    } catch {
      // storage full or disabled: the server copy is all there is
    }
  };
  const clearJournalIf = (saved: Content) => {
    try {
      const raw = localStorage.getItem(journalKey);
      if (!raw) return;
      const j = JSON.parse(raw) as Journal;
      if (same(j.content, saved)) localStorage.removeItem(journalKey);
    } catch {
      localStorage.removeItem(journalKey);
    }
  };
  const offerJournal = () => {
    let j: Journal | undefined;
    try {
      const raw = localStorage.getItem(journalKey);
      j = raw ? (JSON.parse(raw) as Journal) : undefined;
    } catch {
      j = undefined;
    }
    if (!j || same(j.content, serverContent)) return;
    const banner = $('journal-banner');
    const text = $('journal-text');
    if (!banner || !text) return;
    text.textContent = `This browser kept changes to this article that were not saved (from ${new Date(j.at).toLocaleString()}, based on version ${j.baseVersion}).`;
    banner.hidden = false;
    $('journal-restore')?.addEventListener('click', () => {
      fill((j as Journal).content);
      banner.hidden = true;
      changed();
      say('Restored the unsaved changes; save to keep them.');
    });
    $('journal-discard')?.addEventListener('click', () => {
      localStorage.removeItem(journalKey);
      banner.hidden = true;
    });
  };

  function changed() {
    dirty = true;
    say('Unsaved changes');
    window.clearTimeout(journalTimer);
    journalTimer = window.setTimeout(writeJournal, JOURNAL_DELAY_MS);
  }

  // --- saving -------------------------------------------------------------------------
  const setVersion = (v: number) => {
    version = v;
    form.dataset.version = String(v);
    const hidden = form.querySelector<HTMLInputElement>('input[name=version]');
    if (hidden) hidden.value = String(v);
    for (const el of Array.from(document.querySelectorAll<HTMLInputElement>('.workflow-version'))) el.value = String(v);
    const display = $('version-display');
    if (display) display.textContent = String(v);
  };

  const publicChange = () => {
    const kind = form.querySelector<HTMLInputElement>('input[name=changeKind]:checked')?.value;
    return kind ? { kind, note: (($('changeNote') as HTMLTextAreaElement | null)?.value ?? '') } : undefined;
  };

  const showConflict = (body: { error: { message: string }; current?: { version: number } | null }) => {
    const banner = $('conflict-banner');
    const text = $('conflict-text');
    if (!banner || !text) return;
    text.textContent = `${body.error.message}. Your text stays here and in this browser. Compare it with theirs under Revisions, then reload to continue from their version.`;
    const link = document.createElement('a');
    link.href = `/admin/articles/${articleId}/revisions/`;
    link.textContent = ' Open revisions';
    text.append(link);
    banner.hidden = false;
  };

  /** Points at the field a refused save names: focused, marked invalid, described by the status line. */
  const markField = (field: string | undefined, message?: string) => {
    for (const el of Array.from(form.querySelectorAll('[aria-invalid="true"]'))) el.removeAttribute('aria-invalid');
    const id = field ? FIELD_INPUT[field] : undefined;
    const el = id ? $(id) : null;
    if (message) say(message);
    if (!el) return;
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-describedby', 'save-status');
    el.focus();
  };

  /** Saves through the API; resolves true when the server has the text. */
  const save = (mode: 'save' | 'autosave'): Promise<boolean> => {
    if (saving) return saving;
    const content = collect();
    const toLibrary = mode === 'save' && (($('leadToLibrary') as HTMLInputElement | null)?.checked ?? false);
    const body = JSON.stringify({ version, content, ...(toLibrary ? { leadToLibrary: true } : {}), ...(mode === 'save' && live ? { publicChange: publicChange() } : {}) });
    say(mode === 'autosave' ? 'Autosaving…' : 'Saving…');
    saving = fetch(`/admin/api/articles/${articleId}${mode === 'autosave' ? '/autosave' : ''}`, {
      method: mode === 'autosave' ? 'POST' : 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body,
      credentials: 'same-origin',
    })
      .then(async (res) => {
        const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (res.ok) {
          if (data.applied !== false) setVersion(Number(data.version));
          dirty = !same(content, collect());
          clearJournalIf(content);
          const at = new Date();
          say(`${data.applied === false ? 'Kept aside (live article)' : 'Saved'} at ${times.savedAt(at)} · version ${version}`);
          if (data.applied !== false && lastChange) lastChange.textContent = times.lastChange(at);
          $('conflict-banner')?.setAttribute('hidden', '');
          return true;
        }
        writeJournal();
        if (res.status === 409) {
          showConflict(data as never);
          say('Not saved: someone else saved first.');
        } else {
          const error = (data.error ?? {}) as { message?: string; field?: string };
          say(`Not saved: ${error.message ?? res.statusText}`);
          markField(error.field, error.field === 'note' && publicChange()?.kind === 'correction' ? 'Not saved: a correction needs a public note saying what was wrong. Write it under “Public note”, then save again.' : undefined);
          if (res.status === 401) say('Not saved: your session ended. Log in again in another tab; your text is kept in this browser.');
        }
        return false;
      })
      .catch(() => {
        writeJournal();
        say('Not saved: the connection failed. Your text is kept in this browser and will be saved when the connection is back.');
        return false;
      })
      .finally(() => {
        saving = undefined;
      });
    return saving;
  };

  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save('save').then((ok) => {
      if (ok && live) {
        const note = $('changeNote') as HTMLTextAreaElement | null;
        if (note) note.value = '';
      }
    });
  });

  // Drafts autosave; live articles only save when the editor says so.
  if (!live) {
    window.setInterval(() => {
      if (dirty && !saving && navigator.onLine !== false) void save('autosave');
    }, AUTOSAVE_MS);
  }
  window.addEventListener('online', () => {
    if (dirty && !live) void save('autosave');
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty) {
      writeJournal();
      event.preventDefault();
    }
  });

  // Workflow steps and the preview use the saved article: save first when there are changes.
  for (const wf of Array.from(document.querySelectorAll<HTMLFormElement>('form.workflow'))) {
    wf.addEventListener('submit', (event) => {
      if (!dirty) return;
      event.preventDefault();
      void save('save').then((ok) => {
        if (ok) wf.submit();
      });
    });
  }
  $('preview-link')?.addEventListener('click', (event) => {
    if (!dirty) return;
    event.preventDefault();
    const href = (event.currentTarget as HTMLAnchorElement).href;
    const tab = window.open('about:blank', '_blank');
    void save('save').then((ok) => {
      if (tab) tab.location.href = ok ? href : 'about:blank';
    });
  });

  // --- lead photo -----------------------------------------------------------------------
  const leadSelect = input('leadMediaId') as HTMLSelectElement;
  function showLeadPreview() {
    let img = $('lead-preview') as HTMLImageElement | null;
    const option = leadSelect.selectedOptions[0];
    if (!img) {
      // The page has no preview image until a photo is chosen.
      img = document.createElement('img');
      img.id = 'lead-preview';
      img.alt = '';
      img.width = 160;
      $('lead-preview-slot')?.replaceWith(img);
    }
    if (option?.dataset.thumb) {
      img.src = option.dataset.thumb;
      img.hidden = false;
    } else {
      img.hidden = true;
    }
  }
  leadSelect.addEventListener('change', () => {
    const option = leadSelect.selectedOptions[0];
    // The photo's own caption, credit and alt text start the article's, unless already written.
    for (const [field, key] of [['leadCaption', 'caption'], ['leadCredit', 'credit'], ['leadAlt', 'alt']] as const) {
      const el = input(field);
      if (!el.value && option?.dataset[key]) el.value = option.dataset[key] as string;
    }
    showLeadPreview();
  });

  // The library as a grid (search, thumbnails, upload with its text) instead of a list of names.
  const choose = $('lead-choose');
  if (choose && !form.querySelector('fieldset[disabled]')) {
    choose.hidden = false;
    leadSelect.hidden = true;
    choose.addEventListener('click', () =>
      pickPhotos({
        csrf,
        multiple: false,
        onPick: ([p]) => {
          if (!p?.mediaId) return;
          if (!Array.from(leadSelect.options).some((o) => o.value === String(p.mediaId))) {
            const option = new Option(`#${p.mediaId} ${p.caption || p.alt}`.slice(0, 80), String(p.mediaId));
            option.dataset.thumb = p.src;
            leadSelect.append(option);
          }
          const option = Array.from(leadSelect.options).find((o) => o.value === String(p.mediaId));
          if (option) Object.assign(option.dataset, { caption: p.caption, credit: p.credit, alt: p.alt, thumb: option.dataset.thumb ?? p.src });
          leadSelect.value = String(p.mediaId);
          input('leadCaption').value = p.caption;
          input('leadCredit').value = p.credit;
          input('leadAlt').value = p.alt;
          showLeadPreview();
          changed();
        },
      }),
    );
  }

  const uploadField = $('upload-field');
  const upload = $('lead-upload') as HTMLInputElement | null;
  if (uploadField && upload && !form.querySelector('fieldset[disabled]')) {
    uploadField.hidden = false;
    upload.addEventListener('change', () => {
      const file = upload.files?.[0];
      if (!file) return;
      const status = $('upload-status');
      if (status) status.textContent = 'Uploading…';
      const data = new FormData();
      data.append('caption', input('leadCaption').value);
      data.append('credit', input('leadCredit').value);
      data.append('alt', input('leadAlt').value);
      data.append('file', file);
      fetch('/admin/api/media', { method: 'POST', body: data, headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' })
        .then(async (res) => {
          const body = (await res.json().catch(() => ({}))) as { media?: { id: number; key: string; caption: string; alt: string; credit: string; variants: { key: string }[] }; error?: { message: string } };
          if (!res.ok || !body.media) throw new Error(body.error?.message ?? res.statusText);
          const m = body.media;
          const option = document.createElement('option');
          option.value = String(m.id);
          option.textContent = `#${m.id} ${m.caption || m.alt || file.name}`.slice(0, 80);
          option.dataset.thumb = `/media/${(m.variants[0] ?? m).key}`;
          option.dataset.caption = m.caption;
          option.dataset.credit = m.credit;
          option.dataset.alt = m.alt;
          leadSelect.append(option);
          leadSelect.value = String(m.id);
          leadSelect.dispatchEvent(new Event('change', { bubbles: true }));
          if (status) status.textContent = `Uploaded photo #${m.id}.`;
          upload.value = '';
        })
        .catch((err: Error) => {
          if (status) status.textContent = `Upload refused: ${err.message}`;
        });
    });
  }

  setUpSeo(() => editor?.getText({ blockSeparator: ' ' }) ?? source.value);
  setUpComboboxes(form, csrf);
  setUpChecklist(form);
  setUpPresence({ form, articleId, csrf, editor: () => editor, clock: (at) => times.savedAt(at).replace(/:\d{2} /, ' '), onLost: writeJournal });
  offerJournal();
}

main();
