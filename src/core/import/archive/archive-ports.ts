/** What one item of an export became here, so a re-run skips it and a killed run resumes after it. */
export interface LedgerEntry {
  /** The export's identity: "wordpress:<site url>" or "ghost:<site url>". */
  readonly source: string;
  readonly kind: LedgerKind;
  /** The item's id in the export (WordPress post id, Ghost ObjectId, image URL, category slug). */
  readonly sourceId: string;
  /** What it became: an article, page, media asset, section, tag or author id. */
  readonly targetId: number;
  /** A hash of the item as exported: a changed item in a later export is told apart from the same one. */
  readonly fingerprint: string;
}

export type LedgerKind = 'post' | 'page' | 'media' | 'section' | 'tag' | 'author';

export interface ImportLedgerRepository {
  find(source: string, kind: LedgerKind, sourceId: string): Promise<LedgerEntry | undefined>;
  put(entry: LedgerEntry): Promise<void>;
}
