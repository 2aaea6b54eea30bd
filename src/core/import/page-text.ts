import { createHash } from 'node:crypto';
import { unpublishableChar } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';

/**
 * Parser for a saved article page in plain-text form (what a reader's browser shows,
 * copied as text): headline, optional photo caption, timestamp with zone, optional byline,
 * dateline + body, then page chrome ("Related Tags", popular lists, the access ranking),
 * of which only the tag names are kept.
 */
export interface ParsedPage {
  readonly headline: string;
  /** "(Update N)" typed into the headline; the importer turns it into N update entries. */
  readonly updateMarker: number;
  readonly caption: string | null;
  readonly publishedAt: number;
  readonly bylines: readonly { readonly name: string; readonly title: string }[];
  readonly dateline: string;
  readonly paragraphs: readonly string[];
  readonly tags: readonly string[];
  /** Stable identity of the story (headline + instant), so a re-import finds the first. */
  readonly sourceKey: string;
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * UTC offsets of the zone abbreviations newsrooms print. An abbreviation denotes a fixed
 * offset (JST is always +09:00), so this table is exact; ambiguous ones (CST, IST) are left out.
 */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  JST: '+09:00', KST: '+09:00', UTC: '+00:00', GMT: '+00:00', HKT: '+08:00', SGT: '+08:00',
  EST: '-05:00', EDT: '-04:00', PST: '-08:00', PDT: '-07:00', CET: '+01:00', CEST: '+02:00',
  BST: '+01:00', AEST: '+10:00', AEDT: '+11:00',
};

