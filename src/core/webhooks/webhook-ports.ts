/** What a webhook can be told of. Broadsheet never deletes an article (it is unpublished), so there is no "deleted". */
export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.corrected', 'article.unpublished', 'page.changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookSubscription {
  readonly id: number;
  readonly name: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  /** The signing secret: shown to admins, sent to nobody. */
  readonly secret: string;
  readonly active: boolean;
  readonly createdAt: number;
  readonly createdBy: number | null;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  readonly id: number;
  readonly eventId: number;
  readonly subscriptionId: number;
  readonly eventType: WebhookEventType;
  readonly subject: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly lastAttemptAt: number | null;
  readonly deliveredAt: number | null;
  /** When it was queued, or queued again by "redeliver". */
  readonly createdAt: number;
}

/** A delivery one process has claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  readonly id: number;
  readonly attempts: number;
  readonly url: string;
  readonly secret: string;
  readonly eventId: number;
  readonly eventType: WebhookEventType;
  readonly payload: string;
  readonly eventAt: number;
  /** When this delivery was queued (or queued again by "redeliver"): retries stop a day after it. */
  readonly queuedAt: number;
}

export interface AttemptOutcome {
  readonly state: DeliveryState;
  readonly nextAttemptAt: number;
  readonly status: number | null;
  readonly error: string | null;
  readonly at: number;
}

export interface WebhookRepository {
  /**
   * Writes an event to the outbox with one pending delivery per active subscription to its type.
   * Called inside the change's own transaction: the event exists exactly when the change does.
   */
  enqueue(event: { type: WebhookEventType; subject: string; payload: string; at: number }): Promise<number>;
  subscriptions(): Promise<WebhookSubscription[]>;
  subscription(id: number): Promise<WebhookSubscription | undefined>;
  createSubscription(input: { name: string; url: string; events: readonly WebhookEventType[]; secret: string; at: number; userId: number }): Promise<number>;
  setActive(id: number, active: boolean): Promise<boolean>;
  deleteSubscription(id: number): Promise<boolean>;
  /**
   * Claims up to `limit` due deliveries for `owner` until `until` and returns them. A row is claimed by
   * one owner at a time, across processes; a claim that lapses (its process died) can be taken again.
   */
  claimDue(now: number, owner: string, until: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt, if `owner` still holds the claim; releases it. */
  recordAttempt(id: number, owner: string, outcome: AttemptOutcome & { attempts: number }): Promise<boolean>;
  deliveries(subscriptionId: number, limit: number): Promise<WebhookDelivery[]>;
  delivery(id: number): Promise<WebhookDelivery | undefined>;
  /** Sends a delivery again from the start of its retry schedule. */
  redeliver(id: number, at: number): Promise<boolean>;
  /** Forgets finished deliveries queued before `before`, and events left with none. */
  prune(before: number): Promise<void>;
}
