import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { newSection } from '../content/new-section.ts';
import { plainText } from '../content/plain-text.ts';
import { slugify } from '../content/slug.ts';
import type { ListScope, Section, Series, Tag } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Repositories, Storage } from '../ports.ts';
import { forbid } from './article-access.ts';

export function requireManage(actor: Actor): void {
  if (!actorCan(actor, 'taxonomy:manage')) forbid('only editors manage tags, series and sections');
}

function cleanName(field: string, value: string, max: number): string {
  return plainText(field, value, { max, required: true, oneLine: true });
}

function cleanDescription(value: string, max: number): string {
  return plainText('description', value, { max });
}

/** The audit entry every taxonomy change writes in its own transaction. */
function audit(tx: Repositories, actor: Actor, action: string, target: string, detail: string, at: number): Promise<void> {
  return tx.audit.record({ at, userId: actor.id, action, target, detail });
}

/** Every published article in a list, for invalidating the pages that print its name. */
export async function articleKeys(repos: Repositories, scope: ListScope): Promise<string[]> {
  const keys: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await repos.articles.list(scope, { limit: 500, offset });
    for (const a of page.items) keys.push(cacheKeys.article(a.id));
    if (page.items.length < 500) return keys;
  }
}

/** Creates a tag, or returns the existing one with that slug (writers and up: "create on the fly"). */
export async function createTag(deps: { storage: Storage; clock: Clock }, actor: Actor, name: string): Promise<Tag> {
  if (!actorCan(actor, 'tag:create')) forbid('contributors choose from the existing tags; an editor or writer can add one');
  const clean = cleanName('tag', name, 60);
  const slug = slugify(clean);
  if (!slug) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'tag', detail: 'use letters or digits' });
  return deps.storage.transaction(async (tx) => {
    const existing = await tx.tags.findBySlug(slug);
    if (existing) return existing;
    const tag = await tx.tags.ensure(slug, clean);
    await audit(tx, actor, 'tag.create', `tag:${tag.id}`, clean, deps.clock.now());
    return tag;
  });
}

export async function renameTag(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number, name: string): Promise<string[]> {
  requireManage(actor);
  const clean = cleanName('tag', name, 60);
  return deps.storage.transaction(async (tx) => {
    await tx.tags.rename(id, clean);
    await audit(tx, actor, 'tag.rename', `tag:${id}`, clean, deps.clock.now());
    const keys = [cacheKeys.tag(id), ...(await articleKeys(tx, { kind: 'tag', id }))];
    await tx.invalidations.append(keys, deps.clock.now());
    return keys;
  });
}

export async function createSeries(deps: { storage: Storage; clock: Clock }, actor: Actor, input: { title: string; description: string }): Promise<Series> {
  requireManage(actor);
  const title = cleanName('title', input.title, 120);
  const description = cleanDescription(input.description, 1000);
  const slug = slugify(title);
  if (!slug) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'title', detail: 'use letters or digits' });
  if (await deps.storage.series.findBySlug(slug)) throw new BroadsheetError('BS_ERR_TAXONOMY_EXISTS', { kind: 'series', slug });
  return deps.storage.transaction(async (tx) => {
    const series = await tx.series.create({ slug, title, description, createdAt: deps.clock.now() });
    await audit(tx, actor, 'series.create', `series:${series.id}`, title, deps.clock.now());
    return series;
  });
}

export async function updateSeries(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  id: number,
  input: { title: string; description: string },
): Promise<string[]> {
  requireManage(actor);
  const title = cleanName('title', input.title, 120);
  const description = cleanDescription(input.description, 1000);
  return deps.storage.transaction(async (tx) => {
    await tx.series.update(id, { title, description });
    await audit(tx, actor, 'series.update', `series:${id}`, title, deps.clock.now());
    const keys = [cacheKeys.series(id), ...(await articleKeys(tx, { kind: 'series', id }))];
    await tx.invalidations.append(keys, deps.clock.now());
    return keys;
  });
}

export async function createSection(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  input: { name: string; slug?: string; parentId: number | null; description: string },
): Promise<{ section: Section; invalidates: string[] }> {
  requireManage(actor);
  const name = cleanName('name', input.name, 80);
  // A slug derived from a long name is cut to the section limit (60), at a word boundary where there is one.
  const derived = slugify(name);
  const slug = input.slug?.trim() || (derived.length <= 60 ? derived : derived.slice(0, 60).replace(/-[^-]*$/, ''));
  const all = await deps.storage.sections.listAll();
  if (input.parentId !== null && !all.some((s) => s.id === input.parentId && s.parentId === null)) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'parent', detail: 'sub-sections go one level deep under a section' });
  }
  const parentPath = input.parentId === null ? '' : `${all.find((s) => s.id === input.parentId)?.path}/`;
  if (all.some((s) => s.path === `${parentPath}${slug}`)) throw new BroadsheetError('BS_ERR_TAXONOMY_EXISTS', { kind: 'section', slug });
  const position = Math.max(0, ...all.map((s) => s.position)) + 1;
  return deps.storage.transaction(async (tx) => {
    const section = await tx.sections.create(newSection({ slug, name, parentId: input.parentId, position, description: cleanDescription(input.description, 500) }));
    await audit(tx, actor, 'section.create', `section:${section.id}`, section.path, deps.clock.now());
    const invalidates = [cacheKeys.navigation];
    await tx.invalidations.append(invalidates, deps.clock.now());
    return { section, invalidates };
  });
}

export async function updateSection(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  id: number,
  input: { name: string; description: string },
): Promise<string[]> {
  requireManage(actor);
  const name = cleanName('name', input.name, 80);
  return deps.storage.transaction(async (tx) => {
    await tx.sections.update(id, { name, description: cleanDescription(input.description, 500) });
    await audit(tx, actor, 'section.update', `section:${id}`, name, deps.clock.now());
    // Section names are in every page's navigation and every list item's label.
    const keys = [cacheKeys.navigation, cacheKeys.section(id)];
    await tx.invalidations.append(keys, deps.clock.now());
    return keys;
  });
}
