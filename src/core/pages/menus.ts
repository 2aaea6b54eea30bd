import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { MenuItem, MenuName, SiteMenus } from './page-ports.ts';

export const MAX_MENU_ITEMS = 20;

/** A menu link goes to a path on this site ("/pages/about/") or an https address elsewhere. */
export function menuHref(value: string): string | undefined {
  const v = value.trim();
  if (/^\/(?!\/)[A-Za-z0-9\-._~/%?=&#+]*$/.test(v) && !v.includes('\\')) return v;
  try {
    const url = new URL(v);
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export async function siteMenus(deps: { storage: Storage }): Promise<SiteMenus> {
  return deps.storage.menus.all();
}

/**
 * Replaces a menu (editors and admins): every item checked, written with its audit entry, and every
 * page re-rendered (menus are part of the navigation every page carries).
 */
export async function saveMenu(deps: { storage: Storage; clock: Clock }, actor: Actor, name: MenuName, items: readonly MenuItem[]): Promise<string[]> {
  if (!actorCan(actor, 'site:edit')) forbid('editors and admins edit pages and menus');
  if (items.length > MAX_MENU_ITEMS) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'menu', detail: `at most ${MAX_MENU_ITEMS} links` });
  const clean = items.map((item, i) => {
    const label = plainText(`link ${i + 1} label`, item.label, { max: 60, required: true, oneLine: true });
    const href = menuHref(item.href);
    if (!href) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: `link ${i + 1} address`, detail: 'a path on this site (/pages/about/) or an https:// address' });
    return { label, href };
  });
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    await tx.menus.save(name, clean, now);
    await tx.audit.record({ at: now, userId: actor.id, action: 'menu.save', target: `menu:${name}`, detail: clean.map((c) => c.href).join(' ') });
    const keys = [cacheKeys.navigation];
    await tx.invalidations.append(keys, now);
    return keys;
  });
}
