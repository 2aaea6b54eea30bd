import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/*
 * A sanitized body as a list of blocks (docs/body-format.md), for apps that render natively instead
 * of showing HTML: each block names its kind and carries what that kind needs. Inline markup inside
 * paragraphs, list items, quotes and tables stays as sanitized HTML (`html`), so links and emphasis
 * survive; everything else is plain values. The input is the sanitizer's output, never raw HTML.
 */

export type BodyBlock =
  | { readonly type: 'paragraph'; readonly html: string }
  | { readonly type: 'heading'; readonly level: 2 | 3 | 4; readonly text: string }
  | { readonly type: 'list'; readonly ordered: boolean; readonly items: readonly string[] }
  | { readonly type: 'quote'; readonly pull: boolean; readonly html: string; readonly text: string }
  | { readonly type: 'photo'; readonly mediaId: number | null; readonly src: string; readonly alt: string; readonly caption: string; readonly credit: string }
  | { readonly type: 'gallery'; readonly photos: readonly Extract<BodyBlock, { type: 'photo' }>[] }
  | { readonly type: 'embed'; readonly url: string; readonly provider: string | null; readonly kind: string | null; readonly caption: string }
  | { readonly type: 'table'; readonly html: string }
  | { readonly type: 'divider' }
  | { readonly type: 'raw'; readonly html: string };

const html = (nodes: ChildNode | ChildNode[]): string => DomUtils.getOuterHTML(nodes, { encodeEntities: 'utf8' });
const innerHtml = (el: Element): string => DomUtils.getInnerHTML(el, { encodeEntities: 'utf8' });
const text = (nodes: ChildNode | ChildNode[]): string => DomUtils.textContent(nodes).replace(/\s+/g, ' ').trim();
const hasClass = (el: Element, c: string) => (el.attribs['class'] ?? '').split(/\s+/).includes(c);

function photo(figure: Element): Extract<BodyBlock, { type: 'photo' }> {
  const img = DomUtils.findOne((e) => e.name === 'img', figure.children);
  const cap = DomUtils.findOne((e) => e.name === 'figcaption', figure.children);
  const credit = cap ? DomUtils.findOne((e) => hasClass(e, 'credit'), cap.children) : null;
  const captionText = cap ? text(cap.children.filter((c) => c !== credit)) : '';
  const id = Number(figure.attribs['data-media-id']);
  return {
    type: 'photo',
    mediaId: Number.isSafeInteger(id) && id > 0 ? id : null,
    src: img?.attribs['src'] ?? '',
    alt: img?.attribs['alt'] ?? '',
    caption: captionText,
    credit: credit ? text(credit) : '',
  };
}

function block(el: Element): BodyBlock | undefined {
  switch (el.name) {
    case 'p':
      return { type: 'paragraph', html: innerHtml(el) };
    case 'h2':
    case 'h3':
    case 'h4':
      return { type: 'heading', level: Number(el.name[1]) as 2 | 3 | 4, text: text(el) };
    case 'ul':
    case 'ol':
      return { type: 'list', ordered: el.name === 'ol', items: el.children.filter((c): c is Element => isTag(c) && c.name === 'li').map(innerHtml) };
    case 'blockquote':
      return { type: 'quote', pull: hasClass(el, 'pull-quote'), html: innerHtml(el), text: text(el) };
    case 'hr':
      return { type: 'divider' };
    case 'table':
      return { type: 'table', html: html(el) };
    case 'figure': {
      if (hasClass(el, 'photo')) return photo(el);
      const url = el.attribs['data-embed'];
      const cap = DomUtils.findOne((e) => e.name === 'figcaption', el.children);
      if (url) return { type: 'embed', url, provider: el.attribs['data-provider'] ?? null, kind: el.attribs['data-embed-kind'] ?? null, caption: cap ? text(cap) : '' };
      const link = DomUtils.findOne((e) => e.name === 'a', el.children);
      return link ? { type: 'paragraph', html: html(link) } : undefined;
    }
    case 'div':
      if (hasClass(el, 'gallery')) return { type: 'gallery', photos: el.children.filter((c): c is Element => isTag(c) && c.name === 'figure').map(photo) };
      if (hasClass(el, 'raw-html')) return { type: 'raw', html: innerHtml(el) };
      return { type: 'raw', html: html(el) };
    default:
      return { type: 'paragraph', html: html(el) };
  }
}

/** The body's blocks, in order. */
export function bodyBlocks(sanitized: string): BodyBlock[] {
  const out: BodyBlock[] = [];
  for (const node of parseDocument(sanitized).children) {
    if (isTag(node)) {
      const b = block(node);
      if (b) out.push(b);
    } else if (isText(node) && node.data.trim() !== '') out.push({ type: 'paragraph', html: html(node) });
  }
  return out;
}
