import type { Permission } from '../../core/access/roles.ts';

/** Who may call a route: anyone, any signed-in user, or holders of a permission. */
export type Access = 'public' | 'signed-in' | Permission;

/**
 * Every newsroom route and what it needs. The admin plugin refuses to register a route that is
 * missing here, and a test calls every route as every role (and anonymously) against this table.
 * Object-level rules (own article, uploader) are checked by the operations on top.
 */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  'GET /admin/login': 'public',
  'POST /admin/login': 'public',
  'POST /admin/logout': 'signed-in',
  'GET /admin/setup/:token': 'public',
  'POST /admin/setup/:token': 'public',
  'GET /admin/reset': 'public',
  'POST /admin/reset': 'public',
  'GET /admin/reset/:token': 'public',
  'POST /admin/reset/:token': 'public',

  'GET /admin/': 'newsroom:enter',
  'GET /admin/articles/': 'newsroom:enter',
  'GET /admin/articles/new': 'article:create',
  'POST /admin/articles/': 'article:create',
  'GET /admin/articles/:id/': 'newsroom:enter',
  'POST /admin/articles/:id/': 'newsroom:enter',
  'POST /admin/articles/:id/workflow': 'newsroom:enter',
  'GET /admin/articles/:id/preview': 'newsroom:enter',
  'GET /admin/articles/:id/revisions/': 'newsroom:enter',
  'GET /admin/articles/:id/revisions/compare': 'newsroom:enter',
  'POST /admin/articles/:id/revisions/:revision/restore': 'newsroom:enter',
  'POST /admin/articles/:id/ranking': 'ranking:manage',
  'GET /admin/rankings/': 'ranking:manage',

  'GET /admin/media/': 'newsroom:enter',
  'POST /admin/media/': 'media:upload',
  'POST /admin/media/:id': 'media:upload',
  'POST /admin/media/:id/focal': 'media:upload',
  'POST /admin/media/:id/replace': 'media:upload',
  'POST /admin/media/bulk': 'media:upload',

  'GET /admin/pages/': 'site:edit',
  'POST /admin/pages/': 'site:edit',
  'GET /admin/pages/:id/': 'site:edit',
  'POST /admin/pages/:id/': 'site:edit',
  'GET /admin/menus/': 'site:edit',
  'GET /admin/api-keys/': 'integration:manage',
  'POST /admin/api-keys/': 'integration:manage',
  'POST /admin/api-keys/revoke': 'integration:manage',
  'GET /admin/tokens/': 'newsroom:enter',
  'POST /admin/tokens/': 'newsroom:enter',
  'POST /admin/tokens/revoke': 'newsroom:enter',
  'GET /admin/members/': 'member:manage',
  'GET /admin/newsletters/': 'newsletter:send',
  'POST /admin/newsletters/': 'newsletter:manage',
  'GET /admin/newsletters/:id/': 'newsletter:send',
  'POST /admin/newsletters/:id/briefing': 'newsletter:send',
  'POST /admin/newsletters/:id/alert': 'newsletter:send',
  'POST /admin/newsletters/editions/:id/send': 'newsletter:send',
  'GET /admin/members.csv': 'member:manage',
  'GET /admin/members/:id/': 'member:manage',
  'POST /admin/members/:id/grant': 'plan:manage',
  'POST /admin/members/:id/plans/:grant/revoke': 'plan:manage',
  'GET /admin/plans/': 'plan:manage',
  'POST /admin/plans/': 'plan:manage',
  'POST /admin/plans/:id': 'plan:manage',
  'POST /admin/plans/meter': 'plan:manage',
  'POST /admin/articles/:id/access': 'article:access',
  'GET /admin/webhooks/': 'integration:manage',
  'POST /admin/webhooks/': 'integration:manage',
  'GET /admin/webhooks/:id/': 'integration:manage',
  'POST /admin/webhooks/:id/pause': 'integration:manage',
  'POST /admin/webhooks/:id/resume': 'integration:manage',
  'POST /admin/webhooks/:id/delete': 'integration:manage',
  'POST /admin/webhooks/deliveries/:id/redeliver': 'integration:manage',
  'GET /admin/redirects/': 'site:edit',
  'POST /admin/redirects/': 'site:edit',
  'POST /admin/redirects/remove': 'site:edit',
  'POST /admin/menus/:name': 'site:edit',

  'GET /admin/front-page/': 'article:edit-placement',
  'POST /admin/front-page/': 'article:edit-placement',

  'GET /admin/taxonomy/': 'taxonomy:manage',
  'POST /admin/taxonomy/tags': 'taxonomy:manage',
  'POST /admin/taxonomy/tags/:id': 'taxonomy:manage',
  'POST /admin/taxonomy/tags/:id/describe': 'taxonomy:manage',
  'POST /admin/taxonomy/tags/:id/merge': 'taxonomy:manage',
  'POST /admin/taxonomy/tags/:id/delete': 'taxonomy:manage',
  'POST /admin/taxonomy/sections/:id/move': 'taxonomy:manage',
  'POST /admin/taxonomy/sections/:id/delete': 'taxonomy:manage',
  'POST /admin/taxonomy/series': 'taxonomy:manage',
  'POST /admin/taxonomy/series/:id': 'taxonomy:manage',
  'POST /admin/taxonomy/sections': 'taxonomy:manage',
  'POST /admin/taxonomy/sections/:id': 'taxonomy:manage',

  'GET /admin/users/': 'user:manage',
  'POST /admin/users/': 'user:manage',
  'POST /admin/users/:id': 'user:manage',
  'POST /admin/users/:id/reset-link': 'user:manage',
  'GET /admin/audit/': 'user:manage',
  // One's own profile, or anyone's for admins (checked by the operation).
  'GET /admin/users/:id/profile': 'signed-in',
  'POST /admin/users/:id/profile': 'signed-in',

  'GET /admin/account/': 'signed-in',
  'GET /admin/account/2fa': 'signed-in',
  'POST /admin/account/2fa/begin': 'signed-in',
  'POST /admin/account/2fa/confirm': 'signed-in',
  'POST /admin/account/2fa/disable': 'signed-in',
  'POST /admin/login/code': 'public',
  'POST /admin/account/password': 'signed-in',

  'GET /admin/api/articles/:id': 'newsroom:enter',
  'PUT /admin/api/articles/:id': 'newsroom:enter',
  'POST /admin/api/articles/:id/autosave': 'newsroom:enter',
  'POST /admin/api/articles/:id/workflow': 'newsroom:enter',
  'POST /admin/api/articles/:id/presence': 'newsroom:enter',
  'POST /admin/api/articles/:id/leave': 'newsroom:enter',
  'POST /admin/articles/:id/notes': 'newsroom:enter',
  'GET /admin/api/tags': 'newsroom:enter',
  'POST /admin/api/tags': 'tag:create',
  'GET /admin/api/media': 'newsroom:enter',
  'POST /admin/api/media': 'media:upload',
};

/** The table key of a registered route ("GET /admin/articles/:id/"); HEAD is checked as GET. */
export function routeKey(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}
