import { articlePath } from '../../core/content/article-path.ts';
import type { ReaderService } from '../../core/reader/reader-service.ts';
import type { RankingSnapshot } from '../../core/ranking/ranking-snapshot.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';

/** What the ranking API says of each ranked article. */
export interface DirectoryEntry {
  readonly headline: string;
  readonly path: string;
  readonly label: string;
}

/**
 * Headlines and paths of the articles in the current ranking snapshot, kept in memory so the
 * ranking API answers without touching the database: the directory is filled when a snapshot
 * arrives (one batched read per refresh), never per request.
 */
export class RankingDirectory {
  readonly #reader: ReaderService;
  readonly #time: EditionTime;
  #entries = new Map<number, DirectoryEntry>();

  constructor(reader: ReaderService, time: EditionTime) {
    this.#reader = reader;
    this.#time = time;
  }

  get(articleId: number): DirectoryEntry | undefined {
    return this.#entries.get(articleId);
  }

  /** Loads entries for every article in the snapshot (those already known are kept). */
  async update(snapshot: RankingSnapshot): Promise<void> {
    const ids = new Set<number>();
    for (const scopes of snapshot.lists.values()) for (const items of scopes.values()) for (const i of items) ids.add(i.articleId);
    const missing = [...ids].filter((id) => !this.#entries.has(id));
    const next = new Map([...this.#entries].filter(([id]) => ids.has(id)));
    if (missing.length > 0) {
      const sections = await this.#reader.sections();
      const summaries = await this.#reader.summaries(missing);
      for (const s of summaries) {
        next.set(s.id, {
          headline: s.headline,
          path: articlePath(s, sections, this.#time),
          label: sections.byId(s.subsectionId)?.name ?? '',
        });
      }
    }
    this.#entries = next;
  }

  /** Forgets articles that changed (headline, section), so the next update reloads them. */
  forget(keys: readonly string[]): void {
    for (const k of keys) if (k.startsWith('article:')) this.#entries.delete(Number(k.slice('article:'.length)));
  }
}
