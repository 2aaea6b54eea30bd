import { createHash, randomBytes } from 'node:crypto';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError } from '../errors.ts';
import type { Repositories } from '../ports.ts';
import type { UserRecord } from './account-ports.ts';
import type { User } from './types.ts';

/* Small rules shared by the account services: tokens, addresses, names, the public view of a user. */

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Starts a session for a user whose sign-in is complete; returns the cookie token (only its hash is stored). */
export async function openSession(repos: Repositories, userId: number, now: number, idleMs: number): Promise<string> {
  const token = newToken();
  await repos.sessions.create(hashToken(token), { userId, createdAt: now, lastSeenAt: now, expiresAt: now + idleMs });
  return token;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export function normalizeEmail(email: string): string {
  const clean = email.trim().toLowerCase();
  if (clean.length > 254 || !EMAIL.test(clean)) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'email', detail: 'enter an address like name@example.com' });
  }
  return clean;
}

export function cleanName(name: string): string {
  return plainText('name', name, { max: 100, required: true, oneLine: true });
}

/** The throttle key of an account's password checks (logins, password changes), existing or not. */
export function accountThrottleKey(email: string): string {
  return `login:account:${hashToken(email)}`;
}

export function publicUser(u: UserRecord): User {
  return { id: u.id, email: u.email, name: u.name, role: u.role, status: u.status, authorId: u.authorId, createdAt: u.createdAt, twoFactor: u.totpSecret !== null };
}

