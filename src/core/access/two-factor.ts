import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import type { User } from './types.ts';
import { accountThrottleKey, hashToken, openSession, publicUser } from './account-helpers.ts';
import type { AuthOptions } from './auth-service.ts';

/**
 * Two-step sign-in with time-based codes (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1, which is what
 * every authenticator app reads from the QR code). otpauth does the code arithmetic; this file keeps
 * the secret sealed at rest, accepts a code once (the last step used is stored), and runs setup:
 * a pending secret shown as a QR code, made active only by a code from it.
 */
const PERIOD_MS = 30_000;

/** AES-256-GCM with the key derived from the site secret; the stored form is iv.tag.ciphertext (base64url). */
export function sealSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function openSecret(key: Buffer, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) throw new Error('sealed TOTP secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

function totp(secretBase32: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000, secret: Secret.fromBase32(secretBase32) });
}

/**
 * The time-step a code belongs to, when it is right (this step or one either side, for clocks a little
 * apart) and newer than the last one used; undefined otherwise.
 */
export function acceptedStep(secretBase32: string, code: string, now: number, lastStep: number | null): number | undefined {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return undefined;
  const delta = totp(secretBase32, 'x', 'x').validate({ token: clean, timestamp: now, window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now / PERIOD_MS) + delta;
  return lastStep !== null && step <= lastStep ? undefined : step;
}

export interface TwoFactorSetup {
  /** The secret in base32, for typing into an app by hand. */
  readonly secret: string;
  /** The otpauth:// URI the QR code carries. */
  readonly uri: string;
}

/** Turning two-step sign-in on and off for one's own account. */
export class TwoFactorService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #key: Buffer;
  readonly #issuer: string;

  readonly #options: AuthOptions;

  constructor(deps: { storage: Storage; clock: Clock; key: Buffer; issuer: string; options: AuthOptions }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
    this.#key = deps.key;
    this.#issuer = deps.issuer;
    this.#options = deps.options;
  }

  /**
   * The second step of a sign-in: the ticket from a right password, and a code. Throttled like a
   * password (per client address and per account, reserved before the check), so a stolen password
   * does not buy unlimited guesses; a code works once. Returns the session token.
   */
  async completeLogin(input: { ticket: string; code: string; clientKey: string }): Promise<{ user: User; token: string }> {
    const now = this.#clock.now();
    const userId = input.ticket.length <= 100 ? await this.#storage.tokens.peek(hashToken(input.ticket), 'second-factor', now) : undefined;
    const record = userId === undefined ? undefined : await this.#storage.users.findById(userId);
    if (!record || record.status !== 'active' || !record.totpSecret) throw new BroadsheetError('BS_ERR_AUTH_TOKEN_INVALID');
    const o = this.#options;
    const attempt = await this.#storage.throttle.reserve(
      [
        { key: `login:ip:${input.clientKey}`, limit: o.maxFailuresPerIp },
        { key: accountThrottleKey(record.email), limit: o.maxFailuresPerAccount },
      ],
      now,
      o.throttleWindowMs,
    );
    if (!attempt.granted) throw new BroadsheetError('BS_ERR_AUTH_THROTTLED', { seconds: Math.max(1, Math.ceil((attempt.retryAt - now) / 1000)) });
    const step = acceptedStep(openSecret(this.#key, record.totpSecret), input.code, now, record.totpStep);
    if (step === undefined) {
      await this.#storage.audit.record({ at: now, userId: record.id, action: 'login.code-failed', target: record.email, detail: '' });
      throw new BroadsheetError('BS_ERR_AUTH_CODE', { detail: 'enter the current code from your authenticator app' });
    }
    const token = await this.#storage.transaction(async (tx) => {
      // The ticket is used up with the session's start: one ticket, one session.
      if ((await tx.tokens.consume(hashToken(input.ticket), 'second-factor', now)) !== record.id) throw new BroadsheetError('BS_ERR_AUTH_TOKEN_INVALID');
      await tx.users.setTotp(record.id, { step }, now);
      await tx.audit.record({ at: now, userId: record.id, action: 'login.ok', target: record.email, detail: 'with a second step' });
      return openSession(tx, record.id, now, o.idleMs);
    });
    for (const [key, windowStart] of attempt.windows) await this.#storage.throttle.release(key, windowStart);
    return { user: publicUser(record), token };
  }

  /** A new pending secret (replacing any earlier pending one); the active one, if any, stays until confirmed. */
  async begin(user: User): Promise<TwoFactorSetup> {
    const secret = new Secret({ size: 20 }).base32;
    await this.#storage.users.setTotp(user.id, { pending: sealSecret(this.#key, secret) }, this.#clock.now());
    return { secret, uri: totp(secret, this.#issuer, user.email).toString() };
  }

  /** The pending setup shown again (after a wrong code), or undefined when none is pending. */
  async pending(user: User): Promise<TwoFactorSetup | undefined> {
    const record = await this.#storage.users.findById(user.id);
    if (!record?.totpPending) return undefined;
    const secret = openSecret(this.#key, record.totpPending);
    return { secret, uri: totp(secret, this.#issuer, user.email).toString() };
  }

  /** Makes the pending secret active when `code` comes from it. */
  async confirm(user: User, code: string): Promise<void> {
    const now = this.#clock.now();
    const record = await this.#storage.users.findById(user.id);
    if (!record?.totpPending) throw new BroadsheetError('BS_ERR_AUTH_CODE', { detail: 'start the setup again' });
    const step = acceptedStep(openSecret(this.#key, record.totpPending), code, now, null);
    if (step === undefined) throw new BroadsheetError('BS_ERR_AUTH_CODE', { detail: 'check the time on your phone and enter the current code' });
    await this.#storage.transaction(async (tx) => {
      await tx.users.setTotp(user.id, { secret: record.totpPending, pending: null, step }, now);
      await tx.audit.record({ at: now, userId: user.id, action: 'user.2fa-on', target: `user:${user.id}`, detail: '' });
    });
  }

  /** Turns it off, with a current code (so a session left open cannot remove the second step). */
  async disable(user: User, code: string): Promise<void> {
    const now = this.#clock.now();
    const record = await this.#storage.users.findById(user.id);
    if (!record?.totpSecret) return;
    const step = acceptedStep(openSecret(this.#key, record.totpSecret), code, now, record.totpStep);
    if (step === undefined) throw new BroadsheetError('BS_ERR_AUTH_CODE', { detail: 'enter the current code from your app' });
    await this.#storage.transaction(async (tx) => {
      await tx.users.setTotp(user.id, { secret: null, pending: null, step: null }, now);
      await tx.audit.record({ at: now, userId: user.id, action: 'user.2fa-off', target: `user:${user.id}`, detail: '' });
    });
  }
}
