import { Parser } from 'htmlparser2';

/**
 * The raw-HTML blocks of a sanitized body (`<div class="raw-html">…</div>`), each as its exact
 * markup, in order. Used to hold writers to the blocks an editor placed: they may keep or remove
 * them, not add or change one (graphics are the desk's work, and raw HTML bypasses the editor's
 * structure even when it is safe).
 */
export function rawHtmlBlocks(sanitized: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = -1;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (depth > 0) {
        if (name === 'div') depth += 1;
        return;
      }
      if (name === 'div' && (attribs.class ?? '').split(/\s+/).includes('raw-html')) {
        depth = 1;
        start = parser.startIndex;
      }
    },
    onclosetag(name) {
      if (depth === 0 || name !== 'div') return;
      depth -= 1;
      if (depth === 0) blocks.push(sanitized.slice(start, parser.endIndex + 1));
    },
  });
  parser.write(sanitized);
  parser.end();
  return blocks;
}

/** True when `next` holds no raw-HTML block that `previous` did not (each kept block counted once). */
export function rawHtmlOnlyKept(previous: string, next: string): boolean {
  const available = rawHtmlBlocks(previous);
  for (const block of rawHtmlBlocks(next)) {
    const at = available.indexOf(block);
    if (at === -1) return false;
    available.splice(at, 1);
  }
  return true;
}
