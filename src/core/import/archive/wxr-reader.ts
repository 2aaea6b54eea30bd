import { SaxesParser } from 'saxes';
import { BroadsheetError } from '../../errors.ts';

/*
 * WordPress's export (WXR 1.1/1.2: RSS 2.0 with wp:, content:, excerpt: and dc: elements) read as a
 * stream: the file is never held in memory, only the item being read. A strict XML parser, so a
 * broken file is refused with its line rather than half-read.
 */

/** One element of the channel or of an item, as text (CDATA and entities resolved). */
export interface WxrRecord {
  /** "item", "wp:author", "wp:category", "wp:tag", "wp:term", or a channel field ("wp:base_site_url", "link"). */
  readonly type: string;
  /** The line the record starts on, for messages. */
  readonly line: number;
  /** Direct child elements' text; a repeated child keeps its first value. */
  readonly fields: ReadonlyMap<string, string>;
  /** An item's `<category domain nicename>`s. */
  readonly categories: readonly { readonly domain: string; readonly nicename: string; readonly name: string }[];
  /** An item's postmeta. */
  readonly meta: ReadonlyMap<string, string>;
  /** An item's comments: how many, and how many approved. */
  readonly comments: { readonly all: number; readonly approved: number };
  /** The text of a channel field. */
  readonly text: string;
}

const RECORDS = new Set(['item', 'wp:author', 'wp:category', 'wp:tag', 'wp:term']);
const CHANNEL_FIELDS = new Set(['wp:base_site_url', 'wp:base_blog_url', 'wp:wxr_version', 'link', 'title']);

interface Open {
  type: string;
  line: number;
  fields: Map<string, string>;
  categories: { domain: string; nicename: string; name: string }[];
  meta: Map<string, string>;
  comments: { all: number; approved: number };
}

/**
 * Reads WXR from `chunks` (text), yielding records as they complete. Throws BS_ERR_IMPORT_MALFORMED
 * naming `file` and the line for anything that is not well-formed XML or not a WXR file.
 */
export async function* readWxr(chunks: AsyncIterable<string>, file: string): AsyncGenerator<WxrRecord> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: WxrRecord[] = [];
  const stack: string[] = [];
  let record: Open | undefined;
  let buf = '';
  let meta: { key: string; value: string } | undefined;
  let comment: { approved: string } | undefined;
  let category: { domain: string; nicename: string } | undefined;
  let sawRss = false;
  let failure: Error | undefined;

  parser.on('opentag', (tag) => {
    const name = tag.name;
    if (stack.length === 0) {
      if (name !== 'rss') failure ??= malformed(file, parser.line, `the root element is <${name}>, not <rss>: this is not a WordPress export`);
      sawRss = true;
    }
    stack.push(name);
    buf = '';
    if (!record && RECORDS.has(name) && stack.at(-2) === 'channel') {
      record = { type: name, line: parser.line, fields: new Map(), categories: [], meta: new Map(), comments: { all: 0, approved: 0 } };
    } else if (record?.type === 'item') {
      if (name === 'wp:postmeta') meta = { key: '', value: '' };
      else if (name === 'wp:comment') comment = { approved: '' };
      else if (name === 'category' && stack.length === 4) {
        const attrs = tag.attributes as Record<string, string>;
        category = { domain: attrs['domain'] ?? '', nicename: attrs['nicename'] ?? '' };
      }
    }
  });
  parser.on('text', (t) => {
    buf += t;
  });
  parser.on('cdata', (t) => {
    buf += t;
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    const depth = stack.length;
    stack.pop();
    if (record && depth === 4) {
      // A direct child of the record (rss > channel > record > child).
      if (name === 'category' && category) {
        record.categories.push({ ...category, name: buf.trim() });
        category = undefined;
      } else if (name === 'wp:postmeta' && meta) {
        record.meta.set(meta.key, meta.value);
        meta = undefined;
      } else if (name === 'wp:comment' && comment) {
        record.comments.all++;
        if (comment.approved === '1') record.comments.approved++;
        comment = undefined;
      } else if (!record.fields.has(name)) record.fields.set(name, buf);
    } else if (record && depth === 5) {
      if (meta && name === 'wp:meta_key') meta.key = buf;
      else if (meta && name === 'wp:meta_value') meta.value = buf;
      else if (comment && name === 'wp:comment_approved') comment.approved = buf.trim();
    } else if (record && depth === 3 && name === record.type) {
      ready.push({ ...record, text: '' });
      record = undefined;
    } else if (!record && depth === 3 && stack.at(-1) === 'channel' && CHANNEL_FIELDS.has(name)) {
      ready.push({ type: name, line: parser.line, fields: new Map(), categories: [], meta: new Map(), comments: { all: 0, approved: 0 }, text: buf.trim() });
    }
    buf = '';
  });
  parser.on('error', (err) => {
    failure ??= malformed(file, parser.line, err.message.replace(/^[^:]*:\d+:\d+: /, ''));
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    if (failure) throw failure;
    yield* ready.splice(0);
  }
  parser.close();
  if (failure) throw failure;
  if (!sawRss) throw malformed(file, parser.line, 'the file is empty');
  yield* ready.splice(0);
}

function malformed(file: string, line: number, detail: string): BroadsheetError {
  return new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line, detail });
}
