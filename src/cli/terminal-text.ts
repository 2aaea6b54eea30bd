/**
 * Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional overrides
 * and isolates: none of them may reach a terminal from an input file or a database, where they
 * could move the cursor, rewrite earlier lines or reorder what an operator reads.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text from outside (file names, headlines, error details) as it may be printed: unsafe characters shown as \u{XXXX}. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`);
}
