import { hashToken, newToken, normalizeEmail } from '../access/account-helpers.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Mailer, Storage } from '../ports.ts';
import { memberMail } from './member-mail.ts';
import type { Member, MemberLink, SignupSource } from './member-ports.ts';

export const MEMBER_OPTIONS = Object.freeze({
  /** A sign-in or confirmation link works once, for this long. */
  linkTtlMs: 30 * 60_000,
  /** A reader stays signed in this long on one browser. */
  sessionTtlMs: 180 * 24 * 3_600_000,
  throttleWindowMs: 15 * 60_000,
  maxLinksPerIp: 20,
  maxLinksPerAddress: 5,
});

interface Queued {
  readonly purpose: MemberLink['purpose'];
  readonly email: string;
  readonly memberId: number | null;
  readonly source: SignupSource;
  readonly sourceDetail: string;
  readonly returnTo: string;
}

/** A same-site reader path to go back to after signing in; anything else becomes the account page. */
export function safeReturn(path: string | undefined): string {
  if (!path || !/^\/[A-Za-z0-9\-._~/%]*(?:\?[A-Za-z0-9\-._~%=&]*)?$/.test(path) || path.startsWith('//') || path.startsWith('/admin') || path.startsWith('/api')) return '/account/';
  return path.slice(0, 500);
}

/**
 * Reader accounts: sign-up and sign-in by emailed link, sessions, email change, export and erasure.
 * Asking for a link answers the same, in the same time, whether the address has an account or not:
 * the request is only validated, throttled and queued; `drain` (a timer, not the request) looks the
 * address up, writes the link and sends the mail.
 */
export class MemberAccounts {
  readonly #beforeErase: (memberId: number) => Promise<void>;
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #mailer: Mailer;
  readonly #publicUrl: string;
  readonly #siteName: string;
  readonly #reportError: (err: unknown) => void;
  readonly #queue: Queued[] = [];

  constructor(deps: {
    storage: Storage;
    clock: Clock;
    mailer: Mailer;
    publicUrl: string;
    siteName: string;
    reportError?: (err: unknown) => void;
    /** Runs before an account is erased (its paid subscriptions are cancelled); a failure keeps the account. */
    beforeErase?: (memberId: number) => Promise<void>;
  }) {
    this.#beforeErase = deps.beforeErase ?? (async () => undefined);
    this.#storage = deps.storage;
    this.#clock = deps.clock;
    this.#mailer = deps.mailer;
    this.#publicUrl = deps.publicUrl;
    this.#siteName = deps.siteName;
    this.#reportError = deps.reportError ?? (() => undefined);
  }

  /** "Email me a link": sign-in for an account, sign-up for a new address. */
  async requestLink(input: { email: string; source: SignupSource; sourceDetail?: string; returnTo?: string }, clientKey: string): Promise<void> {
    const email = normalizeEmail(input.email);
    await this.#throttle(email, clientKey);
    this.#queue.push({ purpose: 'signin', email, memberId: null, source: input.source, sourceDetail: (input.sourceDetail ?? '').slice(0, 500), returnTo: safeReturn(input.returnTo) });
  }

  /**
   * "Send me this newsletter" from a form anywhere on the site: double opt-in, so nothing is stored
   * until the address confirms by the mailed link (which also signs the reader in).
   */
  async requestNewsletter(input: { email: string; newsletter: string; returnTo?: string }, clientKey: string): Promise<void> {
    const email = normalizeEmail(input.email);
    if (!(await this.#storage.newsletters.findBySlug(input.newsletter))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    await this.#throttle(email, clientKey);
    this.#queue.push({ purpose: 'newsletter', email, memberId: null, source: 'newsletter', sourceDetail: input.newsletter, returnTo: safeReturn(input.returnTo ?? '/newsletters/') });
  }

  /** Sends queued links: one transaction for the batch, then the mails. */
  async drain(): Promise<void> {
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    const now = this.#clock.now();
    const mails = await this.#storage.transaction(async (tx) => {
      const out: { to: string; link: string; kind: 'signin' | 'signup' | 'email-change' | 'newsletter'; name: string }[] = [];
      for (const q of batch) {
        const member = q.purpose === 'signin' ? await tx.members.findByEmail(q.email) : undefined;
        const newsletter = q.purpose === 'newsletter' ? await tx.newsletters.findBySlug(q.sourceDetail) : undefined;
        const token = newToken();
        await tx.members.addLink(hashToken(token), { ...q, memberId: q.memberId ?? member?.id ?? null, expiresAt: now + MEMBER_OPTIONS.linkTtlMs }, now);
        const kind = q.purpose === 'signin' ? (member ? 'signin' : 'signup') : q.purpose;
        out.push({ to: q.email, link: `${this.#publicUrl}/account/link/${token}`, kind, name: newsletter?.name ?? this.#siteName });
      }
      return out;
    });
    for (const m of mails) {
      await this.#mailer.send(memberMail(m.kind, { to: m.to, link: m.link, siteName: m.name, minutes: MEMBER_OPTIONS.linkTtlMs / 60_000 })).catch((err: unknown) => this.#reportError(err));
    }
  }

  /** Finishes queued mail (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.#queue.length > 0) await this.drain();
  }

  /**
   * Uses a link once: signs in (creating the account on a first sign-in) or confirms a new address.
   * Returns a session token for the browser and where to go next.
   */
  async useLink(token: string): Promise<{ session: string; member: Member; returnTo: string }> {
    const now = this.#clock.now();
    const result = await this.#storage.transaction(async (tx) => {
      const link = await tx.members.takeLink(hashToken(token), now);
      if (!link) return undefined;
      let member: Member | undefined;
      if (link.purpose === 'email-change') {
        member = link.memberId === null ? undefined : await tx.members.findById(link.memberId);
        if (!member) return undefined;
        if (await tx.members.findByEmail(link.email)) throw new BroadsheetError('BS_ERR_MEMBER_EMAIL_TAKEN');
        await tx.members.setEmail(member.id, link.email);
        // A new address ends every other session: whoever held the old one is signed out.
        await tx.members.removeSessions(member.id);
        member = { ...member, email: link.email };
      } else {
        member = (link.memberId !== null ? await tx.members.findById(link.memberId) : undefined) ?? (await tx.members.findByEmail(link.email));
        member ??= await tx.members.create({ email: link.email, source: link.source as SignupSource, sourceDetail: link.sourceDetail, at: now });
        if (link.purpose === 'newsletter') {
          const newsletter = await tx.newsletters.findBySlug(link.sourceDetail);
          if (newsletter) await tx.newsletters.subscribe(newsletter.id, member.id, now);
        }
      }
      const session = newToken();
      await tx.members.addSession(hashToken(session), member.id, now, now + MEMBER_OPTIONS.sessionTtlMs);
      await tx.members.seen(member.id, now);
      return { session, member, returnTo: link.returnTo || '/account/' };
    });
    if (!result) throw new BroadsheetError('BS_ERR_MEMBER_LINK');
    return result;
  }

