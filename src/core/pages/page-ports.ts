import type { ListPage } from '../content/types.ts';

/** A static page (About, Contact, Privacy, Terms, the corrections policy, the masthead). */
export interface StaticPage {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  /** Sanitized HTML, the same format as an article body (docs/body-format.md). */
  readonly bodyHtml: string;
  readonly status: 'draft' | 'published';
  readonly version: number;
  readonly updatedAt: number;
  readonly updatedBy: number | null;
}

export interface PageRevision {
  readonly id: number;
  readonly pageId: number;
  readonly version: number;
  readonly title: string;
  readonly bodyHtml: string;
  readonly userId: number | null;
  readonly createdAt: number;
}

export interface PageRepository {
  list(): Promise<StaticPage[]>;
  findById(id: number): Promise<StaticPage | undefined>;
  findBySlug(slug: string): Promise<StaticPage | undefined>;
  create(input: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; at: number; userId: number | null }): Promise<number>;
  /** Writes when the page is still at `expectedVersion`; returns the new version, or undefined when it had moved on. */
  update(id: number, expectedVersion: number, input: { slug: string; title: string; bodyHtml: string; status: 'draft' | 'published'; at: number; userId: number | null }): Promise<number | undefined>;
  addRevision(revision: Omit<PageRevision, 'id'>): Promise<void>;
  revisions(pageId: number, options: { limit: number; offset: number }): Promise<ListPage<PageRevision>>;
}

/** A link in a site menu: a label and a root-relative path or an https address. */
export interface MenuItem {
  readonly label: string;
  readonly href: string;
}

export const MENU_NAMES = ['header', 'footer'] as const;
export type MenuName = (typeof MENU_NAMES)[number];

/** The site's menus; a menu nobody has edited is undefined (the header shows the sections then). */
export type SiteMenus = Readonly<Partial<Record<MenuName, readonly MenuItem[]>>>;

export interface MenuRepository {
  all(): Promise<SiteMenus>;
  save(name: MenuName, items: readonly MenuItem[], at: number): Promise<void>;
}

/** An old address and where it now leads (301). */
export interface Redirect {
  readonly from: string;
  readonly to: string;
  readonly createdAt: number;
  readonly createdBy: number | null;
}

export interface RedirectRepository {
  find(from: string): Promise<Redirect | undefined>;
  /** Newest first; `query` matches the old or the new address (case-insensitive, literally). */
  list(query: string, options: { limit: number; offset: number }): Promise<ListPage<Redirect>>;
  /** Adds or replaces the redirect of `from`. */
  put(redirect: Redirect): Promise<void>;
  remove(from: string): Promise<boolean>;
}
