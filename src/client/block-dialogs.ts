/**
 * Dialogs that insert and edit the body's atom blocks: photo (from the library or uploaded, with
 * caption, credit and alt text), gallery, embed by URL, and raw HTML. Each is a native <dialog>
 * (focus is trapped and Escape closes it), built once and reused.
 */
import type { Editor } from '@tiptap/core';
import { EMBED_PROVIDERS, embedFor } from '../core/content/embeds.ts';
import type { PhotoAttrs } from './body-blocks.ts';

interface LibraryPhoto {
  id: number;
  key: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: { key: string; width: number; height: number }[];
}

const SIZES = '(min-width: 48rem) 42rem, 100vw';

/** The body markup's attributes for a library photo: a mid-size source and every rendition in srcset. */
export function photoAttrs(m: LibraryPhoto, text: { caption: string; credit: string; alt: string }): PhotoAttrs {
  const variants = [...m.variants].sort((a, b) => a.width - b.width);
  const main = variants.find((v) => v.width >= 800) ?? variants.at(-1);
  return {
    mediaId: m.id,
    src: `/media/${main?.key ?? m.key}`,
    srcset: variants.length > 0 ? variants.map((v) => `/media/${v.key} ${v.width}w`).join(', ') : null,
    sizes: variants.length > 0 ? SIZES : null,
    width: main?.width ?? m.width,
    height: main?.height ?? m.height,
    ...text,
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function field(label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = control.id;
  const wrap = el('div', { className: 'field' }, el('label', { htmlFor: id }, label));
  if (hint) wrap.append(el('p', { className: 'hint' }, hint));
  wrap.append(control);
  return wrap;
}

function dialog(id: string, title: string): { box: HTMLDialogElement; body: HTMLElement; actions: HTMLElement; status: HTMLElement } {
  document.getElementById(id)?.remove();
  const heading = el('h2', { id: `${id}-title` }, title);
  const body = el('div', { className: 'dialog-body' });
  const status = el('p', { className: 'hint dialog-status', role: 'status' });
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const actions = el('div', { className: 'actions' }, cancel);
  const box = el('dialog', { id, className: 'block-dialog' }, heading, body, status, actions);
  box.setAttribute('aria-labelledby', heading.id);
  cancel.addEventListener('click', () => box.close());
  document.body.append(box);
  return { box, body, actions, status };
}

/**
 * The photo picker: the library as a grid of thumbnails (search by caption, credit or alt text),
 * or a new upload; caption, credit and alt text for this use. `multiple` picks a gallery.
 */
export function pickPhotos(opts: { csrf: string; multiple: boolean; current?: PhotoAttrs | undefined; onPick: (photos: PhotoAttrs[]) => void }): void {
  const { box, body, actions, status } = dialog('photo-dialog', opts.multiple ? 'Insert a gallery' : opts.current ? 'Edit photo' : 'Insert a photo');
  const search = el('input', { type: 'search', id: 'photo-search', placeholder: 'Search captions, credits, alt text' });
  const grid = el('div', { className: 'photo-grid', role: 'group' });
  grid.setAttribute('aria-label', 'Library photos');
  const file = el('input', { type: 'file', id: 'photo-file', accept: 'image/jpeg,image/png,image/webp,image/avif' });
  const caption = el('textarea', { id: 'photo-caption', rows: 2, value: opts.current?.caption ?? '' });
  const credit = el('input', { type: 'text', id: 'photo-credit', value: opts.current?.credit ?? '' });
  const alt = el('input', { type: 'text', id: 'photo-alt', value: opts.current?.alt ?? '' });
  const chosen = new Map<number, LibraryPhoto>();
  body.append(field('Search the library', search), grid, field('Or upload a new photo', file, 'Its caption, credit and alt text below go to the library with it.'));
  if (!opts.multiple) body.append(field('Caption', caption), field('Credit', credit), field('Alt text', alt, 'What the photo shows, for readers who cannot see it.'));

  const load = async (q: string) => {
    const res = await fetch(`/admin/api/media?q=${encodeURIComponent(q)}`, { credentials: 'same-origin' });
    const data = (await res.json()) as { media: LibraryPhoto[] };
    grid.replaceChildren();
    for (const m of data.media) {
      const thumb = [...m.variants].sort((a, b) => a.width - b.width)[0] ?? m;
      const button = el('button', { type: 'button', className: 'photo-choice' }, el('img', { src: `/media/${thumb.key}`, alt: m.alt || m.caption || `Photo ${m.id}`, width: 120, height: Math.round((120 * m.height) / Math.max(1, m.width)) }));
      button.setAttribute('aria-pressed', String(chosen.has(m.id) || opts.current?.mediaId === m.id));
      button.dataset.mediaId = String(m.id);
      button.addEventListener('click', () => {
        if (!opts.multiple) {
          chosen.clear();
          for (const b of Array.from(grid.querySelectorAll('button'))) b.setAttribute('aria-pressed', 'false');
          // The library's text starts this use's, where the editor has not written their own.
          if (!caption.value) caption.value = m.caption;
          if (!credit.value) credit.value = m.credit;
          if (!alt.value) alt.value = m.alt;
        }
        if (chosen.has(m.id)) chosen.delete(m.id);
        else chosen.set(m.id, m);
        button.setAttribute('aria-pressed', String(chosen.has(m.id)));
      });
      grid.append(button);
    }
    if (data.media.length === 0) grid.append(el('p', { className: 'hint' }, 'No photos match.'));
  };
  let timer: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(search.value), 250);
  });

  const insert = el('button', { type: 'button', className: 'primary' }, opts.current ? 'Update photo' : 'Insert');
  insert.addEventListener('click', () => {
    void (async () => {
      const text = { caption: caption.value.trim(), credit: credit.value.trim(), alt: alt.value.trim() };
      const upload = file.files?.[0];
      if (upload) {
        status.textContent = 'Uploading…';
        const data = new FormData();
        data.append('caption', text.caption);
        data.append('credit', text.credit);
        data.append('alt', text.alt);
        data.append('file', upload);
        const res = await fetch('/admin/api/media', { method: 'POST', body: data, headers: { 'x-csrf-token': opts.csrf }, credentials: 'same-origin' });
        const out = (await res.json().catch(() => ({}))) as { media?: LibraryPhoto; error?: { message: string } };
        if (!res.ok || !out.media) {
          status.textContent = `Upload refused: ${out.error?.message ?? res.statusText}`;
          return;
        }
        chosen.clear();
        chosen.set(out.media.id, out.media);
      }
      if (chosen.size === 0 && opts.current) {
        opts.onPick([{ ...opts.current, ...text }]);
        box.close();
        return;
      }
      if (chosen.size === 0) {
        status.textContent = 'Choose a photo or upload one.';
        return;
      }
      if (!opts.multiple && !text.alt) {
        status.textContent = 'Add alt text: say what the photo shows.';
        alt.focus();
        return;
      }
      opts.onPick([...chosen.values()].map((m) => photoAttrs(m, opts.multiple ? { caption: m.caption, credit: m.credit, alt: m.alt } : text)));
      box.close();
    })();
  });
  actions.prepend(insert);
  box.showModal();
  void load('');
}

