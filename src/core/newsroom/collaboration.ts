import type { Actor } from '../access/types.ts';
import { plainText } from '../content/plain-text.ts';
import type { Clock, Storage } from '../ports.ts';
import { canEdit, loadVisible } from './article-access.ts';
import type { ArticleNote } from './collaboration-ports.ts';

/** An editor whose heartbeat is older than this has left; a lock older than this is free. */
export const PRESENCE_TTL_MS = 45_000;
/** How often the editor page sends its heartbeat. */
export const HEARTBEAT_MS = 15_000;

export interface PresenceState {
  /** Who else has the editor open now (user ids and names). */
  readonly others: readonly { readonly id: number; readonly name: string }[];
  /** Who may type: the caller, someone else, or nobody (the caller could not edit anyway). */
  readonly lock: { readonly mine: boolean; readonly holder: { readonly id: number; readonly name: string } | null; readonly since: number | null };
}

async function names(storage: Storage, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const id of new Set(ids)) {
    const user = await storage.users.findById(id);
    if (user) out.set(id, user.name);
  }
  return out;
}

/**
 * The editor's heartbeat: marks the caller present, and gives them the soft lock when it is free (no
 * holder, or a holder whose editor stopped beating) or when they take it over. Soft: saves are still
 * version-checked for everyone (a stale save is a 409 that keeps the text), and the lock decides who
 * the editor lets type. A takeover is audited; the previous holder's next heartbeat tells them.
 */
export async function heartbeat(deps: { storage: Storage; clock: Clock }, actor: Actor, articleId: number, takeover: boolean): Promise<PresenceState> {
  const { storage, clock } = deps;
  const article = await loadVisible((id) => storage.articles.findForEdit(id), actor, articleId);
  const editable = canEdit(actor, article);
  const now = clock.now();
  const state = await storage.transaction(async (tx) => {
    await tx.collaboration.touchPresence(articleId, actor.id, now);
    let lock = await tx.collaboration.lock(articleId);
    if (lock?.userId === actor.id) {
      await tx.collaboration.touchLock(articleId, actor.id, now);
    } else if (editable && (!lock || lock.seenAt < now - PRESENCE_TTL_MS || takeover)) {
      await tx.collaboration.setLock(articleId, actor.id, now);
      if (takeover && lock && lock.seenAt >= now - PRESENCE_TTL_MS) {
        await tx.audit.record({ at: now, userId: actor.id, action: 'article.lock-takeover', target: `article:${articleId}`, detail: `from user ${lock.userId}` });
      }
      lock = { userId: actor.id, since: now, seenAt: now };
    }
    return { lock, present: await tx.collaboration.present(articleId, now - PRESENCE_TTL_MS) };
  });
  const lock = state.lock && state.lock.seenAt >= now - PRESENCE_TTL_MS ? state.lock : undefined;
  const who = await names(storage, [...state.present, ...(lock ? [lock.userId] : [])]);
  return {
    others: state.present.filter((id) => id !== actor.id).map((id) => ({ id, name: who.get(id) ?? `User ${id}` })),
    lock: {
      mine: lock?.userId === actor.id,
      holder: lock ? { id: lock.userId, name: who.get(lock.userId) ?? `User ${lock.userId}` } : null,
      since: lock?.since ?? null,
    },
  };
}

/** The editor page closed: the caller is no longer present, and their lock is free at once. */
export async function leave(deps: { storage: Storage }, actor: Actor, articleId: number): Promise<void> {
  await deps.storage.collaboration.leave(articleId, actor.id);
}

/** Notes on an article between its writer and editors: in the newsroom only, never on the public page. */
export async function articleNotes(deps: { storage: Storage }, actor: Actor, articleId: number): Promise<(ArticleNote & { readonly author: string })[]> {
  await loadVisible((id) => deps.storage.articles.findForEdit(id), actor, articleId);
  const notes = await deps.storage.collaboration.notes(articleId);
  const who = await names(deps.storage, notes.flatMap((n) => (n.userId === null ? [] : [n.userId])));
  return notes.map((n) => ({ ...n, author: n.userId === null ? 'Someone' : (who.get(n.userId) ?? `User ${n.userId}`) }));
}

export async function addNote(deps: { storage: Storage; clock: Clock }, actor: Actor, articleId: number, body: string): Promise<void> {
  const text = plainText('note', body, { max: 2000, required: true });
  await loadVisible((id) => deps.storage.articles.findForEdit(id), actor, articleId);
  const now = deps.clock.now();
  await deps.storage.transaction(async (tx) => {
    await tx.collaboration.addNote({ articleId, userId: actor.id, body: text, createdAt: now });
    await tx.audit.record({ at: now, userId: actor.id, action: 'article.note', target: `article:${articleId}`, detail: '' });
  });
}
