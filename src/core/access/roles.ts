/**
 * Roles and what each may do, as data. Routes name the permission they need
 * (src/web/admin/route-permissions.ts); operations check ownership on top.
 */
export const ROLES = ['contributor', 'writer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const WRITERS_UP: readonly Role[] = ['writer', 'editor', 'admin'];
const EDITORS_UP: readonly Role[] = ['editor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];

export const PERMISSIONS = {
  /** Open the newsroom, see the article list (own articles for contributors and writers). */
  'newsroom:enter': ALL,
  'article:create': ALL,
  /** Edit own articles; contributors only while they are drafts or in review. */
  'article:edit-own': ALL,
  'article:edit-any': EDITORS_UP,
  'article:submit': ALL,
  'article:publish-own': WRITERS_UP,
  'article:publish-any': EDITORS_UP,
  /** Mark top stories and set other people's bylines. */
  'article:edit-placement': EDITORS_UP,
  /** Add or change raw-HTML blocks in a body (graphics); others may keep or remove them. */
  'article:raw-html': EDITORS_UP,
  /** Keep articles out of the rankings, and release articles held for review. */
  'ranking:manage': EDITORS_UP,
  /** Manage sections, tags and series (rename, describe, order, merge, delete). */
  'taxonomy:manage': EDITORS_UP,
  /** Create a tag while writing (type a name in the tag box, Enter). */
  'tag:create': WRITERS_UP,
  /** Upload images (JPEG, PNG, WebP, AVIF only: nothing that can run). */
  'media:upload': ALL,
  'media:edit-any': EDITORS_UP,
  /** Write static pages and edit the header and footer menus. */
  'site:edit': EDITORS_UP,
  'user:manage': ADMINS,
  /** Create and revoke Content API keys, webhooks and integration tokens. */
  'integration:manage': ADMINS,
  /** Build, review and send newsletter editions, and breaking-news alerts. */
  'newsletter:send': EDITORS_UP,
  /** Create newsletters. */
  'newsletter:manage': ADMINS,
  /** See and export reader accounts (members). */
  'member:manage': ADMINS,
  /** Say who may read an article: everyone, members, or paying members. */
  'article:access': EDITORS_UP,
  /** Plans and prices, the meter, and complimentary access. */
  'plan:manage': ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when the role holds the permission. */
export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
