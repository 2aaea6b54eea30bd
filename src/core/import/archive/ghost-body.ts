import { escapeHtml } from '../../content/sanitize.ts';
import { drop, type ConvertContext } from './convert-html.ts';

/*
 * Ghost's two editor formats, for posts whose rendered `html` is missing: Lexical (Ghost 5's editor,
 * a JSON string inside the export) and Mobiledoc (older posts and Ghost's default pages). Each becomes
 * plain HTML that convert-html.ts then reads like any other; cards the block format has no place for
 * are dropped and counted.
 */

interface LexNode {
  readonly type?: string;
  readonly children?: readonly LexNode[];
  readonly [key: string]: unknown;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const attr = escapeHtml;

/** Lexical's text format bits: bold, italic, strikethrough, underline, code, subscript, superscript. */
function formatted(text: string, format: number): string {
  let out = escapeHtml(text);
  if (format & 1) out = `<strong>${out}</strong>`;
  if (format & 2) out = `<em>${out}</em>`;
  if (format & 32) out = `<sub>${out}</sub>`;
  if (format & 64) out = `<sup>${out}</sup>`;
  return out;
}

function lexical(ctx: ConvertContext, node: LexNode): string {
  const kids = () => (node.children ?? []).map((c) => lexical(ctx, c)).join('');
  const type = (node.type ?? '').replace(/^extended-/, '');
  switch (type) {
    case 'root':
      return (node.children ?? []).map((c) => lexical(ctx, c)).join('\n');
    case 'paragraph':
      return `<p>${kids()}</p>`;
    case 'heading':
      return `<${str(node['tag']) || 'h2'}>${kids()}</${str(node['tag']) || 'h2'}>`;
    case 'quote':
      return `<blockquote><p>${kids()}</p></blockquote>`;
    case 'aside':
      return `<blockquote class="pull-quote"><p>${kids()}</p></blockquote>`;
    case 'list': {
      const tag = node['listType'] === 'number' ? 'ol' : 'ul';
      return `<${tag}>${kids()}</${tag}>`;
    }
    case 'listitem':
      return `<li>${kids()}</li>`;
    case 'text':
      return formatted(str(node['text']), typeof node['format'] === 'number' ? node['format'] : 0);
    case 'link':
      return `<a href="${attr(str(node['url']))}">${kids()}</a>`;
    case 'linebreak':
      return '<br>';
    case 'horizontalrule':
      return '<hr>';
    case 'image':
      return `<figure><img src="${attr(str(node['src']))}" alt="${attr(str(node['alt']))}"><figcaption>${str(node['caption'])}</figcaption></figure>`;
    case 'gallery': {
      const images = Array.isArray(node['images']) ? (node['images'] as LexNode[]) : [];
      return `<div class="gallery">${images.map((i) => `<img src="${attr(str(i['src']))}" alt="${attr(str(i['alt']))}">`).join('')}</div>`;
    }
    case 'embed':
      return `<figure class="embed" data-embed="${attr(str(node['url']))}"><figcaption>${str(node['caption'])}</figcaption></figure>`;
    case 'html':
      return `<!--kg-card-begin: html-->${str(node['html'])}<!--kg-card-end: html-->`;
    case 'bookmark':
      return `<p><a href="${attr(str(node['url']))}">${escapeHtml(str((node['metadata'] as LexNode | undefined)?.['title']) || str(node['url']))}</a></p>`;
    default:
      drop(ctx, `lexical ${node.type ?? 'node'}`);
      return '';
  }
}

/** Ghost's Lexical document (already parsed from its JSON string) as HTML. */
export function lexicalToHtml(ctx: ConvertContext, doc: unknown): string {
  const root = (doc as { root?: LexNode } | null)?.root;
  return root ? lexical(ctx, root) : '';
}

type Marker = [number, number[], number, unknown];

/** Ghost's Mobiledoc document as HTML. */
export function mobiledocToHtml(ctx: ConvertContext, doc: unknown): string {
  const d = doc as { markups?: [string, string[]?][]; cards?: [string, Record<string, unknown>][]; sections?: unknown[][] } | null;
  if (!d || !Array.isArray(d.sections)) return '';
  const markups = d.markups ?? [];
  const cards = d.cards ?? [];
  const markers = (list: Marker[]): string => {
    const open: string[] = [];
    let out = '';
    for (const [kind, opens, closes, value] of list) {
      for (const i of opens) {
        const [tag, attrs = []] = markups[i] ?? ['span'];
        const pairs: string[] = [];
        for (let k = 0; k + 1 < attrs.length; k += 2) pairs.push(` ${attrs[k]}="${attr(String(attrs[k + 1]))}"`);
        out += `<${tag}${pairs.join('')}>`;
        open.push(tag);
      }
      out += kind === 0 ? escapeHtml(str(value)) : '';
      for (let c = 0; c < closes; c++) out += `</${open.pop()}>`;
    }
    return out + open.reverse().map((t) => `</${t}>`).join('');
  };
  return d.sections
    .map((s) => {
      const [kind, a, b] = s as [number, unknown, unknown];
      if (kind === 1) return `<${str(a) || 'p'}>${markers(b as Marker[])}</${str(a) || 'p'}>`;
      if (kind === 3) return `<${str(a) || 'ul'}>${(b as Marker[][]).map((item) => `<li>${markers(item)}</li>`).join('')}</${str(a) || 'ul'}>`;
      if (kind === 2) return `<figure><img src="${attr(str(a))}" alt=""></figure>`;
      if (kind === 10) {
        const [name, payload = {}] = cards[a as number] ?? ['unknown'];
        if (name === 'hr') return '<hr>';
        if (name === 'html') return `<!--kg-card-begin: html-->${str(payload['html'])}<!--kg-card-end: html-->`;
        if (name === 'image') return `<figure><img src="${attr(str(payload['src']))}" alt="${attr(str(payload['alt']))}"><figcaption>${str(payload['caption'])}</figcaption></figure>`;
        if (name === 'embed') return `<figure class="embed" data-embed="${attr(str(payload['url']))}"><figcaption>${str(payload['caption'])}</figcaption></figure>`;
        drop(ctx, `mobiledoc ${name} card`);
      }
      return '';
    })
    .join('\n');
}
