import type { SectionIndex } from '../../core/content/article-path.ts';
import { relativeAge, type EditionTime } from '../../core/time/edition-time.ts';

/** Site-wide facts every template needs. */
export interface SiteInfo {
  readonly name: string;
  readonly publicUrl: string;
  readonly demo: boolean;
  /** Asset URLs with a content hash, so they can be cached for a year. */
  readonly assets: { readonly css: string; readonly js: string; readonly icon: string };
}

/**
 * Per-render state: the clock reading used for relative dates, and whether any were
 * printed (then the page is re-rendered within a minute so "2 hours ago" stays true).
 */
export class RenderContext {
  readonly site: SiteInfo;
  readonly time: EditionTime;
  readonly sections: SectionIndex;
  readonly now: number;
  #relative = false;

  constructor(site: SiteInfo, time: EditionTime, sections: SectionIndex, now: number) {
    this.site = site;
    this.time = time;
    this.sections = sections;
    this.now = now;
  }

  /** "2 hours ago" under a day old, else "June 18, 2025". */
  listDate(at: number): string {
    const relative = relativeAge(at, this.now);
    if (relative !== undefined) {
      this.#relative = true;
      return relative;
    }
    return this.time.date(at);
  }

  get usedRelativeDates(): boolean {
    return this.#relative;
  }
}
