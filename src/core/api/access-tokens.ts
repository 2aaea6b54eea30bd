import { createHash, randomBytes } from 'node:crypto';
import { PERMISSIONS, roleCan, type Permission } from '../access/roles.ts';
import { actorCan, type Actor, type User } from '../access/types.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Clock, Storage } from '../ports.ts';
import type { AccessToken, TokenKind } from './access-token-ports.ts';
import { CredentialCache } from './credential-cache.ts';

/*
 * Admin API tokens. A personal token is made by a user for themselves; an integration token (a wire
 * feed, a partner's CMS) is made by an admin and acts as that admin. Either carries scopes, a subset
 * of its owner's permissions, checked again on every request against the owner's role at that moment
 * (a demoted or disabled owner's tokens lose what the owner lost). Shown once, stored as SHA-256,
 * expiring, revocable.
 */

export const TOKEN_LIMITS = Object.freeze({ name: 80, minDays: 1, maxDays: 365, defaultDays: 90 });
const TOKEN_PREFIX = 'bsat_';
const DAY = 86_400_000;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens the actor may see: their own, and every integration token for admins. */
export async function listTokens(deps: { storage: Storage }, actor: Actor): Promise<AccessToken[]> {
  const own = await deps.storage.accessTokens.list(actor.id);
  if (!actorCan(actor, 'integration:manage')) return own;
  const integrations = (await deps.storage.accessTokens.list()).filter((t) => t.kind === 'integration' && t.userId !== actor.id);
  return [...own, ...integrations];
}

/** Creates a token; the returned `token` is the only time anyone sees it. */
export async function createToken(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  input: { kind: TokenKind; name: string; scopes: readonly string[]; expiresInDays?: number },
): Promise<{ id: number; token: string; expiresAt: number }> {
  // A token never reaches past its maker: no token minted through a token, and scopes within the role.
  if (actor.scopes !== undefined) forbid('tokens are made in the newsroom, not with another token');
  if (input.kind === 'integration' && !actorCan(actor, 'integration:manage')) forbid('admins make integration tokens');
  const name = plainText('name', input.name, { max: TOKEN_LIMITS.name, required: true, oneLine: true });
  const scopes = [...new Set(input.scopes)];
  if (scopes.length === 0) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'scopes', detail: 'choose at least one permission' });
  for (const s of scopes) {
    if (!(ALL_PERMISSIONS as string[]).includes(s)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'scopes', detail: `"${s.slice(0, 60)}" is not a permission` });
    if (!roleCan(actor.role, s as Permission)) forbid(`your role does not hold ${s}, so no token of yours can`);
  }
  const days = input.expiresInDays ?? TOKEN_LIMITS.defaultDays;
  if (!Number.isSafeInteger(days) || days < TOKEN_LIMITS.minDays || days > TOKEN_LIMITS.maxDays) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'expires in', detail: `a whole number of days from ${TOKEN_LIMITS.minDays} to ${TOKEN_LIMITS.maxDays}` });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const at = deps.clock.now();
  const expiresAt = at + days * DAY;
  const id = await deps.storage.transaction(async (tx) => {
    const created = await tx.accessTokens.create({
      kind: input.kind, userId: actor.id, name, hash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), scopes: scopes as Permission[], at, expiresAt,
    });
    await tx.audit.record({ at, userId: actor.id, action: `token.create`, target: `token:${created}`, detail: `${input.kind} ${name}: ${scopes.join(' ')}` });
    return created;
  });
  return { id, token, expiresAt };
}

/** Revokes one of the actor's tokens (admins: any integration token too). */
export async function revokeToken(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number): Promise<void> {
  const token = await deps.storage.accessTokens.findById(id);
  if (!token || (token.userId !== actor.id && !(token.kind === 'integration' && actorCan(actor, 'integration:manage')))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
  const at = deps.clock.now();
  await deps.storage.transaction(async (tx) => {
    if (!(await tx.accessTokens.revoke(id, at))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    await tx.audit.record({ at, userId: actor.id, action: 'token.revoke', target: `token:${id}`, detail: token.name });
  });
}

export interface TokenHolder {
  readonly token: AccessToken;
  readonly user: User;
  readonly actor: Actor;
}

/** Finds who a presented token acts for: not revoked, not expired, its owner active; scopes attached. */
export class TokenGate {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #cache = new CredentialCache<Omit<TokenHolder, 'actor'>>();

  constructor(deps: { storage: Storage; clock: Clock }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
  }

  async authenticate(presented: string | undefined): Promise<TokenHolder> {
    if (!presented || !presented.startsWith(TOKEN_PREFIX) || presented.length > 120) throw new BroadsheetError('BS_ERR_API_TOKEN');
    const hash = hashToken(presented);
    const now = this.#clock.now();
    const holder = await this.#cache.lookup(hash, now, async () => {
      const token = await this.#storage.accessTokens.findByHash(hash);
      const record = token ? await this.#storage.users.findById(token.userId) : undefined;
      if (!token || !record) return undefined;
      // Only the account's public fields are kept (never its password hash or second-factor secret).
      const user: User = { id: record.id, email: record.email, name: record.name, role: record.role, status: record.status, authorId: record.authorId, createdAt: record.createdAt };
      return { token, user };
    });
    if (!holder || holder.token.revokedAt !== null || holder.token.expiresAt <= now || holder.user.status !== 'active') throw new BroadsheetError('BS_ERR_API_TOKEN');
    if (this.#cache.touchDue(holder.token.id, now)) void this.#storage.accessTokens.touch(holder.token.id, now).catch(() => undefined);
    const { user, token } = holder;
    return { token, user, actor: { id: user.id, role: user.role, authorId: user.authorId, scopes: token.scopes } };
  }

  forget(): void {
    this.#cache.forget();
  }
}
