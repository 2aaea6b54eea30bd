import { createHash, randomBytes } from 'node:crypto';
import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Clock, Storage } from '../ports.ts';
import type { ApiKey } from './api-key-ports.ts';
import { CredentialCache } from './credential-cache.ts';

export type { ApiKey, ApiKeyRepository } from './api-key-ports.ts';

/*
 * Content API keys: one per client (an app, a partner site, a script), created and revoked by
 * admins. The key is shown once and stored as a SHA-256 hash (it is a long random secret, so a
 * fast hash is enough: nothing to brute-force); each key has its own rate limit and the browser
 * origins allowed to call with it.
 */

export const API_KEY_LIMITS = Object.freeze({ name: 80, origins: 20, minRate: 1, maxRate: 100_000, defaultRate: 600 });
const KEY_PREFIX = 'bsk_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** An allowed origin as browsers send it: scheme, host and port, nothing else. */
export function originOf(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function requireAdmin(actor: Actor): void {
  if (!actorCan(actor, 'integration:manage')) forbid('admins manage API keys');
}

export async function listApiKeys(deps: { storage: Storage }, actor: Actor): Promise<ApiKey[]> {
  requireAdmin(actor);
  return deps.storage.apiKeys.list();
}

/** Creates a key; the returned `key` is the only time anyone sees it. */
export async function createApiKey(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  input: { name: string; origins: readonly string[]; ratePerMinute?: number },
): Promise<{ id: number; key: string }> {
  requireAdmin(actor);
  const name = plainText('name', input.name, { max: API_KEY_LIMITS.name, required: true, oneLine: true });
  const origins = [...new Set(input.origins.map((o) => o.trim()).filter(Boolean))];
  if (origins.length > API_KEY_LIMITS.origins) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'origins', detail: `at most ${API_KEY_LIMITS.origins}` });
  const clean = origins.map((o) => {
    const origin = originOf(o);
    if (!origin) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'origins', detail: `"${o.slice(0, 100)}" is not an origin like https://app.example.com` });
    return origin;
  });
  const rate = input.ratePerMinute ?? API_KEY_LIMITS.defaultRate;
  if (!Number.isSafeInteger(rate) || rate < API_KEY_LIMITS.minRate || rate > API_KEY_LIMITS.maxRate) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'requests per minute', detail: `a whole number from ${API_KEY_LIMITS.minRate} to ${API_KEY_LIMITS.maxRate}` });
  }
  const key = `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  const at = deps.clock.now();
  const id = await deps.storage.transaction(async (tx) => {
    const created = await tx.apiKeys.create({ name, hash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 6), origins: clean, ratePerMinute: rate, at, userId: actor.id });
    await tx.audit.record({ at, userId: actor.id, action: 'api-key.create', target: `api-key:${created}`, detail: name });
    return created;
  });
  return { id, key };
}

export async function revokeApiKey(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number): Promise<void> {
  requireAdmin(actor);
  const at = deps.clock.now();
  await deps.storage.transaction(async (tx) => {
    if (!(await tx.apiKeys.revoke(id, at))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    await tx.audit.record({ at, userId: actor.id, action: 'api-key.revoke', target: `api-key:${id}`, detail: '' });
  });
}

/** Finds the key a request presents (not revoked), and notes its use at most once a minute per process. */
export class ApiKeyGate {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #cache = new CredentialCache<ApiKey>();

  constructor(deps: { storage: Storage; clock: Clock }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
  }

  async authenticate(presented: string | undefined): Promise<ApiKey> {
    if (!presented || !presented.startsWith(KEY_PREFIX) || presented.length > 100) throw new BroadsheetError('BS_ERR_API_KEY');
    const hash = hashKey(presented);
    const now = this.#clock.now();
    const key = await this.#cache.lookup(hash, now, () => this.#storage.apiKeys.findByHash(hash));
    if (!key || key.revokedAt !== null) throw new BroadsheetError('BS_ERR_API_KEY');
    if (this.#cache.touchDue(key.id, now)) void this.#storage.apiKeys.touch(key.id, now).catch(() => undefined);
    return key;
  }

  /** Forget cached lookups (a revoke in this process takes effect at once). */
  forget(): void {
    this.#cache.forget();
  }
}
