import sanitizeHtml from 'sanitize-html';
import { stripUnpublishable } from './plain-text.ts';
import { embedFor } from './embeds.ts';

/**
 * The allowlist for article bodies. Contributors are untrusted: whatever HTML arrives
 * (editor, paste, import) is reduced to this structure before it is stored, and again
 * when it is rendered, so a tightened policy also applies to old articles.
 *
 * The blocks (docs/body-format.md): paragraphs, h2–h4, lists, quotes, pull quotes
 * (`blockquote.pull-quote`), photos (`figure.photo`), galleries (`div.gallery` of photos), embeds
 * (`figure.embed` with the page address in `data-embed`), tables, dividers (`hr`) and raw HTML
 * (`div.raw-html`, which editors alone may add or change: core/newsroom/raw-html-rule.ts). Inside
 * raw HTML the graphics desk also has div, span, section, small, abbr, mark, cite, dl/dt/dd, caption
 * and classes named `g-…`; never scripts, styles, frames, forms or SVG. Those extra tags are harmless
 * anywhere, so one policy serves the whole body.
 */
const BLOCK_TAGS = [
  'p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'strong', 'em', 'b', 'i',
  'sub', 'sup', 'br', 'figure', 'figcaption', 'img', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
];
const RAW_EXTRA_TAGS = ['div', 'span', 'section', 'small', 'abbr', 'mark', 'cite', 'dl', 'dt', 'dd', 'caption'];

const BODY_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...BLOCK_TAGS, ...RAW_EXTRA_TAGS],
  allowedAttributes: {
    // rel is listed only so the transform below can set it; any value sent in is replaced.
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
    // data-provider, data-embed-src and data-embed-kind are derived from data-embed below; sent values are replaced.
    figure: ['class', 'data-media-id', 'data-embed', 'data-provider', 'data-embed-src', 'data-embed-kind'],
    abbr: ['title'],
    '*': ['class'],
  },
  allowedClasses: {
    blockquote: ['pull-quote'],
    figure: ['photo', 'embed'],
    div: ['gallery', 'raw-html'],
    span: ['credit'],
    '*': ['g-*'],
  },
  // Scheme checks apply to absolute URLs; relative ones (our /media/ paths) pass.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // An image without a source, and a paragraph with nothing in it (the editor leaves `<p></p>` after
  // a heading or a deleted line): neither is content, and a reader would see a gap.
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'p' && frame.text.trim() === '' && frame.mediaChildren.length === 0),
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      // Links in contributed text must not lend our page's authority or its window.opener.
      attribs: { ...attribs, rel: 'nofollow noopener noreferrer' },
    }),
    figure: (tagName, attribs) => ({ tagName, attribs: figureAttributes(attribs) }),
    // An image always says what it shows; one pasted without alt text is marked decorative rather than left unlabelled.
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, alt: attribs.alt ?? '' } }),
  },
};

/**
 * A figure's attributes: a photo keeps its library id when it is a number; an embed keeps its page
 * address only when it is a provider we embed, and gets its player address from our table, never
 * from what was sent. An embed we cannot play becomes a plain figure (its link stays).
 */
function figureAttributes(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const classes = (attribs.class ?? '').split(/\s+/);
  const out: sanitizeHtml.Attributes = {};
  if (classes.includes('embed')) {
    const embed = embedFor(attribs['data-embed'] ?? '');
    if (embed) {
      return { class: 'embed', 'data-embed': embed.url, 'data-provider': embed.provider, 'data-embed-kind': embed.kind, 'data-embed-src': embed.src };
    }
    return out;
  }
  if (classes.includes('photo')) {
    out.class = 'photo';
    const id = attribs['data-media-id'] ?? '';
    if (/^[1-9]\d{0,12}$/.test(id)) out['data-media-id'] = id;
  }
  return out;
}

/**
 * Reduces untrusted HTML to the article-body allowlist. Idempotent. Characters that cannot be
 * published (plain-text.ts) are dropped, whether typed or written as references (`&#xFFFF;`): a
 * body comes from an editor or a paste, where they are invisible accidents, not text to refuse.
 */
export function sanitizeBody(html: string): string {
  return stripUnpublishable(sanitizeHtml(stripUnpublishable(html), BODY_POLICY)).trim();
}

/**
 * The body as feeds carry it: the same blocks without our classes and data attributes, so an embed
 * is its link and caption (feed readers run no scripts and load no facades) and a raw-HTML graphic
 * is its plain structure. Input must already be sanitized.
 */
export function feedBody(sanitized: string): string {
  return sanitizeHtml(sanitized, {
    ...BODY_POLICY,
    allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'], th: ['scope', 'colspan', 'rowspan'], td: ['colspan', 'rowspan'], abbr: ['title'] },
    allowedClasses: {},
    transformTags: {},
  });
}

/** Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const text = sanitizeHtml(html.replace(/<\/(p|h\d|li|blockquote|figcaption)>/gi, '$& '), {
    allowedTags: [],
    allowedAttributes: {},
  });
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in NAMED) return NAMED[lower] ?? whole;
    const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : lower.startsWith('#') ? parseInt(lower.slice(1), 10) : NaN;
    return code >= 0 && code <= 0x10ffff ? stripUnpublishable(String.fromCodePoint(code)) : whole;
  });
}

/** Escapes text for inclusion in HTML we assemble ourselves (paragraphs from plain-text imports). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
