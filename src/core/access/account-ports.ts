/**
 * What account security needs from storage: users, sessions, one-time links and attempt counters.
 * Implemented in storage/account-repositories.ts; part of `Repositories` (core/ports.ts).
 */
import type { Role } from './roles.ts';
import type { User, UserStatus } from './types.ts';

export interface UserRecord extends User {
  readonly passwordHash: string | null;
  /** The sealed TOTP secret once two-step sign-in is on; the one being set up; the last step used. */
  readonly totpSecret: string | null;
  readonly totpPending: string | null;
  readonly totpStep: number | null;
}

export interface UserRepository {
  findById(id: number): Promise<UserRecord | undefined>;
  /** Emails are compared lower-cased. */
  findByEmail(email: string): Promise<UserRecord | undefined>;
  list(): Promise<User[]>;
  create(input: { email: string; name: string; role: Role; authorId: number | null; createdAt: number }): Promise<User>;
  update(id: number, patch: { name?: string; role?: Role; status?: UserStatus; passwordHash?: string; authorId?: number | null }, at: number): Promise<void>;
  countActiveAdmins(): Promise<number>;
  setTotp(id: number, patch: { secret?: string | null; pending?: string | null; step?: number | null }, at: number): Promise<void>;
}

export interface SessionRecord {
  readonly userId: number;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

/** Server-side sessions, keyed by a hash of the cookie's token (never the token itself). */
export interface SessionRepository {
  create(tokenHash: string, session: SessionRecord): Promise<void>;
  find(tokenHash: string): Promise<SessionRecord | undefined>;
  touch(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a user (logout everywhere, disabled account, new password), but one. */
  deleteForUser(userId: number, keepTokenHash?: string): Promise<void>;
  prune(now: number): Promise<void>;
}

/** invite and reset links set a password; second-factor holds a signed-in-by-password login until its code. */
export type TokenPurpose = 'invite' | 'reset' | 'second-factor';

export interface OneTimeTokenRepository {
  create(tokenHash: string, token: { userId: number; purpose: TokenPurpose; createdAt: number; expiresAt: number }): Promise<void>;
  /** The user of a usable token (unused, unexpired, right purpose), without using it. */
  peek(tokenHash: string, purpose: TokenPurpose, now: number): Promise<number | undefined>;
  /** Marks the token used and returns its user, atomically; undefined if it was not usable. */
  consume(tokenHash: string, purpose: TokenPurpose, now: number): Promise<number | undefined>;
  revokeForUser(userId: number): Promise<void>;
}

/** One throttled key and how many attempts it allows per window. */
export interface ThrottleLimit {
  readonly key: string;
  readonly limit: number;
}

/** The answer to a reservation: either every key had room (and now counts this attempt), or none was counted. */
export type ThrottleReservation =
  | { readonly granted: true; readonly windows: ReadonlyMap<string, number> }
  | { readonly granted: false; readonly retryAt: number };

/**
 * Attempt counters for throttling (logins, password checks, reset mails), shared by every process
 * through the database. There is deliberately no "read the count" method: a check that reads, then
 * works, then writes lets concurrent attempts all pass the read. An attempt is reserved first.
 */
export interface ThrottleRepository {
  /**
   * Counts one attempt against every key, atomically and across processes: granted only when each
   * key is still under its limit in its window, otherwise nothing is counted and the answer says
   * when the fullest window ends. `windows` gives each key's window start, for `release`.
   */
  reserve(limits: readonly ThrottleLimit[], now: number, windowMs: number): Promise<ThrottleReservation>;
  /** Gives back one reserved attempt (one that succeeded), if its window is still the current one. */
  release(key: string, windowStart: number): Promise<void>;
  /** Forgets counters whose window started before `before` (they no longer limit anything). */
  prune(before: number): Promise<void>;
}
