import { isComment, isTag, isText, type ChildNode, type Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { embedFor } from '../../content/embeds.ts';
import { escapeHtml } from '../../content/sanitize.ts';
import type { ArchiveImage } from './archive-model.ts';

/*
 * An old system's article HTML turned into our block format (docs/body-format.md): what the format
 * has is kept as that block (paragraphs, headings, lists, quotes, tables, dividers, photos,
 * galleries, embeds, raw HTML); what it has not is dropped and counted by kind for the summary.
 * The result still goes through the sanitizer when it is written, like everything else.
 */

export interface ConvertContext {
  /** The archive's photo behind an <img> (its src, classes and alt), or undefined when it names none. */
  image(src: string, cls: string, alt: string): ArchiveImage | undefined;
  /** Blocks and elements dropped, by kind. */
  readonly dropped: Record<string, number>;
  /** Photos the body uses, in order, once each. */
  readonly images: ArchiveImage[];
}

export function newContext(image: ConvertContext['image']): ConvertContext {
  return { image, dropped: {}, images: [] };
}

export function drop(ctx: ConvertContext, kind: string, n = 1): void {
  ctx.dropped[kind] = (ctx.dropped[kind] ?? 0) + n;
}

const KEEP = new Set(['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'table', 'hr']);
const HEADINGS: Record<string, string> = { h1: 'h2', h5: 'h4', h6: 'h4' };
const INLINE = new Set(['a', 'strong', 'b', 'em', 'i', 'sub', 'sup', 'br', 'span', 'code', 'u', 's', 'mark', 'small', 'abbr', 'cite', 'del', 'ins', 'time', 'kbd', 'q']);
/** What runs or frames: never kept, always counted. */
const ACTIVE = ['script', 'style', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'noscript', 'video', 'audio'];

const outer = (n: ChildNode | ChildNode[]): string => DomUtils.getOuterHTML(n, { encodeEntities: 'utf8' });
const text = (n: ChildNode | ChildNode[]): string => DomUtils.textContent(n).replace(/\s+/g, ' ').trim();
const classes = (el: Element): string[] => (el.attribs['class'] ?? '').split(/\s+/).filter(Boolean);
const attr = (s: string): string => escapeHtml(s);

/** Counts what runs or frames inside markup that is otherwise kept (raw HTML, tables, quotes). */
function countActive(ctx: ConvertContext, nodes: ChildNode[], where: string): void {
  for (const tag of ACTIVE) {
    const n = DomUtils.findAll((el) => el.name === tag, nodes).length;
    if (n > 0) drop(ctx, `${tag} (in ${where})`, n);
  }
}

function photoHtml(ctx: ConvertContext, img: Element, caption: string): string {
  const src = img.attribs['src'] ?? '';
  const found = ctx.image(src, img.attribs['class'] ?? '', img.attribs['alt'] ?? '');
  if (!found) {
    drop(ctx, 'image without a source');
    return '';
  }
  if (!ctx.images.some((i) => i.url === found.url)) ctx.images.push(found);
  const alt = (img.attribs['alt'] ?? '').trim() || found.alt;
  const cap = caption || found.caption;
  return `<figure class="photo" data-import-src="${attr(found.url)}"><img src="${attr(found.url)}" alt="${attr(alt)}">${cap ? `<figcaption>${escapeHtml(cap)}</figcaption>` : ''}</figure>`;
}

function embedHtml(url: string, caption: string): string {
  const cap = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `<figure class="embed" data-embed="${attr(url)}"><a href="${attr(url)}">${escapeHtml(url)}</a>${cap}</figure>`;
}

/** A social post quoted with its widget markup: the post's own link is the embed. */
function socialLink(el: Element): string | undefined {
  const links = DomUtils.findAll((e) => e.name === 'a' && /^https?:\/\//.test(e.attribs['href'] ?? ''), [el]).map((a) => a.attribs['href'] as string);
  return [...links].reverse().find((href) => embedFor(href) !== undefined) ?? links.at(-1);
}

function rawHtml(ctx: ConvertContext, nodes: ChildNode[]): string {
  // A card that is only a table is a table block; anything else stays raw HTML (editors' graphics).
  const tags = nodes.filter((n) => isTag(n) || (isText(n) && n.data.trim() !== ''));
  if (tags.length === 1 && isTag(tags[0] as ChildNode) && (tags[0] as Element).name === 'table') return outer(tags[0] as Element);
  countActive(ctx, nodes, 'raw HTML');
  return `<div class="raw-html">${outer(nodes)}</div>`;
}

function figure(ctx: ConvertContext, el: Element): string {
  const cls = classes(el);
  const capEl = DomUtils.findOne((e) => e.name === 'figcaption', el.children);
  const caption = capEl ? text(capEl) : '';
  if (cls.includes('embed') && el.attribs['data-embed']) return embedHtml(el.attribs['data-embed'], caption);
  const imgs = DomUtils.findAll((e) => e.name === 'img', el.children);
  if (cls.some((c) => c.includes('gallery')) || imgs.length > 1) {
    const photos = imgs.map((img) => {
      const own = img.parent && isTag(img.parent) && img.parent.name === 'figure' && img.parent !== el ? DomUtils.findOne((e) => e.name === 'figcaption', img.parent.children) : null;
      return photoHtml(ctx, img, own ? text(own) : '');
    });
    return `<div class="gallery">${photos.join('')}</div>${caption ? `<p>${escapeHtml(caption)}</p>` : ''}`;
  }
  if (imgs.length === 1) return photoHtml(ctx, imgs[0] as Element, caption);
  const iframe = DomUtils.findOne((e) => e.name === 'iframe', el.children);
  const tweet = DomUtils.findOne((e) => e.name === 'blockquote', el.children);
  const wrapper = DomUtils.findOne((e) => classes(e).includes('wp-block-embed__wrapper'), el.children);
  const url = iframe?.attribs['src'] ?? (tweet ? socialLink(tweet) : undefined) ?? (wrapper ? text(wrapper) : undefined);
  if (url && /^https?:\/\//.test(url)) {
    if (DomUtils.findAll((e) => e.name === 'script', el.children).length > 0) drop(ctx, 'script (embed widget)');
    return embedHtml(url.replace(/\?feature=oembed$/, ''), caption);
  }
  const table = DomUtils.findOne((e) => e.name === 'table', el.children);
  if (table) return outer(table) + (caption ? `<p>${escapeHtml(caption)}</p>` : '');
  const bookmark = DomUtils.findOne((e) => e.name === 'a', el.children);
  if (cls.includes('kg-bookmark-card') && bookmark) {
    const title = DomUtils.findOne((e) => classes(e).includes('kg-bookmark-title'), el.children);
    return `<p><a href="${attr(bookmark.attribs['href'] ?? '')}">${escapeHtml(title ? text(title) : (bookmark.attribs['href'] ?? ''))}</a></p>`;
  }
  drop(ctx, `figure (${cls.find((c) => c.startsWith('kg-') && c !== 'kg-card') ?? 'unknown'})`);
  return '';
}

function blockquote(ctx: ConvertContext, el: Element): string {
  const cls = classes(el);
  if (cls.includes('twitter-tweet') || cls.includes('instagram-media') || cls.includes('tiktok-embed')) {
    const url = socialLink(el);
    if (url) return embedHtml(url, '');
  }
  countActive(ctx, el.children, 'quote');
  // A quote's source (<cite>) is a line of its own: the body format has no cite element.
  const cites = DomUtils.findAll((e) => e.name === 'cite', el.children);
  for (const c of cites) DomUtils.removeElement(c);
  const body = convertNodes(ctx, el.children, true);
  const source = cites.map((c) => `<p>— ${escapeHtml(text(c).replace(/^[—–-]\s*/, ''))}</p>`).join('');
  const pull = cls.includes('pull-quote') || cls.includes('wp-block-pullquote') || cls.includes('kg-blockquote-alt');
  return `<blockquote${pull ? ' class="pull-quote"' : ''}>${body}${source}</blockquote>`;
}

/** Elements that cannot sit inside a paragraph: where an old body put them there, they are read as blocks. */
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'figure', 'div', 'table', 'hr', 'pre', 'section', 'article', 'aside', 'header', 'footer', 'dl']);

/** Runs of inline content (text, links, emphasis) become paragraphs; photos in them come out after. */
function paragraph(ctx: ConvertContext, nodes: ChildNode[], tag = 'p'): string {
  // <p><p>…</p></p>, <a><div>…</div></a>: a paragraph holding blocks is read as those blocks (never nested paragraphs).
  if (DomUtils.findOne((e) => BLOCK_TAGS.has(e.name), nodes) !== null) {
    return convertNodes(ctx, nodes.flatMap((n) => (isTag(n) && INLINE.has(n.name) ? n.children : [n])));
  }
  const after: string[] = [];
  for (const img of DomUtils.findAll((e) => e.name === 'img', nodes)) {
    after.push(photoHtml(ctx, img, ''));
    DomUtils.removeElement(img);
  }
  // Inside a paragraph only inline markup stays: what runs is dropped and counted; anything else
  // (a stray caption, an unknown or mangled tag) gives up its tag and keeps its text.
  for (const el of DomUtils.findAll((e) => !INLINE.has(e.name), nodes).reverse()) {
    if (ACTIVE.includes(el.name)) {
      drop(ctx, el.name);
      DomUtils.removeElement(el);
      continue;
    }
    for (const child of [...el.children]) DomUtils.prepend(el, child);
    DomUtils.removeElement(el);
  }
  const kept = outer(nodes).trim();
  return `${kept && text(nodes) !== '' ? `<${tag}>${kept}</${tag}>` : ''}${after.join('')}`;
}

function convertNodes(ctx: ConvertContext, nodes: ChildNode[], nested = false): string {
  const out: string[] = [];
  let run: ChildNode[] = [];
  const flush = () => {
    if (run.length > 0) out.push(paragraph(ctx, run));
    run = [];
  };
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ChildNode;
    if (isComment(node)) {
      if (/^\s*kg-card-begin:\s*html\s*$/.test(node.data)) {
        flush();
        const card: ChildNode[] = [];
        for (i++; i < nodes.length; i++) {
          const n = nodes[i] as ChildNode;
          if (isComment(n) && /^\s*kg-card-end:\s*html\s*$/.test(n.data)) break;
          card.push(n);
        }
        out.push(rawHtml(ctx, card));
      }
      continue;
    }
    if (isText(node)) {
      if (node.data.trim() !== '' || run.length > 0) run.push(node);
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name;
    if (INLINE.has(name)) {
      run.push(node);
      continue;
    }
    flush();
    if (name === 'p') out.push(paragraph(ctx, node.children));
    else if (HEADINGS[name] || /^h[2-4]$/.test(name)) out.push(paragraph(ctx, node.children, HEADINGS[name] ?? name));
    else if (KEEP.has(name)) {
      countActive(ctx, node.children, name === 'table' ? 'table' : 'list');
      for (const img of DomUtils.findAll((e) => e.name === 'img', node.children)) {
        DomUtils.removeElement(img);
        drop(ctx, `image (in ${name})`);
      }
      out.push(outer(node));
    } else if (name === 'blockquote') out.push(blockquote(ctx, node));
    else if (name === 'figure') out.push(figure(ctx, node));
    else if (name === 'img') out.push(photoHtml(ctx, node, ''));
    else if (name === 'iframe' && /^https?:\/\//.test(node.attribs['src'] ?? '')) out.push(embedHtml(node.attribs['src'] as string, ''));
    else if (name === 'div' && classes(node).includes('raw-html')) out.push(rawHtml(ctx, node.children));
    else if (name === 'div' && classes(node).includes('gallery')) out.push(figure(ctx, node));
    else if (name === 'pre') out.push(`<p>${escapeHtml(DomUtils.textContent(node).trim()).replace(/\n/g, '<br>')}</p>`);
    else if (ACTIVE.includes(name)) drop(ctx, name);
    else if (['div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'center', 'font'].includes(name)) {
      if (classes(node).some((c) => c.startsWith('kg-') && c !== 'kg-card' && !c.startsWith('kg-width'))) {
        drop(ctx, `card (${classes(node).find((c) => c.startsWith('kg-') && c !== 'kg-card')})`);
      } else out.push(convertNodes(ctx, node.children, nested));
    } else if (name === 'dl') out.push(paragraph(ctx, node.children));
    else drop(ctx, name);
  }
  flush();
  return out.join('\n');
}

/** Converts an HTML body; `ctx` collects the photos it uses and what it dropped. */
export function convertHtml(ctx: ConvertContext, html: string): string {
  const doc = parseDocument(html);
  return convertNodes(ctx, doc.children);
}