const TIMESTAMP = /^(\d{1,2}):(\d{2}) ([A-Z]{2,5}), ([A-Z][a-z]+) (\d{1,2}), (\d{4})$/;
const BYLINE = /^By ([^/]{2,200}?)(?:\s*\/\s*(.{1,200}))?$/;
/** "KANANASKIS/BANFF, Canada — Text" or "TOKYO, Aug 6 (Reuters) - Text": a capitalised place, a dash, then the story. */
const DATELINE = /^([A-Z][A-Z.'’/&\- ]*[A-Z.](?:,[^—–]{1,60}?)?)\s+(?:—|–|--|-)\s+(\S.*)$/;
const UPDATE_MARKER = /\s*\(Update (\d{1,3})\)\s*$/i;
const TAG_HEADER = /^"(.{1,80})"\s+POPULAR ARTICLES?$/i;
const RELATED_TAGS = /^Related Tags$/i;
const RANKING_HEADER = /ACCESS RANKING$/i;

export const LIMITS = Object.freeze({ headline: 300, caption: 1000, paragraph: 20_000, paragraphs: 500, tags: 20 });

class PageError extends BroadsheetError {
  constructor(file: string, line: number, detail: string) {
    super('BS_ERR_IMPORT_MALFORMED', { file, line, detail });
  }
}

/** Parses one file's text; throws BS_ERR_IMPORT_MALFORMED naming the file and line. */
export function parsePageText(text: string, file: string): ParsedPage {
  if (text.includes('\u0000')) throw new PageError(file, 1, 'not a text file (contains NUL bytes)');
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // Keep 1-based line numbers for errors while skipping blank lines.
  const lines = raw
    .map((content, i) => ({ no: i + 1, text: content.replace(/[\t ]+/g, ' ').trim() }))
    .filter((l) => l.text !== '');
  const first = lines[0];
  if (!first) throw new PageError(file, 1, 'the file is empty');
  // Every line, chrome included: what cannot be published is named where it is, before anything is kept.
  for (const line of lines) {
    const bad = unpublishableChar(line.text);
    if (bad) throw new PageError(file, line.no, `contains a character that cannot be published (${bad}); remove it`);
  }

  const headlineRaw = first.text;
  const marker = UPDATE_MARKER.exec(headlineRaw);
  const headline = headlineRaw.replace(UPDATE_MARKER, '').trim();
  if (headline.length > LIMITS.headline) {
    throw new PageError(file, first.no, `the headline is longer than ${LIMITS.headline} characters`);
  }
  if (TIMESTAMP.test(headline)) throw new PageError(file, first.no, 'expected a headline before the timestamp');

  // The timestamp is on the second line, or the third when a photo caption comes first.
  const stampIndex = lines.findIndex((l, i) => i > 0 && i <= 2 && TIMESTAMP.test(l.text));
  if (stampIndex < 0) {
    const at = lines[1] ?? first;
    throw new PageError(
      file,
      at.no,
      'expected a timestamp such as "15:46 JST, June 18, 2025" on the line after the headline or after the photo caption',
    );
  }
  const stamp = lines[stampIndex] as { no: number; text: string };
  const captionLine = stampIndex === 2 ? lines[1] : undefined;
  if (captionLine && captionLine.text.length > LIMITS.caption) {
    throw new PageError(file, captionLine.no, `the photo caption is longer than ${LIMITS.caption} characters`);
  }
  const publishedAt = parseTimestamp(stamp.text, file, stamp.no);

  let index = stampIndex + 1;
  const bylines: { name: string; title: string }[] = [];
  const bylineLine = lines[index];
  const byline = bylineLine ? BYLINE.exec(bylineLine.text) : null;
  if (byline) {
    const title = (byline[2] ?? '').trim();
    for (const name of (byline[1] as string).split(/\s*(?:,| and )\s*/)) {
      if (name.trim()) bylines.push({ name: name.trim(), title });
    }
    index++;
  }

  const paragraphs: string[] = [];
  const tags: string[] = [];
  let inChrome = false;
  let inTagNames = false;
  for (; index < lines.length; index++) {
    const line = lines[index] as { no: number; text: string };
    if (RELATED_TAGS.test(line.text)) {
      inChrome = true;
      inTagNames = true;
      continue;
    }
    if (RANKING_HEADER.test(line.text)) {
      inChrome = true;
      inTagNames = false;
      continue;
    }
    if (!inChrome) {
      if (line.text.length > LIMITS.paragraph) {
        throw new PageError(file, line.no, `a paragraph is longer than ${LIMITS.paragraph} characters`);
      }
      paragraphs.push(line.text);
      continue;
    }
    const header = TAG_HEADER.exec(line.text);
    if (header) {
      addTag(tags, header[1] as string);
      inTagNames = false;
      continue;
    }
    if (line.text === '-') {
      inTagNames = false;
      continue;
    }
    // Plain lines right after "Related Tags" are tag names; later ones are list headlines (chrome).
    if (inTagNames) addTag(tags, line.text);
  }

  if (paragraphs.length === 0) {
    throw new PageError(file, stamp.no, 'the article has no body paragraphs after the timestamp');
  }
  if (paragraphs.length > LIMITS.paragraphs) {
    throw new PageError(file, stamp.no, `more than ${LIMITS.paragraphs} paragraphs`);
  }
  if (tags.length > LIMITS.tags) throw new PageError(file, stamp.no, `more than ${LIMITS.tags} related tags`);

  let dateline = '';
  const opening = DATELINE.exec(paragraphs[0] as string);
  if (opening && /[A-Z]{2}/.test(opening[1] as string)) {
    dateline = (opening[1] as string).trim();
    paragraphs[0] = opening[2] as string;
  }

  return {
    headline,
    updateMarker: marker ? Number(marker[1]) : 0,
    caption: captionLine?.text ?? null,
    publishedAt,
    bylines,
    dateline,
    paragraphs,
    tags,
    sourceKey: createHash('sha256').update(`${headline}\n${publishedAt}`).digest('hex'),
  };
}

function addTag(tags: string[], name: string): void {
  const clean = name.trim();
  if (clean && clean.length <= 80 && !tags.some((t) => t.toLowerCase() === clean.toLowerCase())) tags.push(clean);
}

function parseTimestamp(text: string, file: string, line: number): number {
  const m = TIMESTAMP.exec(text) as RegExpExecArray;
  const [, hh, mm, zone, monthName, dd, yyyy] = m as unknown as [string, string, string, string, string, string, string];
  const offset = ZONE_OFFSETS[zone];
  if (!offset) {
    throw new PageError(file, line, `unknown time zone "${zone}" (known: ${Object.keys(ZONE_OFFSETS).join(', ')})`);
  }
  const month = MONTHS.indexOf(monthName) + 1;
  if (month === 0) throw new PageError(file, line, `unknown month "${monthName}"`);
  const day = Number(dd);
  const hour = Number(hh);
  const minute = Number(mm);
  const year = Number(yyyy);
  // Date.UTC rolls February 30 over into March; a round trip catches dates that do not exist.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day || hour > 23 || minute > 59) {
    throw new PageError(file, line, `"${text}" is not a real date and time`);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return Date.parse(`${yyyy}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:00${offset}`);
}
