import { plainText } from '../content/plain-text.ts';
import { slugify } from '../content/slug.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Mailer, Repositories, Storage } from '../ports.ts';
import type { ThrottleLimit, TokenPurpose } from './account-ports.ts';
import { TIME } from '../time/edition-time.ts';
import { checkPasswordPolicy, DUMMY_HASH_PROMISE, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
import { isRole, type Role } from './roles.ts';
import { actorCan, type User } from './types.ts';
import { accountThrottleKey, cleanName, hashToken, newToken, normalizeEmail, openSession, publicUser } from './account-helpers.ts';

export { hashToken, newToken, normalizeEmail } from './account-helpers.ts';

export interface AuthOptions {
  /** A session ends after this long without a request. */
  readonly idleMs: number;
  /** ...and after this long whatever happens. */
  readonly absoluteMs: number;
  readonly throttleWindowMs: number;
  /** Failed logins allowed per client address per window. */
  readonly maxFailuresPerIp: number;
  /** Failed logins allowed per account (existing or not) per window. */
  readonly maxFailuresPerAccount: number;
  /** "Forgot password" requests per client address per window... */
  readonly maxResetsPerIp: number;
  /** ...and per address asked about (known or not), so nobody's inbox can be flooded. */
  readonly maxResetsPerAccount: number;
  readonly inviteTtlMs: number;
  readonly resetTtlMs: number;
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = Object.freeze({
  idleMs: 12 * TIME.HOUR,
  absoluteMs: 7 * TIME.DAY,
  throttleWindowMs: 15 * TIME.MINUTE,
  maxFailuresPerIp: 20,
  maxFailuresPerAccount: 5,
  maxResetsPerIp: 5,
  maxResetsPerAccount: 3,
  inviteTtlMs: 3 * TIME.DAY,
  resetTtlMs: TIME.HOUR,
});

/** A login: a session, or (two-step sign-in) a ticket that a code turns into one. */
export type LoginResult = { readonly user: User; readonly token: string; readonly ticket?: undefined } | { readonly user: User; readonly token?: undefined; readonly ticket: string };

/** A signed-in request's identity. */
export interface AuthenticatedSession {
  readonly user: User;
  /** SHA-256 of the cookie token; binds CSRF tokens to the session. */
  readonly tokenHash: string;
}

/**
 * Accounts, passwords, sessions and one-time links. Sessions live in the database (only a
 * hash of each token), so logout, disabling a user or changing a password ends them at once,
 * in every process.
 */
export class AuthService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #mailer: Mailer;
  readonly #publicUrl: string;
  readonly #reportError: (err: unknown) => void;
  /** Addresses asked for a reset link, waiting for `drainResets`. */
  readonly #resetQueue: string[] = [];
  readonly options: AuthOptions;

  constructor(
    deps: { storage: Storage; clock: Clock; mailer: Mailer; publicUrl: string; reportError?: (err: unknown) => void },
    options: AuthOptions = DEFAULT_AUTH_OPTIONS,
  ) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
    this.#mailer = deps.mailer;
    this.#publicUrl = deps.publicUrl;
    this.#reportError = deps.reportError ?? ((err) => console.error('background auth work failed:', err));
    this.options = options;
  }

  /**
   * Checks credentials, throttled per client address and per account. Unknown accounts, disabled
   * accounts and wrong passwords all give the same error after the same work (a dummy hash is
   * verified when there is no real one), so the answer reveals nothing about who has an account.
   *
   * The attempt is reserved before the password is checked (decision 013): of any number of
   * concurrent attempts, in one process or many, only as many as the limits allow reach scrypt.
   * A wrong password keeps its reservation as a failure; a right one gives its own back, but never
   * clears the failures of others, and an account at its limit refuses even the right password
   * until its window ends.
   */
  async login(input: { email: string; password: string; clientKey: string }): Promise<LoginResult> {
    const now = this.#clock.now();
    const email = input.email.trim().toLowerCase().slice(0, 254);
    const attempt = await this.#reserve(now, [
      { key: `login:ip:${input.clientKey}`, limit: this.options.maxFailuresPerIp },
      { key: accountThrottleKey(email), limit: this.options.maxFailuresPerAccount },
    ]);
    if (!attempt.granted) {
      await this.#audit(null, 'login.throttled', email, '');
      throw this.#throttled(attempt.retryAt, now);
    }

    const user = await this.#storage.users.findByEmail(email);
    const usable = user && user.status === 'active' && user.passwordHash;
    const ok = usable
      ? await verifyPassword(input.password, user.passwordHash as string)
      : await verifyPassword(input.password, await DUMMY_HASH_PROMISE).then(() => false);
    if (!ok || !user) {
      await this.#audit(user?.id ?? null, 'login.failed', email, '');
      throw new BroadsheetError('BS_ERR_AUTH_FAILED');
    }
    await this.#giveBack(attempt.windows);
    if (needsRehash(user.passwordHash as string)) {
      await this.#storage.users.update(user.id, { passwordHash: await hashPassword(input.password) }, now);
    }
    if (user.totpSecret) {
      // The password was right; the session waits for the code (TwoFactorService.completeLogin).
      const ticket = newToken();
      await this.#storage.tokens.create(hashToken(ticket), { userId: user.id, purpose: 'second-factor', createdAt: now, expiresAt: now + 5 * TIME.MINUTE });
      await this.#audit(user.id, 'login.password-ok', email, 'waiting for the second step');
      return { user: publicUser(user), ticket };
    }
    const token = await this.#startSession(user.id, now);
    await this.#audit(user.id, 'login.ok', email, '');
    return { user: publicUser(user), token };
  }

  /** The session behind a cookie token, if it is still valid; slides the idle expiry. */
  async authenticate(token: string | undefined): Promise<AuthenticatedSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.#clock.now();
    const tokenHash = hashToken(token);
    const session = await this.#storage.sessions.find(tokenHash);
    if (!session) return undefined;
    if (session.expiresAt <= now || session.createdAt + this.options.absoluteMs <= now) {
      await this.#storage.sessions.delete(tokenHash);
      return undefined;
    }
    const user = await this.#storage.users.findById(session.userId);
    if (!user || user.status !== 'active') return undefined;
    // Sliding expiry, written at most once a minute per session.
    if (now - session.lastSeenAt > TIME.MINUTE) {
      const expiresAt = Math.min(now + this.options.idleMs, session.createdAt + this.options.absoluteMs);
      await this.#storage.sessions.touch(tokenHash, now, expiresAt);
    }
    return { user: publicUser(user), tokenHash };
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const tokenHash = hashToken(token);
    const session = await this.#storage.sessions.find(tokenHash);
    await this.#storage.sessions.delete(tokenHash);
    if (session) await this.#audit(session.userId, 'logout', '', '');
  }

  /**
   * Sends a message; false when mail only goes to the log or the send failed (reported), so the
   * caller shows the link to pass on instead.
   */
  async #deliver(message: { to: string; subject: string; text: string }): Promise<boolean> {
    try {
      await this.#mailer.send(message);
      return this.#mailer.delivers;
    } catch (err) {
      this.#reportError(err);
      return false;
    }
  }

  /**
   * Creates an account (admins only) with a byline, and emails the new user a one-time link to set
   * a password. The link is returned too: where mail is not set up, the admin passes it on.
   */
  async createUser(actor: User, input: { email: string; name: string; role: string; title?: string }): Promise<{ user: User; link: string; mailed: boolean }> {
    this.#requireAdmin(actor);
    const email = normalizeEmail(input.email);
    const name = cleanName(input.name);
    if (!isRole(input.role)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'role', detail: 'choose a role' });
    const role: Role = input.role;
    const title = plainText('title', input.title ?? '', { max: 100, oneLine: true }) || 'Staff Writer';
    const now = this.#clock.now();
    const { user, token } = await this.#storage.transaction(async (tx) => {
      if (await tx.users.findByEmail(email)) throw new BroadsheetError('BS_ERR_USER_EXISTS', { email });
      const author = await this.#uniqueAuthor(tx, name, title);
      const created = await tx.users.create({ email, name, role, authorId: author.id, createdAt: now });
      const t = newToken();
      await tx.tokens.create(hashToken(t), { userId: created.id, purpose: 'invite', createdAt: now, expiresAt: now + this.options.inviteTtlMs });
      return { user: created, token: t };
    });
    await this.#audit(actor.id, 'user.create', `user:${user.id}`, `role=${role}`);
    const link = `${this.#publicUrl}/admin/setup/${token}`;
    const mailed = await this.#deliver({
      to: user.email,
      subject: 'Your newsroom account is ready',
      text: `${actor.name} made you a newsroom account (${role}) at ${this.#publicUrl}/admin/.\nChoose your password with this link; it works once, for ${Math.round(this.options.inviteTtlMs / TIME.HOUR)} hours:\n${link}\n`,
    });
    return { user, link, mailed };
  }

  /**
   * The first admin, from the command line or the demo's first start. Sets the password when
   * given; otherwise returns a one-time link to set it.
   */
  async bootstrapAdmin(input: { email: string; name: string; password?: string }): Promise<{ user: User; link?: string }> {
    const email = normalizeEmail(input.email);
    const name = cleanName(input.name);
    if (input.password !== undefined) checkPasswordPolicy(input.password, { email, name });
    const now = this.#clock.now();
    const hash = input.password !== undefined ? await hashPassword(input.password) : undefined;
    const result = await this.#storage.transaction(async (tx) => {
      if (await tx.users.findByEmail(email)) throw new BroadsheetError('BS_ERR_USER_EXISTS', { email });
      const author = await this.#uniqueAuthor(tx, name, 'Editor');
      const user = await tx.users.create({ email, name, role: 'admin', authorId: author.id, createdAt: now });
      if (hash) {
        await tx.users.update(user.id, { passwordHash: hash }, now);
        return { user };
      }
      const t = newToken();
      await tx.tokens.create(hashToken(t), { userId: user.id, purpose: 'invite', createdAt: now, expiresAt: now + this.options.inviteTtlMs });
      return { user, link: `${this.#publicUrl}/admin/setup/${t}` };
    });
    await this.#audit(result.user.id, 'user.bootstrap', `user:${result.user.id}`, 'role=admin');
    return result;
  }

  /** The user a one-time link belongs to, if it is still usable (the link is not used up). */
  async checkLink(token: string, purpose: TokenPurpose): Promise<User | undefined> {
    if (token.length > 100) return undefined;
    const userId = await this.#storage.tokens.peek(hashToken(token), purpose, this.#clock.now());
    const user = userId === undefined ? undefined : await this.#storage.users.findById(userId);
    return user && user.status === 'active' ? publicUser(user) : undefined;
  }

  /**
   * Sets a password through an invitation or reset link. Like every password change, it revokes
   * every other outstanding link of the account and ends all its sessions.
   */
  async setPasswordWithLink(token: string, purpose: TokenPurpose, password: string): Promise<User> {
    const user = await this.checkLink(token, purpose);
    if (!user) throw new BroadsheetError('BS_ERR_AUTH_TOKEN_INVALID');
    checkPasswordPolicy(password, { email: user.email, name: user.name });
    const hash = await hashPassword(password);
    const now = this.#clock.now();
    await this.#storage.transaction(async (tx) => {
      const consumed = await tx.tokens.consume(hashToken(token), purpose, now);
      if (consumed !== user.id) throw new BroadsheetError('BS_ERR_AUTH_TOKEN_INVALID');
      await this.#setPassword(tx, user.id, hash, now);
    });
    await this.#audit(user.id, `password.${purpose}`, `user:${user.id}`, '');
    return user;
  }

  /**
   * "Forgot your password": always the same answer, in the same time. Throttled per client and per
   * address asked about; past that, the request only joins a queue, the same work whether the
   * address has an account or not. `drainResets` (run on a timer of its own, not by any request)
   * looks the addresses up, writes links and sends the mails.
   */
  async requestReset(email: string, clientKey: string): Promise<void> {
    const now = this.#clock.now();
    const address = email.trim().toLowerCase().slice(0, 254);
    const attempt = await this.#reserve(now, [
      { key: `reset:ip:${clientKey}`, limit: this.options.maxResetsPerIp },
      { key: `reset:account:${hashToken(address)}`, limit: this.options.maxResetsPerAccount },
    ]);
    if (!attempt.granted) throw this.#throttled(attempt.retryAt, now);
    this.#resetQueue.push(address);
  }

  /**
   * Handles the queued reset requests in one transaction: a link and an audit entry for an active
   * account, an audit entry for any other address (so a batch costs the same database work either
   * way), then the mails. Runs on a timer (services.ts) and at shutdown; a crash loses at most the
   * requests of one period, which their senders can repeat.
   */
  async drainResets(): Promise<void> {
    const addresses = this.#resetQueue.splice(0);
    if (addresses.length === 0) return;
    const now = this.#clock.now();
    const mails = await this.#storage.transaction(async (tx) => {
      const out: { to: string; link: string }[] = [];
      for (const address of addresses) {
        const user = await tx.users.findByEmail(address);
        if (user && user.status === 'active') {
          out.push({ to: user.email, link: await this.#resetLink(tx, user.id, now) });
          await tx.audit.record({ at: now, userId: user.id, action: 'password.reset-requested', target: `user:${user.id}`, detail: '' });
        } else {
          await tx.audit.record({ at: now, userId: null, action: 'password.reset-requested', target: address, detail: 'no active account' });
        }
      }
      return out;
    });
    for (const m of mails) {
      await this.#mailer
        .send({
          to: m.to,
          subject: 'Reset your newsroom password',
          text: `Someone asked to reset the password for ${m.to}. If it was you, open this link within an hour:\n${m.link}\nIf it was not you, ignore this message.`,
        })
        .catch((err: unknown) => this.#reportError(err));
    }
  }

  /** Finishes what earlier requests queued (reset mails): for shutdown, and for tests. */
  async settled(): Promise<void> {
    while (this.#resetQueue.length > 0) await this.drainResets();
  }

  /** An admin's "send this person a reset link": emailed; shown to the admin too where it could not be. */
  async sendResetLink(actor: User, userId: number): Promise<{ link: string; mailed: boolean; email: string }> {
    const link = await this.adminResetLink(actor, userId);
    const user = (await this.#storage.users.findById(userId)) as { email: string };
    const mailed = await this.#deliver({
      to: user.email,
      subject: 'Reset your newsroom password',
      text: `An administrator sent you a link to set a new newsroom password. It works once, within an hour:\n${link}\nIf you did not expect this, tell your editor.`,
    });
    return { link, mailed, email: user.email };
  }

  /** An admin's "give this person a reset link" (the CLI prints it; sendResetLink mails it). */
  async adminResetLink(actor: User, userId: number): Promise<string> {
    this.#requireAdmin(actor);
    const user = await this.#storage.users.findById(userId);
    if (!user) throw new BroadsheetError('BS_ERR_USER_NOT_FOUND', { id: userId });
    const link = await this.#resetLink(this.#storage, user.id, this.#clock.now());
    await this.#audit(actor.id, 'user.reset-link', `user:${user.id}`, '');
    return link;
  }

  /**
   * Changes one's own password. The current password is a password check like a login's, so it
   * counts against the account's login limit; every other session and every outstanding link of
   * the account ends.
   */
  async changePassword(session: AuthenticatedSession, current: string, next: string): Promise<void> {
    const now = this.#clock.now();
    const user = await this.#storage.users.findById(session.user.id);
    if (!user) throw new BroadsheetError('BS_ERR_AUTH_REQUIRED');
    const attempt = await this.#reserve(now, [{ key: accountThrottleKey(user.email), limit: this.options.maxFailuresPerAccount }]);
    if (!attempt.granted) throw this.#throttled(attempt.retryAt, now);
    if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) {
      await this.#audit(user.id, 'password.change-failed', `user:${user.id}`, '');
      throw new BroadsheetError('BS_ERR_AUTH_FAILED');
    }
    await this.#giveBack(attempt.windows);
    checkPasswordPolicy(next, { email: user.email, name: user.name });
    const hash = await hashPassword(next);
    await this.#storage.transaction((tx) => this.#setPassword(tx, user.id, hash, now, session.tokenHash));
    await this.#audit(user.id, 'password.change', `user:${user.id}`, '');
  }

  /**
   * Changes a user's role, name or status (admins only). Disabling or changing the role ends the
   * user's sessions (a new role means logging in again); the last active admin is protected.
   */
  async updateUser(actor: User, userId: number, patch: { role?: string; status?: string; name?: string }): Promise<User> {
    this.#requireAdmin(actor);
    const now = this.#clock.now();
    const user = await this.#storage.users.findById(userId);
    if (!user) throw new BroadsheetError('BS_ERR_USER_NOT_FOUND', { id: userId });
    if (patch.role !== undefined && !isRole(patch.role)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'role', detail: 'choose a role' });
    if (patch.status !== undefined && patch.status !== 'active' && patch.status !== 'disabled') {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'status', detail: 'active or disabled' });
    }
    const role = patch.role as Role | undefined;
    const status = patch.status as 'active' | 'disabled' | undefined;
    const name = patch.name !== undefined ? cleanName(patch.name) : undefined;
    const losesAdmin = user.role === 'admin' && user.status === 'active' && ((role !== undefined && role !== 'admin') || status === 'disabled');
    await this.#storage.transaction(async (tx) => {
      if (losesAdmin && (await tx.users.countActiveAdmins()) <= 1) throw new BroadsheetError('BS_ERR_USER_LAST_ADMIN');
      await tx.users.update(user.id, { ...(role ? { role } : {}), ...(status ? { status } : {}), ...(name ? { name } : {}) }, now);
      if ((role && role !== user.role) || status === 'disabled') {
        await tx.sessions.deleteForUser(user.id);
        await tx.tokens.revokeForUser(user.id);
      }
    });
    await this.#audit(actor.id, 'user.update', `user:${user.id}`, JSON.stringify({ role, status, name }));
    return publicUser({ ...user, ...(role ? { role } : {}), ...(status ? { status } : {}), ...(name ? { name } : {}) });
  }

  /**
   * The one way a password is written: the new hash, every unused link of the account revoked
   * (a reset link mailed before the change must not undo it), every session ended but `keep`.
   */
  async #setPassword(tx: Repositories, userId: number, hash: string, now: number, keep?: string): Promise<void> {
    await tx.users.update(userId, { passwordHash: hash }, now);
    await tx.tokens.revokeForUser(userId);
    await tx.sessions.deleteForUser(userId, keep);
  }

  async #reserve(now: number, limits: readonly ThrottleLimit[]) {
    return this.#storage.throttle.reserve(limits, now, this.options.throttleWindowMs);
  }

  /** Returns a successful attempt's reservations. */
  async #giveBack(windows: ReadonlyMap<string, number>): Promise<void> {
    for (const [key, windowStart] of windows) await this.#storage.throttle.release(key, windowStart);
  }

  #throttled(retryAt: number, now: number): BroadsheetError {
    return new BroadsheetError('BS_ERR_AUTH_THROTTLED', { seconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) });
  }

  async #startSession(userId: number, now: number): Promise<string> {
    return openSession(this.#storage, userId, now, this.options.idleMs);
  }

  async #resetLink(repos: Repositories, userId: number, now: number): Promise<string> {
    const t = newToken();
    await repos.tokens.create(hashToken(t), { userId, purpose: 'reset', createdAt: now, expiresAt: now + this.options.resetTtlMs });
    return `${this.#publicUrl}/admin/reset/${t}`;
  }

  /** A byline for a new account: its own author profile, with a numbered slug if the name is taken. */
  async #uniqueAuthor(tx: Repositories, name: string, title: string) {
    const base = slugify(name) || 'staff';
    for (let n = 1; n < 1000; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await tx.authors.findBySlug(slug))) return tx.authors.ensure({ slug, name, title });
    }
    throw new BroadsheetError('BS_ERR_USER_EXISTS', { email: name });
  }

  #requireAdmin(actor: User): void {
    if (!actorCan(actor, 'user:manage')) throw new BroadsheetError('BS_ERR_AUTH_FORBIDDEN', { detail: 'only admins manage accounts' });
  }

  async #audit(userId: number | null, action: string, target: string, detail: string): Promise<void> {
    await this.#storage.audit.record({ at: this.#clock.now(), userId, action, target, detail });
  }
}
