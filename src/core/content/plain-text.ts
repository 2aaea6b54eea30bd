import { BroadsheetError } from '../errors.ts';

/**
 * Characters no published text may hold: C0 controls other than tab, line feed and carriage
 * return; DEL and the C1 controls; lone surrogates; U+FFFE, U+FFFF and the noncharacters
 * U+FDD0–U+FDEF. XML 1.0 cannot carry the C0 controls, the surrogates, U+FFFE or U+FFFF at all
 * (a feed holding one is not well-formed), and none of the rest is ever part of real text: each is
 * a paste accident or a probe.
 */
const UNPUBLISHABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNPUBLISHABLE_ALL = new RegExp(UNPUBLISHABLE.source, 'g');

/** The first character of `value` that cannot be published, as "U+0007", or undefined. */
export function unpublishableChar(value: string): string | undefined {
  const match = UNPUBLISHABLE.exec(value);
  return match ? `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** `value` without the characters that cannot be published (output writers' last line of defence). */
export function stripUnpublishable(value: string): string {
  return value.replace(UNPUBLISHABLE_ALL, '');
}

/** The registry error for a text holding a character that cannot be published. */
export function unpublishableError(field: string, char: string): BroadsheetError {
  return new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail: `contains a character that cannot be published (${char}); remove it` });
}

export interface PlainTextRule {
  /** Most characters (code points) after trimming. */
  readonly max: number;
  readonly required?: boolean;
  /** Runs of whitespace become one space (names, titles: one line). */
  readonly oneLine?: boolean;
}

/**
 * Every plain-text field a person types (headlines, captions, names, descriptions, notes) passes
 * here on its way in: trimmed, length-checked, and refused with a clear error naming the field and
 * the character when it holds one that cannot be published.
 */
export function plainText(field: string, value: string, rule: PlainTextRule): string {
  const clean = rule.oneLine ? value.trim().replace(/\s+/g, ' ') : value.trim();
  if (rule.required && clean === '') throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail: 'is required' });
  const length = [...clean].length;
  if (length > rule.max) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail: `at most ${rule.max} characters (this has ${length})` });
  const bad = unpublishableChar(clean);
  if (bad) throw unpublishableError(field, bad);
  return clean;
}