  /** The member a session cookie belongs to, if it is current. */
  async authenticate(session: string | undefined): Promise<Member | undefined> {
    if (!session || session.length > 100) return undefined;
    const id = await this.#storage.members.findSession(hashToken(session), this.#clock.now());
    return id === undefined ? undefined : this.#storage.members.findById(id);
  }

  async signOut(session: string | undefined): Promise<void> {
    if (session) await this.#storage.members.removeSession(hashToken(session));
  }

  /** Ends every session of the member, on every browser. */
  async signOutEverywhere(member: Member): Promise<number> {
    return this.#storage.members.removeSessions(member.id);
  }

  /** Mails a confirmation link to the new address; the address changes when it is followed. */
  async requestEmailChange(member: Member, newEmail: string, clientKey: string): Promise<void> {
    const email = normalizeEmail(newEmail);
    if (email === member.email) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'email', detail: 'that is already your address' });
    await this.#throttle(email, clientKey);
    this.#queue.push({ purpose: 'email-change', email, memberId: member.id, source: member.source, sourceDetail: '', returnTo: '/account/' });
  }

  /** Everything stored about the member, as the account page's "download my data" gives it. */
  async exportData(member: Member): Promise<Record<string, unknown>> {
    const fresh = await this.#storage.members.findById(member.id);
    if (!fresh) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return {
      account: {
        email: fresh.email, name: fresh.name, signedUpFrom: fresh.source, signedUpAt: new Date(fresh.createdAt).toISOString(),
        sourceDetail: fresh.sourceDetail, lastSeenAt: fresh.lastSeenAt === null ? null : new Date(fresh.lastSeenAt).toISOString(),
      },
      plans: (await this.#storage.plans.memberPlans(member.id)).map((p) => ({
        source: p.source, status: p.status, since: new Date(p.createdAt).toISOString(), endsAt: p.endsAt === null ? null : new Date(p.endsAt).toISOString(),
        ...(p.stripeCustomer ? { stripeCustomer: p.stripeCustomer } : {}), ...(p.note ? { note: p.note } : {}),
      })),
      exportedAt: new Date(this.#clock.now()).toISOString(),
    };
  }

  /** Erases the account now: the row, its sessions and every link sent to its address. */
  async deleteAccount(member: Member): Promise<void> {
    await this.#beforeErase(member.id);
    await this.#storage.transaction((tx) => tx.members.erase(member.id, member.email));
  }

  async #throttle(email: string, clientKey: string): Promise<void> {
    const now = this.#clock.now();
    const attempt = await this.#storage.throttle.reserve(
      [
        { key: `member-link:ip:${clientKey}`, limit: MEMBER_OPTIONS.maxLinksPerIp },
        { key: `member-link:address:${hashToken(email)}`, limit: MEMBER_OPTIONS.maxLinksPerAddress },
      ],
      now,
      MEMBER_OPTIONS.throttleWindowMs,
    );
    if (!attempt.granted) throw new BroadsheetError('BS_ERR_AUTH_THROTTLED', { seconds: Math.max(1, Math.ceil((attempt.retryAt - now) / 1000)) });
  }
}
