import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { BroadsheetError } from '../errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * scrypt with N=2^15, r=8, p=1 (OWASP's minimum recommendation for scrypt); about 50–100 ms per
 * hash here, which is the point. Stored as scrypt$N$r$p$salt$hash so parameters can be raised later
 * and old hashes still verify (and get rehashed at the next login).
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

export const PASSWORD_LIMITS = Object.freeze({ min: 12, max: 256 });

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Verifies in constant time; false for malformed hashes rather than throwing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True when the stored hash uses weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const [, n, r, p] = stored.split('$');
  return Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p;
}

/**
 * Length is what makes a password strong (NIST 800-63B, ASVS 6.2): at least 12 characters,
 * any characters, no composition rules, not a well-known password.
 */
export function checkPasswordPolicy(password: string, context: { email?: string; name?: string } = {}): void {
  const fail = (detail: string) => {
    throw new BroadsheetError('BS_ERR_AUTH_PASSWORD_WEAK', { detail });
  };
  const length = [...password.normalize('NFKC')].length;
  if (length < PASSWORD_LIMITS.min) fail(`use at least ${PASSWORD_LIMITS.min} characters`);
  if (length > PASSWORD_LIMITS.max) fail(`use at most ${PASSWORD_LIMITS.max} characters`);
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) fail('this is one of the most common passwords');
  if (/^(.)\1+$/.test(password)) fail('a single repeated character is easy to guess');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) fail('do not use your email address in your password');
}

/** A hash of a random password, used to spend the same time when the account does not exist. */
export const DUMMY_HASH_PROMISE: Promise<string> = hashPassword(randomBytes(18).toString('base64url'));
