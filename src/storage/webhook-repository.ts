import type { Kysely, Selectable } from 'kysely';
import type {
  AttemptOutcome, ClaimedDelivery, DeliveryState, WebhookDelivery, WebhookEventType, WebhookRepository, WebhookSubscription,
} from '../core/webhooks/webhook-ports.ts';
import type { Database, WebhookSubscriptionsTable } from './schema.ts';

function toSubscription(r: Selectable<WebhookSubscriptionsTable>): WebhookSubscription {
  return {
    id: r.id, name: r.name, url: r.url, events: JSON.parse(r.events) as WebhookEventType[], secret: r.secret,
    active: Number(r.active) === 1, createdAt: Number(r.created_at), createdBy: r.created_by,
  };
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export class KyselyWebhookRepository implements WebhookRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async enqueue(event: { type: WebhookEventType; subject: string; payload: string; at: number }): Promise<number> {
    const { id } = await this.#db
      .insertInto('webhook_events')
      .values({ event_type: event.type, subject: event.subject, payload: event.payload, created_at: event.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const subscribed = (await this.subscriptions()).filter((s) => s.active && s.events.includes(event.type));
    if (subscribed.length > 0) {
      await this.#db
        .insertInto('webhook_deliveries')
        .values(subscribed.map((s) => ({ event_id: id, subscription_id: s.id, state: 'pending', next_attempt_at: event.at, created_at: event.at })))
        .execute();
    }
    return id;
  }

  async subscriptions(): Promise<WebhookSubscription[]> {
    return (await this.#db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute()).map(toSubscription);
  }

  async subscription(id: number): Promise<WebhookSubscription | undefined> {
    const row = await this.#db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSubscription(row) : undefined;
  }

  async createSubscription(input: { name: string; url: string; events: readonly WebhookEventType[]; secret: string; at: number; userId: number }): Promise<number> {
    const { id } = await this.#db
      .insertInto('webhook_subscriptions')
      .values({ name: input.name, url: input.url, events: JSON.stringify(input.events), secret: input.secret, created_at: input.at, created_by: input.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  async setActive(id: number, active: boolean): Promise<boolean> {
    const r = await this.#db.updateTable('webhook_subscriptions').set({ active: active ? 1 : 0 }).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteSubscription(id: number): Promise<boolean> {
    await this.#db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    const r = await this.#db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async claimDue(now: number, owner: string, until: number, limit: number): Promise<ClaimedDelivery[]> {
    const due = this.#db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .orderBy('id')
      .limit(limit);
    // The outer conditions repeat the inner ones: PostgreSQL re-checks them on a row another process
    // claimed meanwhile (and SQLite runs one writer at a time), so a row goes to one owner only.
    await this.#db
      .updateTable('webhook_deliveries')
      .set({ claimed_by: owner, claimed_until: until })
      .where('id', 'in', due)
      .where('state', '=', 'pending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .execute();
    const rows = await this.#db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
      .select(['d.id', 'd.attempts', 'd.created_at as queued_at', 's.url', 's.secret', 'e.id as event_id', 'e.event_type', 'e.payload', 'e.created_at as event_at'])
      .where('d.claimed_by', '=', owner)
      .where('d.state', '=', 'pending')
      .orderBy('d.id')
      .execute();
    return rows.map((r) => ({
      id: r.id, attempts: r.attempts, url: r.url, secret: r.secret, eventId: r.event_id, eventType: r.event_type as WebhookEventType,
      payload: r.payload, eventAt: Number(r.event_at), queuedAt: Number(r.queued_at),
    }));
  }

  async recordAttempt(id: number, owner: string, outcome: AttemptOutcome & { attempts: number }): Promise<boolean> {
    const r = await this.#db
      .updateTable('webhook_deliveries')
      .set({
        state: outcome.state, attempts: outcome.attempts, next_attempt_at: outcome.nextAttemptAt, last_status: outcome.status,
        last_error: outcome.error, last_attempt_at: outcome.at, claimed_by: null, claimed_until: null,
        ...(outcome.state === 'delivered' ? { delivered_at: outcome.at } : {}),
      })
      .where('id', '=', id)
      .where('claimed_by', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deliveries(subscriptionId: number, limit: number): Promise<WebhookDelivery[]> {
    return this.#deliveryQuery().where('d.subscription_id', '=', subscriptionId).orderBy('d.id', 'desc').limit(limit).execute().then((rows) => rows.map(toDelivery));
  }

  async delivery(id: number): Promise<WebhookDelivery | undefined> {
    const row = await this.#deliveryQuery().where('d.id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }

  async redeliver(id: number, at: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('webhook_deliveries')
      .set({ state: 'pending', attempts: 0, next_attempt_at: at, created_at: at, claimed_by: null, claimed_until: null })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async prune(before: number): Promise<void> {
    await this.#db.deleteFrom('webhook_deliveries').where('state', 'in', ['delivered', 'failed']).where('created_at', '<', before).execute();
    await this.#db
      .deleteFrom('webhook_events')
      .where('created_at', '<', before)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('webhook_deliveries').select('id').whereRef('webhook_deliveries.event_id', '=', 'webhook_events.id'))))
      .execute();
  }

  #deliveryQuery() {
    return this.#db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .select([
        'd.id', 'd.event_id', 'd.subscription_id', 'e.event_type', 'e.subject', 'd.state', 'd.attempts', 'd.next_attempt_at', 'd.last_status',
        'd.last_error', 'd.last_attempt_at', 'd.delivered_at', 'd.created_at',
      ]);
  }
}

function toDelivery(r: {
  id: number; event_id: number; subscription_id: number; event_type: string; subject: string; state: string; attempts: number; next_attempt_at: number;
  last_status: number | null; last_error: string | null; last_attempt_at: number | null; delivered_at: number | null; created_at: number;
}): WebhookDelivery {
  return {
    id: r.id, eventId: r.event_id, subscriptionId: r.subscription_id, eventType: r.event_type as WebhookEventType, subject: r.subject,
    state: r.state as DeliveryState, attempts: r.attempts, nextAttemptAt: Number(r.next_attempt_at), lastStatus: r.last_status,
    lastError: r.last_error, lastAttemptAt: num(r.last_attempt_at), deliveredAt: num(r.delivered_at), createdAt: Number(r.created_at),
  };
}
