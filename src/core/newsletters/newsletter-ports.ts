/** briefing: built from the top stories and most read; alert: one article, sent from the desk; regular: written by hand. */
export const NEWSLETTER_KINDS = ['briefing', 'alert', 'regular'] as const;
export type NewsletterKind = (typeof NEWSLETTER_KINDS)[number];

export interface Newsletter {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  /** Shown as the mail's sender name (the address is the site's). */
  readonly senderName: string;
  readonly kind: NewsletterKind;
  /** A briefing's local time of day ("07:00") in the edition's zone; '' for none. */
  readonly scheduleAt: string;
  /** Sent as soon as it is built, without review. */
  readonly autoSend: boolean;
  readonly createdAt: number;
}

export type EditionState = 'draft' | 'sending' | 'sent';

export interface Edition {
  readonly id: number;
  readonly newsletterId: number;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly articleId: number | null;
  readonly state: EditionState;
  readonly recipients: number;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

/** One mail to send: claimed by one sender at a time. */
export interface ClaimedRecipient {
  readonly editionId: number;
  readonly memberId: number;
  readonly email: string;
}

export interface NewsletterRepository {
  list(): Promise<(Newsletter & { readonly subscribers: number })[]>;
  /** Whether the site has any newsletter (every reader page's footer offers sign-up when it does). */
  any(): Promise<boolean>;
  findBySlug(slug: string): Promise<Newsletter | undefined>;
  findById(id: number): Promise<Newsletter | undefined>;
  create(input: { slug: string; name: string; description: string; senderName: string; kind: NewsletterKind; scheduleAt?: string; autoSend?: boolean; at: number }): Promise<number>;
  subscribe(newsletterId: number, memberId: number, at: number): Promise<void>;
  unsubscribe(newsletterId: number, memberId: number): Promise<boolean>;
  unsubscribeAll(memberId: number): Promise<void>;
  subscriptionsOf(memberId: number): Promise<number[]>;
  /** A new edition; undefined when an alert for this article already exists. */
  /** A new edition; undefined when one already exists for this article (alerts) or this day (scheduled briefings). */
  createEdition(input: { newsletterId: number; subject: string; text: string; html: string; articleId: number | null; issueDate?: string; at: number }): Promise<number | undefined>;
  edition(id: number): Promise<Edition | undefined>;
  editions(newsletterId: number, limit: number): Promise<Edition[]>;
  /** Writes every current subscriber as a recipient and marks the edition sending; false if it was not a draft. */
  queueRecipients(editionId: number): Promise<boolean>;
  claimRecipients(now: number, owner: string, until: number, limit: number): Promise<ClaimedRecipient[]>;
  /** Marks one mail done (sent, or failed for a hard bounce), if `owner` still holds it. */
  markRecipient(editionId: number, memberId: number, owner: string, state: 'sent' | 'failed', at: number): Promise<void>;
  /** Editions whose every recipient is done become sent. */
  finishEditions(at: number): Promise<void>;
  progress(editionId: number): Promise<{ queued: number; sent: number; failed: number }>;
}
