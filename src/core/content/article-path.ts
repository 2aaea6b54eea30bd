import type { EditionTime } from '../time/edition-time.ts';
import type { Section } from './types.ts';
import type { SiteMenus } from '../pages/page-ports.ts';

/** The parts of an article URL segment "20250618-123456". */
export interface ArticleSegment {
  readonly dateKey: string;
  readonly id: number;
}

const SEGMENT = /^(\d{8})-([1-9]\d{0,14})$/;

/** Parses "{YYYYMMDD}-{id}"; undefined when it is not one. */
export function parseArticleSegment(segment: string): ArticleSegment | undefined {
  const match = SEGMENT.exec(segment);
  if (!match) return undefined;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return undefined;
  return { dateKey: match[1] as string, id };
}

/** Finds sections by id; built once per render from the section list. */
export class SectionIndex {
  readonly #byId: Map<number, Section>;
  readonly #byPath: Map<string, Section>;
  readonly all: readonly Section[];
  /**
   * The site's edited menus, carried with the sections as the navigation every reader page prints
   * (both change under the same cache key). Empty for the newsroom's own uses.
   */
  readonly menus: SiteMenus;
  /** The site has a newsletter: the footer offers sign-up (under the same navigation key). */
  readonly newsletters: boolean;

  constructor(sections: readonly Section[], menus: SiteMenus = {}, newsletters = false) {
    this.all = sections;
    this.menus = menus;
    this.newsletters = newsletters;
    this.#byId = new Map(sections.map((s) => [s.id, s]));
    this.#byPath = new Map(sections.map((s) => [s.path, s]));
  }

  byId(id: number): Section | undefined {
    return this.#byId.get(id);
  }

  byPath(path: string): Section | undefined {
    return this.#byPath.get(path);
  }

  /** Top-level sections in order. */
  roots(): Section[] {
    return this.all.filter((s) => s.parentId === null);
  }

  children(parentId: number): Section[] {
    return this.all.filter((s) => s.parentId === parentId);
  }
}

/**
 * The canonical path of an article: /{section}/{sub}/{YYYYMMDD}-{id}/, then its slug when it has one
 * (date in the edition's zone). The id alone finds the article, so any older path (another section, date
 * or slug) redirects here.
 */
export function articlePath(
  article: { readonly id: number; readonly subsectionId: number; readonly publishedAt: number; readonly slug?: string },
  sections: SectionIndex,
  time: EditionTime,
): string {
  const sub = sections.byId(article.subsectionId);
  const base = sub ? sub.path : 'news';
  return `/${base}/${time.dateKey(article.publishedAt)}-${article.id}/${article.slug ? `${article.slug}/` : ''}`;
}

/** The path of a section or sub-section page, optionally a later page of it. */
export function sectionPath(section: Section, page = 1): string {
  return page > 1 ? `/${section.path}/page/${page}/` : `/${section.path}/`;
}