/** Asks for an embed's address and caption; only addresses of known providers are accepted. */
export function pickEmbed(current: { url: string; caption: string } | undefined, onPick: (v: { url: string; provider: string; caption: string }) => void): void {
  const { box, body, actions, status } = dialog('embed-dialog', current ? 'Edit embed' : 'Embed from another site');
  const url = el('input', { type: 'url', id: 'embed-url', value: current?.url ?? '', placeholder: 'https://' });
  const caption = el('input', { type: 'text', id: 'embed-caption', value: current?.caption ?? '' });
  body.append(field('Address of the video, post, map, chart or audio', url, `From ${EMBED_PROVIDERS.join(', ')}.`), field('Caption (optional)', caption));
  const insert = el('button', { type: 'button', className: 'primary' }, current ? 'Update embed' : 'Embed');
  insert.addEventListener('click', () => {
    const embed = embedFor(url.value);
    if (!embed) {
      status.textContent = `That address cannot be embedded. Paste the address of a post, video, map, chart or audio page from ${EMBED_PROVIDERS.join(', ')}.`;
      url.focus();
      return;
    }
    onPick({ url: embed.url, provider: embed.provider, caption: caption.value.trim() });
    box.close();
  });
  actions.prepend(insert);
  box.showModal();
  url.focus();
}

/** Edits a raw-HTML block's source (editors); others see it read-only. */
export function editRawHtml(current: string, canEdit: boolean, onSave: (html: string) => void): void {
  const { box, body, actions } = dialog('raw-dialog', 'Raw HTML');
  const source = el('textarea', { id: 'raw-source', rows: 12, value: current, readOnly: !canEdit, className: 'code' });
  body.append(
    field('HTML', source, 'Kept to the body allowlist on save: structure, links, images and g- classes; scripts, styles, frames and forms are removed. See docs/body-format.md.'),
  );
  if (canEdit) {
    const save = el('button', { type: 'button', className: 'primary' }, 'Save block');
    save.addEventListener('click', () => {
      onSave(source.value.trim());
      box.close();
    });
    actions.prepend(save);
  }
  box.showModal();
}

/** Opens the dialog that edits the selected atom block, if one is selected. Returns whether it did. */
export function editSelectedBlock(editor: Editor, csrf: string, rawAllowed: boolean): boolean {
  const { selection } = editor.state;
  const node = 'node' in selection ? (selection.node as { type: { name: string }; attrs: Record<string, unknown> } | undefined) : undefined;
  if (!node) return false;
  const update = (attrs: Record<string, unknown>) => editor.chain().focus().updateAttributes(node.type.name, attrs).run();
  switch (node.type.name) {
    case 'photo':
      pickPhotos({ csrf, multiple: false, current: node.attrs as unknown as PhotoAttrs, onPick: ([p]) => p && update({ ...p }) });
      return true;
    case 'gallery':
      pickPhotos({ csrf, multiple: true, onPick: (items) => items.length > 0 && update({ items }) });
      return true;
    case 'embed':
      pickEmbed(node.attrs as { url: string; caption: string }, (v) => update(v));
      return true;
    case 'rawHtml':
      editRawHtml(node.attrs.html as string, rawAllowed, (html) => update({ html }));
      return true;
    default:
      return false;
  }
}
