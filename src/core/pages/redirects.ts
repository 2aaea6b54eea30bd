import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Repositories, Storage } from '../ports.ts';
import { forbid } from '../newsroom/article-access.ts';
import { menuHref } from './menus.ts';
import type { ListPage } from '../content/types.ts';
import type { Redirect } from './page-ports.ts';

/*
 * Redirects: an old address (a path, with its query string where the old site used one, like
 * WordPress's /?p=123) answers 301 to where its content lives now. They are consulted only where
 * the site would answer 404, so a redirect can never hide a live page. Editors keep them; the
 * archive importers add them.
 */

/** The old address as stored: a path on this site, with an optional query string; undefined when it is not one. */
export function oldAddress(value: string): string | undefined {
  const v = value.trim();
  if (v.length > 500 || !v.startsWith('/') || v.startsWith('//') || /[\s\\\u0000-\u001f\u007f]/.test(v)) return undefined;
  return canonicalEscapes(v.replace(/#.*$/, ''));
}

/**
 * One spelling per address: "/tag/%e6%97%a5/" (as WordPress stores it), "/tag/%E6%97%A5/" (as browsers
 * send it) and "/tag/日/" are the same page. Escapes that stand for URL syntax (%2F, %3F...) stay.
 */
function canonicalEscapes(v: string): string {
  try {
    return encodeURI(decodeURI(v));
  } catch {
    return v;
  }
}

function requireEditor(actor: Actor): void {
  if (!actorCan(actor, 'site:edit')) forbid('editors and admins keep the redirects');
}

/** Redirects per page of the list (an imported archive brings thousands). */
export const REDIRECTS_PER_PAGE = 100;

export async function listRedirects(deps: { storage: Storage }, actor: Actor, query = '', page = 1): Promise<ListPage<Redirect> & { readonly page: number; readonly pages: number }> {
  requireEditor(actor);
  const q = query.trim().slice(0, 200);
  const found = await deps.storage.redirects.list(q, { limit: REDIRECTS_PER_PAGE, offset: (page - 1) * REDIRECTS_PER_PAGE });
  return { ...found, page, pages: Math.max(1, Math.ceil(found.total / REDIRECTS_PER_PAGE)) };
}

export async function addRedirect(deps: { storage: Storage; clock: Clock }, actor: Actor, from: string, to: string): Promise<Redirect> {
  requireEditor(actor);
  const source = oldAddress(from);
  if (!source) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'old address', detail: 'a path on this site, like /2019/05/harbour-lights/ or /?p=123' });
  const target = menuHref(to);
  if (!target) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'new address', detail: 'a path on this site or an https:// address' });
  if (target === source) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'new address', detail: 'it is the old address' });
  const redirect: Redirect = { from: source, to: target, createdAt: deps.clock.now(), createdBy: actor.id };
  await deps.storage.transaction(async (tx) => {
    await tx.redirects.put(redirect);
    await tx.audit.record({ at: redirect.createdAt, userId: actor.id, action: 'redirect.put', target: source, detail: target });
  });
  return redirect;
}

export async function removeRedirect(deps: { storage: Storage; clock: Clock }, actor: Actor, from: string): Promise<void> {
  requireEditor(actor);
  await deps.storage.transaction(async (tx) => {
    if (!(await tx.redirects.remove(from))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    await tx.audit.record({ at: deps.clock.now(), userId: actor.id, action: 'redirect.remove', target: from, detail: '' });
  });
}

/** Where a request that would be a 404 should go instead: its exact address first, then its path alone. */
export async function redirectFor(repos: Pick<Repositories, 'redirects'>, url: string): Promise<string | undefined> {
  const exact = oldAddress(url);
  if (!exact) return undefined;
  const hit = (await repos.redirects.find(exact)) ?? (exact.includes('?') ? await repos.redirects.find(exact.slice(0, exact.indexOf('?'))) : undefined);
  return hit?.to;
}
