import sanitizeHtml from 'sanitize-html';
import { stripUnpublishable } from './plain-text.ts';

/**
 * The allowlist for article bodies. Contributors are untrusted: whatever HTML arrives
 * (editor, paste, import) is reduced to this structure before it is stored, and again
 * when it is rendered, so a tightened policy also applies to old articles.
 */
const BODY_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'strong', 'em', 'b', 'i',
    'sub', 'sup', 'br', 'figure', 'figcaption', 'img', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    // rel is listed only so the transform below can set it; any value sent in is replaced.
    a: ['href', 'title', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
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
  },
};

/**
 * Reduces untrusted HTML to the article-body allowlist. Idempotent. Characters that cannot be
 * published (plain-text.ts) are dropped, whether typed or written as references (`&#xFFFF;`): a
 * body comes from an editor or a paste, where they are invisible accidents, not text to refuse.
 */
export function sanitizeBody(html: string): string {
  return stripUnpublishable(sanitizeHtml(stripUnpublishable(html), BODY_POLICY)).trim();
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
