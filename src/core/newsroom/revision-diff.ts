import { diffArrays, diffWords } from 'diff';
import { htmlToText } from '../content/sanitize.ts';
import type { ArticleContent } from './article-content.ts';
import { CONTENT_FIELDS } from './article-content.ts';

/** One run of a diff: kept, added or removed text. */
export interface DiffPart {
  readonly value: string;
  readonly change: 'same' | 'added' | 'removed';
}

export interface FieldDiff {
  readonly field: keyof ArticleContent;
  readonly parts: readonly DiffPart[];
}

/** Splits body HTML into one block per paragraph-level element, so the diff reads paragraph by paragraph. */
function blocks(html: string): string[] {
  return html
    .split(/(?=<(?:p|h[2-4]|ul|ol|blockquote|figure|table|hr|div)[\s>/])/i)
    .map((b) => b.trim())
    .filter(Boolean)
    .map(readable);
}

/**
 * A body block as an editor reads it, not as markup: its text, with non-text blocks named
 * ("[Photo] caption", "[Embed] address"), so a compare shows what changed for readers.
 */
function readable(block: string): string {
  const text = htmlToText(block);
  if (/^<figure[^>]*class="photo"/.test(block)) return `[Photo] ${text}`.trim();
  if (/^<figure[^>]*class="embed"/.test(block)) return `[Embed] ${/data-embed="([^"]*)"/.exec(block)?.[1] ?? ''} ${text}`.trim();
  if (/^<div[^>]*class="gallery"/.test(block)) return `[Gallery of ${(block.match(/<img\b/g) ?? []).length}] ${text}`.trim();
  if (/^<div[^>]*class="raw-html"/.test(block)) return `[Raw HTML] ${text}`.trim();
  if (/^<blockquote[^>]*class="pull-quote"/.test(block)) return `[Pull quote] ${text}`;
  if (/^<hr/.test(block)) return '[Divider]';
  if (/^<h[2-4]/.test(block)) return `## ${text}`;
  if (/^<table/.test(block)) return `[Table] ${text}`;
  return text;
}

const SEO_LABEL: Readonly<Record<string, string>> = { slug: 'slug', title: 'SEO title', description: 'SEO description', socialTitle: 'social title', socialDescription: 'social description', socialMediaId: 'social image' };

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== '' && v !== null)
      .map(([k, v]) => `${SEO_LABEL[k] ?? k}: ${String(v)}`)
      .join('; ');
  }
  return String(value);
}

/**
 * Field-by-field differences between two versions of an article: words within text fields,
 * paragraphs within the body (then words within a changed paragraph). Only changed fields.
 */
export function diffContent(from: ArticleContent, to: ArticleContent): FieldDiff[] {
  const out: FieldDiff[] = [];
  for (const field of CONTENT_FIELDS) {
    const a = from[field];
    const b = to[field];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (field === 'bodyHtml') {
      const parts: DiffPart[] = [];
      const chunks = diffArrays(blocks(String(a ?? '')), blocks(String(b ?? '')));
      for (let i = 0; i < chunks.length; i++) {
        const chunk = chunks[i] as (typeof chunks)[number];
        const next = chunks[i + 1];
        if (chunk.removed && next?.added) {
          // Blocks replaced by as many blocks are edits of them, pair by pair: a text block shows the
          // words that changed; a photo or embed that changed shows as removed and added.
          const count = Math.max(chunk.value.length, next.value.length);
          for (let k = 0; k < count; k++) {
            const before = chunk.value[k];
            const after = next.value[k];
            if (before !== undefined && after !== undefined && !before.startsWith('[') && !after.startsWith('[')) {
              for (const w of diffWords(before, after)) parts.push({ value: w.value, change: w.added ? 'added' : w.removed ? 'removed' : 'same' });
              parts.push({ value: '\n\n', change: 'same' });
            } else {
              if (before !== undefined) parts.push({ value: `${before}\n\n`, change: 'removed' });
              if (after !== undefined) parts.push({ value: `${after}\n\n`, change: 'added' });
            }
          }
          i++;
          continue;
        }
        const change = chunk.added ? 'added' : chunk.removed ? 'removed' : 'same';
        for (const block of chunk.value) parts.push({ value: `${block}\n\n`, change });
      }
      out.push({ field, parts });
    } else {
      const parts = diffWords(show(a), show(b)).map((p) => ({
        value: p.value,
        change: p.added ? ('added' as const) : p.removed ? ('removed' as const) : ('same' as const),
      }));
      out.push({ field, parts });
    }
  }
  return out;
}
