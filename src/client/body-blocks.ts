/**
 * The body's blocks beyond StarterKit, as TipTap nodes whose HTML is exactly the stored body
 * format (docs/body-format.md; the server's allowlist is src/core/content/sanitize.ts): pull
 * quote, photo, gallery, embed and raw HTML. Photos, galleries, embeds and raw HTML are atoms: one
 * unit in the text, edited in a dialog (block-dialogs.ts), never character by character.
 */
import { Node, mergeAttributes } from '@tiptap/core';
import type { DOMOutputSpec } from '@tiptap/pm/model';

export interface PhotoAttrs {
  mediaId: number | null;
  src: string;
  srcset: string | null;
  sizes: string | null;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string;
  credit: string;
}

const EMPTY_PHOTO: PhotoAttrs = { mediaId: null, src: '', srcset: null, sizes: null, width: null, height: null, alt: '', caption: '', credit: '' };

/** A photo's attributes read from `<figure class="photo">` (stored or pasted). */
export function photoFromFigure(figure: Element): PhotoAttrs {
  const img = figure.querySelector('img');
  const caption = figure.querySelector('figcaption');
  const credit = caption?.querySelector('.credit');
  const captionText = caption ? Array.from(caption.childNodes).filter((n) => n !== credit).map((n) => n.textContent ?? '').join('').trim() : '';
  const num = (v: string | null | undefined) => (v && /^\d+$/.test(v) ? Number(v) : null);
  return {
    mediaId: num(figure.getAttribute('data-media-id')),
    src: img?.getAttribute('src') ?? '',
    srcset: img?.getAttribute('srcset') ?? null,
    sizes: img?.getAttribute('sizes') ?? null,
    width: num(img?.getAttribute('width')),
    height: num(img?.getAttribute('height')),
    alt: img?.getAttribute('alt') ?? '',
    caption: captionText,
    credit: credit?.textContent?.trim() ?? '',
  };
}

/** The stored markup of a photo. */
export function photoSpec(p: PhotoAttrs): DOMOutputSpec {
  const img: Record<string, string> = { src: p.src, alt: p.alt };
  if (p.srcset) img.srcset = p.srcset;
  if (p.sizes) img.sizes = p.sizes;
  if (p.width) img.width = String(p.width);
  if (p.height) img.height = String(p.height);
  const figure: Record<string, string> = { class: 'photo' };
  if (p.mediaId) figure['data-media-id'] = String(p.mediaId);
  const caption: DOMOutputSpec[] = [];
  if (p.caption) caption.push(p.caption as unknown as DOMOutputSpec);
  if (p.credit) caption.push(['span', { class: 'credit' }, p.credit]);
  return caption.length > 0 ? ['figure', figure, ['img', img], ['figcaption', {}, ...caption]] : ['figure', figure, ['img', img]];
}

const photoAttributes = () =>
  Object.fromEntries(Object.entries(EMPTY_PHOTO).map(([k, v]) => [k, { default: v }])) as Record<keyof PhotoAttrs, { default: unknown }>;

export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'paragraph+',
  defining: true,
  // Before StarterKit's blockquote (priority 100), which would take any blockquote.
  priority: 200,
  parseHTML: () => [{ tag: 'blockquote.pull-quote' }],
  renderHTML: ({ HTMLAttributes }) => ['blockquote', mergeAttributes(HTMLAttributes, { class: 'pull-quote' }), 0],
});

export const Photo = Node.create({
  name: 'photo',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 200,
  addAttributes: photoAttributes,
  parseHTML: () => [{ tag: 'figure.photo', getAttrs: (el) => ({ ...photoFromFigure(el) }) }],
  renderHTML: ({ node }) => photoSpec(node.attrs as PhotoAttrs),
});

export const Gallery = Node.create({
  name: 'gallery',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 210,
  addAttributes: () => ({ items: { default: [] as PhotoAttrs[] } }),
  parseHTML: () => [{ tag: 'div.gallery', getAttrs: (el) => ({ items: Array.from(el.querySelectorAll('figure.photo')).map(photoFromFigure) }) }],
  renderHTML: ({ node }) => ['div', { class: 'gallery' }, ...(node.attrs.items as PhotoAttrs[]).map(photoSpec)] as DOMOutputSpec,
});

export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 200,
  addAttributes: () => ({ url: { default: '' }, provider: { default: '' }, caption: { default: '' } }),
  parseHTML: () => [
    {
      tag: 'figure.embed',
      getAttrs: (el) => ({
        url: el.getAttribute('data-embed') ?? el.querySelector('a')?.getAttribute('href') ?? '',
        provider: el.getAttribute('data-provider') ?? '',
        caption: el.querySelector('figcaption')?.textContent?.trim() ?? '',
      }),
    },
  ],
  renderHTML: ({ node }) => {
    const { url, provider, caption } = node.attrs as { url: string; provider: string; caption: string };
    const link: DOMOutputSpec = ['a', { href: url }, provider ? `${provider}: ${url}` : url];
    return caption ? ['figure', { class: 'embed', 'data-embed': url }, link, ['figcaption', {}, caption]] : ['figure', { class: 'embed', 'data-embed': url }, link];
  },
});

/**
 * Raw HTML for graphics. The editor never renders it (a pasted `<img onerror>` must not run in the
 * newsroom): the node keeps the source as text, shows it in a `<pre>`, and writes it out as a
 * placeholder that bodyHtml() below turns back into markup in an inert document.
 */
export const RawHtml = Node.create({
  name: 'rawHtml',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  priority: 200,
  addAttributes: () => ({ html: { default: '' } }),
  parseHTML: () => [{ tag: 'div.raw-html', getAttrs: (el) => ({ html: el.innerHTML.trim() }) }],
  renderHTML: ({ node }) => ['div', { class: 'raw-html', 'data-raw': node.attrs.html as string }],
  addNodeView: () => ({ node }) => {
    const dom = document.createElement('div');
    dom.className = 'raw-html-block';
    const label = document.createElement('p');
    label.className = 'block-label';
    label.textContent = 'Raw HTML (graphics; editors change it)';
    const pre = document.createElement('pre');
    pre.textContent = node.attrs.html as string;
    dom.append(label, pre);
    return { dom };
  },
});

/** The body as stored: the editor's HTML with raw-HTML placeholders filled in, in an inert document. */
export function bodyHtml(editorHtml: string): string {
  if (!editorHtml.includes('data-raw')) return editorHtml;
  const doc = new DOMParser().parseFromString(`<body>${editorHtml}</body>`, 'text/html');
  for (const div of Array.from(doc.querySelectorAll('div.raw-html[data-raw]'))) {
    div.innerHTML = div.getAttribute('data-raw') ?? '';
    div.removeAttribute('data-raw');
  }
  return doc.body.innerHTML;
}

/** Words and minutes to read in the body's text (230 words a minute, at least one). */
export function readingStats(text: string): { words: number; minutes: number } {
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return { words, minutes: Math.max(1, Math.round(words / 230)) };
}
