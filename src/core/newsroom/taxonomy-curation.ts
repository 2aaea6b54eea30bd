import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Repositories, Storage } from '../ports.ts';
import { articleKeys, requireManage } from './taxonomy.ts';

/*
 * Curating the taxonomy beyond renaming: describe, merge and delete tags; order and delete sections.
 * Each change is one transaction with its audit entry, and says which pages it invalidates.
 */

async function tagExists(repos: Repositories, id: number): Promise<void> {
  if ((await repos.tags.findByIds([id])).length === 0) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'tag', detail: `there is no tag ${id}` });
}

async function commit(deps: { storage: Storage; clock: Clock }, actor: Actor, action: string, target: string, detail: string, work: (tx: Repositories) => Promise<string[]>): Promise<string[]> {
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const keys = await work(tx);
    await tx.audit.record({ at: now, userId: actor.id, action, target, detail });
    await tx.invalidations.append(keys, now);
    return keys;
  });
}

export async function describeTag(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number, description: string): Promise<string[]> {
  requireManage(actor);
  const text = plainText('description', description, { max: 500 });
  return commit(deps, actor, 'tag.describe', `tag:${id}`, '', async (tx) => {
    await tagExists(tx, id);
    await tx.tags.describe(id, text);
    return [cacheKeys.tag(id)];
  });
}

/** Merges tag `from` into `into`: its articles move, its address redirects to `into`'s, it is gone. */
export async function mergeTag(deps: { storage: Storage; clock: Clock }, actor: Actor, from: number, into: number): Promise<string[]> {
  requireManage(actor);
  if (from === into) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'merge into', detail: 'choose another tag' });
  return commit(deps, actor, 'tag.merge', `tag:${from}`, `into tag:${into}`, async (tx) => {
    await tagExists(tx, from);
    await tagExists(tx, into);
    const keys = [cacheKeys.tag(from), cacheKeys.tag(into), ...(await articleKeys(tx, { kind: 'tag', id: from }))];
    await tx.tags.merge(from, into);
    return keys;
  });
}

/** Deletes a tag: it comes off every article, and its page is gone. */
export async function deleteTag(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number): Promise<string[]> {
  requireManage(actor);
  return commit(deps, actor, 'tag.delete', `tag:${id}`, '', async (tx) => {
    await tagExists(tx, id);
    const keys = [cacheKeys.tag(id), ...(await articleKeys(tx, { kind: 'tag', id }))];
    await tx.tags.remove(id);
    return keys;
  });
}

/** Moves a section one place up or down among its siblings (the navigation's order). */
export async function moveSection(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number, direction: 'up' | 'down'): Promise<string[]> {
  requireManage(actor);
  return commit(deps, actor, 'section.move', `section:${id}`, direction, async (tx) => {
    const all = await tx.sections.listAll();
    const section = all.find((s) => s.id === id);
    if (!section) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'section', detail: `there is no section ${id}` });
    const siblings = all.filter((s) => s.parentId === section.parentId);
    const at = siblings.findIndex((s) => s.id === id);
    const other = siblings[direction === 'up' ? at - 1 : at + 1];
    if (!other) return [];
    // Positions can tie in old data: give the two distinct positions in the new order.
    const [low, high] = [Math.min(section.position, other.position), Math.max(section.position, other.position)];
    const distinctHigh = high === low ? low + 1 : high;
    const first = direction === 'up' ? section : other;
    const second = first === section ? other : section;
    await tx.sections.setPosition(first.id, low);
    await tx.sections.setPosition(second.id, distinctHigh);
    return [cacheKeys.navigation];
  });
}

/** Deletes a section that has no sub-sections and no articles (move them first). */
export async function deleteSection(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number): Promise<string[]> {
  requireManage(actor);
  return commit(deps, actor, 'section.delete', `section:${id}`, '', async (tx) => {
    if (!(await tx.sections.removeEmpty(id))) {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'section', detail: 'only an empty section can be deleted: move its articles and sub-sections first' });
    }
    return [cacheKeys.navigation, cacheKeys.section(id)];
  });
}
