/** What an archive import did (or, in a dry run, would do), for the operator. */
export interface ImportSummary {
  readonly dryRun: boolean;
  readonly created: { articles: number; pages: number; sections: number; tags: number; authors: number };
  /** Items imported by an earlier run and unchanged since. */
  unchanged: number;
  /** Items imported by an earlier run, changed in the export since, and brought up to date here. */
  updated: number;
  /** Items not imported, by reason. */
  readonly skipped: Record<string, number>;
  /** Private and password-protected posts imported as drafts with a note. */
  heldBack: number;
  /** Members-only posts (kept public-to-members once members exist; flagged now). */
  membersOnly: number;
  /** Blocks and elements the body conversion could not keep, by kind. */
  readonly dropped: Record<string, number>;
  readonly images: { copied: number; deduplicated: number; readonly missing: string[] };
  redirects: number;
  /** Comments are not imported (the platform has none yet): how many there were. */
  readonly comments: { posts: number; total: number };
}

export function emptySummary(dryRun: boolean): ImportSummary {
  return {
    dryRun,
    created: { articles: 0, pages: 0, sections: 0, tags: 0, authors: 0 },
    unchanged: 0,
    updated: 0,
    skipped: {},
    heldBack: 0,
    membersOnly: 0,
    dropped: {},
    images: { copied: 0, deduplicated: 0, missing: [] },
    redirects: 0,
    comments: { posts: 0, total: 0 },
  };
}

/** Whether the run wrote (or would write) anything at all. */
export function changedAnything(s: ImportSummary): boolean {
  const c = s.created;
  return c.articles + c.pages + c.sections + c.tags + c.authors + s.updated + s.images.copied + s.redirects > 0;
}

/** The summary as lines of text. */
export function summaryLines(s: ImportSummary): string[] {
  const c = s.created;
  const lines = [
    `${s.dryRun ? 'Would create' : 'Created'}: ${c.articles} article(s), ${c.pages} page(s), ${c.sections} section(s), ${c.tags} tag(s), ${c.authors} byline(s).`,
    `Already imported and unchanged: ${s.unchanged}.`,
  ];
  if (s.updated > 0) lines.push(`${s.dryRun ? 'Would update' : 'Updated'} (changed in the export, untouched here): ${s.updated}.`);
  for (const [why, n] of Object.entries(s.skipped)) lines.push(`Skipped ${n}: ${why}.`);
  if (s.heldBack > 0) lines.push(`Held back as drafts with a note (private or password-protected): ${s.heldBack}.`);
  if (s.membersOnly > 0) lines.push(`Members-only posts, flagged for members: ${s.membersOnly}.`);
  lines.push(`Photos: ${s.images.copied} ${s.dryRun ? 'to copy' : 'copied'}, ${s.images.deduplicated} deduplicated, ${s.images.missing.length} missing.`);
  for (const m of s.images.missing) lines.push(`  missing: ${m}`);
  const dropped = Object.entries(s.dropped).sort((a, b) => b[1] - a[1]);
  lines.push(dropped.length === 0 ? 'Nothing in the bodies was dropped.' : `Dropped from bodies: ${dropped.map(([k, n]) => `${k} ×${n}`).join(', ')}.`);
  lines.push(`Redirects ${s.dryRun ? 'to add' : 'added'}: ${s.redirects}.`);
  if (s.comments.total > 0) lines.push(`Comments not imported (no comments yet): ${s.comments.total} on ${s.comments.posts} post(s).`);
  if (!s.dryRun && !changedAnything(s)) lines.push('Nothing changed: everything in this export was imported before.');
  return lines;
}
