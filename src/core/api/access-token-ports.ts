import type { Permission } from '../access/roles.ts';

/** personal: a user's own token for their scripts; integration: a machine client's (wire ingest), owned by an admin. */
export const TOKEN_KINDS = ['personal', 'integration'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** An Admin API token as stored (never the token itself: its hash). */
export interface AccessToken {
  readonly id: number;
  readonly kind: TokenKind;
  /** The user it acts as: the creator for a personal token, the owning admin for an integration token. */
  readonly userId: number;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly Permission[];
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}

export interface AccessTokenRepository {
  create(input: { kind: TokenKind; userId: number; name: string; hash: string; prefix: string; scopes: readonly Permission[]; at: number; expiresAt: number }): Promise<number>;
  /** One user's tokens, or every token when `userId` is undefined; newest first. */
  list(userId?: number): Promise<AccessToken[]>;
  findById(id: number): Promise<AccessToken | undefined>;
  findByHash(hash: string): Promise<AccessToken | undefined>;
  revoke(id: number, at: number): Promise<boolean>;
  touch(id: number, at: number): Promise<void>;
}

/** What a retried create finds under its idempotency key. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  /** Null while the first request is still running (or was cut off before it answered). */
  readonly statusCode: number | null;
  readonly response: string | null;
  readonly createdAt: number;
}

export interface IdempotencyRepository {
  /** Reserves the key for this request; undefined when it was free, else what is recorded under it. */
  reserve(tokenId: number, key: string, requestHash: string, at: number): Promise<IdempotencyRecord | undefined>;
  complete(tokenId: number, key: string, statusCode: number, response: string): Promise<void>;
  /** Frees a reservation whose request failed without writing, so a retry runs again. */
  release(tokenId: number, key: string): Promise<void>;
  /** Forgets records older than `before`. */
  purge(before: number): Promise<number>;
}
