import { diffArrays, diffWords } from 'diff';
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
    .split(/(?=<(?:p|h[2-4]|ul|ol|blockquote|figure|table|hr)[\s>])/i)
    .map((b) => b.trim())
    .filter(Boolean);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
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
      for (const chunk of diffArrays(blocks(String(a)), blocks(String(b)))) {
        const change = chunk.added ? 'added' : chunk.removed ? 'removed' : 'same';
        for (const block of chunk.value) parts.push({ value: block, change });
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
