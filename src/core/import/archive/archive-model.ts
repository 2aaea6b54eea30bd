/*
 * An archive as the importers see it, whichever system wrote it: the sources (WordPress WXR,
 * Ghost JSON) turn their files into these, and one writer (import-archive.ts) turns these into
 * articles, pages, photos, sections, tags, bylines and redirects.
 */

/** A photo an item uses: where to fetch it from, and what the old site said about it. */
export interface ArchiveImage {
  /** The file as the old site served it (absolute URL); the dedupe and ledger key. */
  readonly url: string;
  /** Where the operator's copy is, relative to --media-from / --images (e.g. "2026/11/photo.jpg"). */
  readonly file: string;
  readonly caption: string;
  readonly alt: string;
  /** Other addresses of the same photo on the old site (WordPress's resized copies), redirected too. */
  readonly aliases: readonly string[];
  /** When the old site stored it (ms): the import's date for the library entry. */
  readonly at: number;
}

export interface ArchiveAuthor {
  /** The export's key (WordPress login, Ghost user id). */
  readonly key: string;
  readonly name: string;
  readonly slug: string;
  readonly bio: string;
}

export interface ArchiveCategory {
  readonly slug: string;
  readonly name: string;
  readonly parentSlug: string | null;
}

export interface ArchiveTag {
  readonly key: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
}

export type ArchiveStatus = 'published' | 'draft' | 'scheduled' | 'private' | 'password';

/** A post or page after body conversion: body in the block format, photos referenced by URL. */
export interface ArchiveItem {
  readonly kind: 'post' | 'page';
  readonly sourceId: string;
  readonly status: ArchiveStatus;
  readonly title: string;
  readonly excerpt: string;
  /**
   * The body in the block format (docs/body-format.md), not yet sanitized; photos are
   * `<figure class="photo" data-import-src="URL">` until the writer knows their library ids.
   */
  readonly bodyHtml: string;
  readonly images: readonly ArchiveImage[];
  readonly featured: ArchiveImage | null;
  /** UTC ms; null for a draft that was never dated. */
  readonly publishedAt: number | null;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly slug: string;
  /** Root-relative addresses the item had (its permalink, ?p=ID, /p/uuid/ ...). */
  readonly oldPaths: readonly string[];
  readonly authorKeys: readonly string[];
  readonly categorySlugs: readonly string[];
  readonly tagKeys: readonly string[];
  readonly membersOnly: boolean;
  readonly seo: { readonly title: string; readonly description: string; readonly socialTitle: string; readonly socialDescription: string };
  /** Blocks and elements the conversion could not keep, by kind. */
  readonly dropped: Readonly<Record<string, number>>;
  readonly comments: number;
  /** The item's parent page's source id (WordPress page hierarchy). */
  readonly parentId: string | null;
  /** A hash of the item as exported. */
  readonly fingerprint: string;
}

/** Everything an export says before its items: the taxonomy, the people and the site. */
export interface ArchiveHeader {
  /** "wordpress:<site url>" / "ghost:<site url>": the ledger's key for this archive. */
  readonly source: string;
  readonly siteUrl: string;
  readonly authors: readonly ArchiveAuthor[];
  readonly categories: readonly ArchiveCategory[];
  readonly tags: readonly ArchiveTag[];
  /** Old feed and listing addresses worth redirecting, by what they now are (filled by the writer). */
  readonly itemCount: number;
}

/** An export that was read and checked: its header, and its items read again on demand (streamed). */
export interface Archive {
  readonly header: ArchiveHeader;
  items(): AsyncIterable<ArchiveItem>;
}
