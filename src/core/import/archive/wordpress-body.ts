import { escapeHtml } from '../../content/sanitize.ts';
import { convertHtml, drop, type ConvertContext } from './convert-html.ts';

/*
 * WordPress post content: Gutenberg's serialized blocks (`<!-- wp:name {json} -->…<!-- /wp:name -->`),
 * classic-editor content (no <p>: paragraphs are blank lines, as wpautop makes them on display) and
 * the shortcodes older content carries ([caption], [gallery], [embed]). Turned into plain HTML with
 * our photo, gallery, embed and raw-HTML markers, then into blocks by convert-html.ts.
 */

/** Blocks whose inner HTML is ordinary markup the converter reads. */
const MARKUP_BLOCKS = new Set([
  'paragraph', 'heading', 'list', 'list-item', 'quote', 'pullquote', 'table', 'separator', 'image', 'gallery',
  'preformatted', 'code', 'verse', 'freeform', 'group', 'columns', 'column', 'media-text', 'cover',
]);
const IGNORED = new Set(['more', 'nextpage', 'spacer']);

interface Block {
  readonly name: string;
  readonly attrs: Record<string, unknown>;
  /** The block's HTML with inner blocks' markup in place (block comments removed). */
  html: string;
  readonly inner: Block[];
}

const COMMENT = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s+(\{[\s\S]*?\}\s+)?(\/)?-->/g;

/** Splits serialized content into top-level blocks; text outside any block is a "freeform" block. */
export function parseBlocks(content: string): Block[] {
  const top: Block[] = [];
  const stack: Block[] = [];
  let last = 0;
  const addText = (s: string) => {
    if (stack.length > 0) (stack.at(-1) as Block).html += s;
    else if (s.trim() !== '') top.push({ name: 'freeform', attrs: {}, html: s, inner: [] });
  };
  for (const m of content.matchAll(COMMENT)) {
    addText(content.slice(last, m.index));
    last = m.index + m[0].length;
    const [, closing, rawName, json, selfClosing] = m;
    const name = (rawName as string).replace(/^core\//, '');
    if (closing) {
      const done = stack.pop();
      if (!done) continue;
      if (stack.length > 0) {
        const parent = stack.at(-1) as Block;
        parent.inner.push(done);
        parent.html += done.html;
      } else top.push(done);
      continue;
    }
    let attrs: Record<string, unknown>;
    try {
      attrs = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    } catch {
      attrs = {};
    }
    const block: Block = { name, attrs, html: '', inner: [] };
    if (selfClosing) {
      if (stack.length > 0) (stack.at(-1) as Block).inner.push(block);
      else top.push(block);
    } else stack.push(block);
  }
  addText(content.slice(last));
  while (stack.length > 0) top.push(stack.shift() as Block);
  return top;
}

/** wpautop's paragraphs: blank lines part paragraphs, single line breaks are <br>, block tags stay as they are. */
export function autop(text: string): string {
  const BLOCK = /^<\/?(p|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|td|th|figure|div|pre|hr|iframe|img|dl|section)\b/i;
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

function shortcodeAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([a-z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/gi)) out[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return out;
}

/** [caption], [gallery], [embed] and a bare URL on its own line (WordPress's auto-embed); other shortcodes are dropped and counted. */
export function shortcodes(ctx: ConvertContext, text: string): string {
  return text
    .replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/gi, (_m, _a: string, body: string) => {
      const img = /<img[^>]*>/i.exec(body)?.[0] ?? '';
      const caption = body.replace(/<a[^>]*>\s*<img[^>]*>\s*<\/a>|<img[^>]*>/i, '').trim();
      return `\n\n<figure>${img}<figcaption>${caption}</figcaption></figure>\n\n`;
    })
    .replace(/\[gallery([^\]]*)\]/gi, (_m, a: string) => {
      const ids = (shortcodeAttrs(a)['ids'] ?? '').split(',').map((s) => s.trim()).filter((s) => /^\d+$/.test(s));
      if (ids.length === 0) {
        drop(ctx, 'shortcode [gallery] without ids');
        return '';
      }
      return `\n\n<div class="gallery">${ids.map((id) => `<img class="wp-image-${id}" src="" alt="">`).join('')}</div>\n\n`;
    })
    .replace(/\[embed[^\]]*\]\s*(https?:\/\/[^\s[]+)\s*\[\/embed\]/gi, (_m, url: string) => `\n\n<figure class="embed" data-embed="${escapeHtml(url)}"></figure>\n\n`)
    .replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gm, (line, url: string) => (/\.(jpe?g|png|gif|webp)$/i.test(url) ? line : `\n\n<figure class="embed" data-embed="${escapeHtml(url)}"></figure>\n\n`))
    .replace(/\[\/?([a-z][a-z0-9_-]*)[^\]]*\]/gi, (m, name: string) => {
      if (/^\[\d/.test(m)) return m;
      if (!m.startsWith('[/')) drop(ctx, `shortcode [${name.toLowerCase()}]`);
      return '';
    });
}

function blockHtml(ctx: ConvertContext, block: Block): string {
  const { name } = block;
  if (name === 'freeform') return autop(shortcodes(ctx, block.html));
  if (name === 'embed' || name.startsWith('core-embed/')) {
    const url = typeof block.attrs['url'] === 'string' ? block.attrs['url'] : /https?:\/\/[^\s<"]+/.exec(block.html)?.[0];
    if (!url) return drop(ctx, 'wp:embed without an address'), '';
    const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/.exec(block.html)?.[1] ?? '';
    return `<figure class="embed" data-embed="${escapeHtml(url)}"><figcaption>${caption}</figcaption></figure>`;
  }
  if (name === 'html') return `<div class="raw-html">${block.html}</div>`;
  if (name === 'shortcode') return autop(shortcodes(ctx, block.html));
  if (name === 'image' && typeof block.attrs['id'] === 'number' && !/wp-image-\d+/.test(block.html)) {
    return block.html.replace(/<img\b/, `<img class="wp-image-${block.attrs['id']}"`);
  }
  if (MARKUP_BLOCKS.has(name)) return block.html;
  if (!IGNORED.has(name)) drop(ctx, `wp:${name}`);
  return '';
}

/** A WordPress post's content in our block format; photos and drops are recorded in `ctx`. */
export function wordpressBody(ctx: ConvertContext, content: string): string {
  if (content.trim() === '') return '';
  return convertHtml(ctx, parseBlocks(content).map((b) => blockHtml(ctx, b)).join('\n'));
}
