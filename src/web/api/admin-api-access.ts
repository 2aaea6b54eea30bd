import type { Permission } from '../../core/access/roles.ts';

export const ADMIN_API_BASE = '/api/admin/v1';

/**
 * Every Admin API route and the permission it needs, as the newsroom's ROUTE_ACCESS does for pages.
 * The plugin refuses to register a route missing here, and the authorization-matrix test calls each
 * one as every role, with its own and others' items, against this table. Ownership (own article,
 * own photo) is checked by the core operations on top, the same ones the newsroom pages call.
 */
export const ADMIN_API_ACCESS: Readonly<Record<string, Permission>> = {
  'GET /api/admin/v1/me': 'newsroom:enter',
  'GET /api/admin/v1/articles': 'newsroom:enter',
  'POST /api/admin/v1/articles': 'article:create',
  'GET /api/admin/v1/articles/:id': 'newsroom:enter',
  'PUT /api/admin/v1/articles/:id': 'newsroom:enter',
  'POST /api/admin/v1/articles/:id/workflow': 'newsroom:enter',
  'GET /api/admin/v1/articles/:id/revisions': 'newsroom:enter',
  'POST /api/admin/v1/articles/:id/revisions/:revision/restore': 'newsroom:enter',
  'POST /api/admin/v1/articles/:id/notes': 'newsroom:enter',
  'POST /api/admin/v1/articles/:id/ranking': 'ranking:manage',
  'PUT /api/admin/v1/front-page': 'article:edit-placement',
  'PUT /api/admin/v1/menus/:name': 'site:edit',
  'GET /api/admin/v1/redirects': 'site:edit',
  'POST /api/admin/v1/redirects': 'site:edit',
  'DELETE /api/admin/v1/redirects': 'site:edit',
  'GET /api/admin/v1/media': 'newsroom:enter',
  'POST /api/admin/v1/media': 'media:upload',
  'PATCH /api/admin/v1/media/:id': 'media:upload',
  'PUT /api/admin/v1/media/:id/file': 'media:upload',
  'PUT /api/admin/v1/media/:id/focal': 'media:upload',
  'GET /api/admin/v1/taxonomy': 'newsroom:enter',
  'POST /api/admin/v1/tags': 'tag:create',
  'PATCH /api/admin/v1/tags/:id': 'taxonomy:manage',
  'POST /api/admin/v1/tags/:id/merge': 'taxonomy:manage',
  'DELETE /api/admin/v1/tags/:id': 'taxonomy:manage',
  'POST /api/admin/v1/series': 'taxonomy:manage',
  'PATCH /api/admin/v1/series/:id': 'taxonomy:manage',
  'POST /api/admin/v1/sections': 'taxonomy:manage',
  'PATCH /api/admin/v1/sections/:id': 'taxonomy:manage',
  'DELETE /api/admin/v1/sections/:id': 'taxonomy:manage',
  'GET /api/admin/v1/pages': 'site:edit',
  'POST /api/admin/v1/pages': 'site:edit',
  'GET /api/admin/v1/pages/:id': 'site:edit',
  'PUT /api/admin/v1/pages/:id': 'site:edit',
  'GET /api/admin/v1/users': 'user:manage',
  'POST /api/admin/v1/users': 'user:manage',
  'PATCH /api/admin/v1/users/:id': 'user:manage',
};
