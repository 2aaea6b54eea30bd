/** Where a member signed up: the reader's own account page, an article's wall, a newsletter form, the paywall's offer. */
export const SIGNUP_SOURCES = ['account', 'article', 'newsletter', 'paywall'] as const;
export type SignupSource = (typeof SIGNUP_SOURCES)[number];

/** A reader's account. Never shown on a public page or in a public API. */
export interface Member {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly source: SignupSource;
  /** What the source was: the article's path, the newsletter's name. */
  readonly sourceDetail: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
}

/** signin (or sign-up), a new address to confirm, or a newsletter subscription to confirm (double opt-in). */
export type LinkPurpose = 'signin' | 'email-change' | 'newsletter';

/** A one-time link as stored (its token only as a hash). */
export interface MemberLink {
  readonly purpose: LinkPurpose;
  /** The address the mail went to: the account's, or for an email change, the new one. */
  readonly email: string;
  readonly memberId: number | null;
  readonly source: string;
  readonly sourceDetail: string;
  readonly returnTo: string;
  readonly expiresAt: number;
}

export interface MemberRepository {
  findById(id: number): Promise<Member | undefined>;
  findByEmail(email: string): Promise<Member | undefined>;
  create(input: { email: string; source: SignupSource; sourceDetail: string; at: number }): Promise<Member>;
  setEmail(id: number, email: string): Promise<void>;
  seen(id: number, at: number): Promise<void>;
  /** Erases the member and everything keyed to them (sessions, links, and links sent to their address). */
  erase(id: number, email: string): Promise<void>;
  list(query: string, page: { limit: number; offset: number }): Promise<{ items: Member[]; total: number }>;
  countBySource(): Promise<{ source: string; members: number }[]>;

  addSession(hash: string, memberId: number, at: number, expiresAt: number): Promise<void>;
  findSession(hash: string, now: number): Promise<number | undefined>;
  removeSession(hash: string): Promise<void>;
  removeSessions(memberId: number): Promise<number>;

  addLink(hash: string, link: MemberLink, at: number): Promise<void>;
  /** Takes a link once: returns it and deletes it, or undefined when unknown, used or expired. */
  takeLink(hash: string, now: number): Promise<MemberLink | undefined>;
  prune(now: number): Promise<void>;
}
