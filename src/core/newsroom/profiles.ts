import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { plainText } from '../content/plain-text.ts';
import type { AuthorProfile } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Repositories, Storage } from '../ports.ts';
import { forbid } from './article-access.ts';
import { articleKeys } from './taxonomy.ts';

export interface ProfileInput {
  readonly name: string;
  readonly title: string;
  readonly bio: string;
  readonly photoMediaId: number | null;
}

export const PROFILE_LIMITS = Object.freeze({ name: 100, title: 100, bio: 1000 });

/** One's own profile, or anyone's for admins. */
function requireSelfOrAdmin(actor: Actor, userId: number): void {
  if (actor.id !== userId && !actorCan(actor, 'user:manage')) forbid('you can edit your own profile; admins edit others');
}

async function authorOf(repos: Repositories, userId: number): Promise<{ authorId: number }> {
  const user = await repos.users.findById(userId);
  if (!user) throw new BroadsheetError('BS_ERR_USER_NOT_FOUND', { id: userId });
  if (user.authorId === null) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'profile', detail: 'this account has no byline' });
  return { authorId: user.authorId };
}

export async function loadProfile(deps: { storage: Storage }, actor: Actor, userId: number): Promise<AuthorProfile> {
  requireSelfOrAdmin(actor, userId);
  const { authorId } = await authorOf(deps.storage, userId);
  const profile = await deps.storage.authors.profile({ id: authorId });
  if (!profile) throw new BroadsheetError('BS_ERR_USER_NOT_FOUND', { id: userId });
  return profile;
}

/**
 * Edits a person's name, byline title, biography and portrait: validate → authorize (self or
 * admin) → write the account and the byline in one transaction with the audit entry → invalidate the
 * author page and every article that prints the byline.
 */
export async function editProfile(deps: { storage: Storage; clock: Clock }, actor: Actor, userId: number, input: ProfileInput): Promise<string[]> {
  const L = PROFILE_LIMITS;
  const name = plainText('name', input.name, { max: L.name, required: true, oneLine: true });
  const title = plainText('title', input.title, { max: L.title, oneLine: true });
  const bio = plainText('bio', input.bio, { max: L.bio });
  requireSelfOrAdmin(actor, userId);
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const { authorId } = await authorOf(tx, userId);
    if (input.photoMediaId !== null && !(await tx.media.findById(input.photoMediaId))) {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'photo', detail: 'the photo does not exist' });
    }
    await tx.users.update(userId, { name }, now);
    await tx.authors.updateProfile(authorId, { name, title, bio, photoMediaId: input.photoMediaId });
    await tx.audit.record({ at: now, userId: actor.id, action: 'user.profile', target: `user:${userId}`, detail: JSON.stringify({ name, title }) });
    const keys = [cacheKeys.author(authorId), ...(await articleKeys(tx, { kind: 'author', id: authorId }))];
    await tx.invalidations.append(keys, now);
    return keys;
  });
}
