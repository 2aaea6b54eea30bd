import { randomBytes } from 'node:crypto';
import { actorCan, type Actor } from '../access/types.ts';
import { plainText } from '../content/plain-text.ts';
import { BroadsheetError, isBroadsheetError } from '../errors.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { OutboundHttp } from '../net/outbound-ports.ts';
import type { Clock, Storage } from '../ports.ts';
import { WEBHOOK_EVENTS, type WebhookDelivery, type WebhookEventType, type WebhookSubscription } from './webhook-ports.ts';

export const WEBHOOK_LIMITS = Object.freeze({ name: 80, url: 2000, subscriptions: 50 });

interface Deps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly http: OutboundHttp;
}

function requireAdmin(actor: Actor): void {
  if (!actorCan(actor, 'integration:manage')) forbid('admins manage webhooks');
}

/** Webhook subscriptions and their delivery log (admins). */
export class Webhooks {
  readonly #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  async subscriptions(actor: Actor): Promise<WebhookSubscription[]> {
    requireAdmin(actor);
    return this.#deps.storage.webhooks.subscriptions();
  }

  /** Subscribes an address to events; the signing secret is made here and returned. */
  async subscribe(actor: Actor, input: { name: string; url: string; events: readonly string[] }): Promise<{ id: number; secret: string }> {
    requireAdmin(actor);
    const { storage, clock, http } = this.#deps;
    const name = plainText('name', input.name, { max: WEBHOOK_LIMITS.name, required: true, oneLine: true });
    const url = input.url.trim();
    if (url.length > WEBHOOK_LIMITS.url || !/^https?:\/\//i.test(url)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'address', detail: 'an http:// or https:// address' });
    const events = [...new Set(input.events)];
    if (events.length === 0) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'events', detail: 'choose at least one event' });
    const unknown = events.find((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown !== undefined) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'events', detail: `"${unknown.slice(0, 60)}" is not an event` });
    // Checked now as well as on each delivery: an address on the private network is refused at once.
    try {
      await http.check(url);
    } catch (err) {
      if (isBroadsheetError(err, 'BS_ERR_OUTBOUND_FAILED')) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'address', detail: err.message });
      throw err;
    }
    if ((await storage.webhooks.subscriptions()).length >= WEBHOOK_LIMITS.subscriptions) {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'address', detail: `at most ${WEBHOOK_LIMITS.subscriptions} webhooks` });
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const at = clock.now();
    const id = await storage.transaction(async (tx) => {
      const created = await tx.webhooks.createSubscription({ name, url, events: events as WebhookEventType[], secret, at, userId: actor.id });
      await tx.audit.record({ at, userId: actor.id, action: 'webhook.create', target: `webhook:${created}`, detail: `${url} ${events.join(' ')}` });
      return created;
    });
    return { id, secret };
  }

  async setActive(actor: Actor, id: number, active: boolean): Promise<void> {
    requireAdmin(actor);
    const at = this.#deps.clock.now();
    await this.#deps.storage.transaction(async (tx) => {
      if (!(await tx.webhooks.setActive(id, active))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      await tx.audit.record({ at, userId: actor.id, action: active ? 'webhook.resume' : 'webhook.pause', target: `webhook:${id}`, detail: '' });
    });
  }

  async remove(actor: Actor, id: number): Promise<void> {
    requireAdmin(actor);
    const at = this.#deps.clock.now();
    await this.#deps.storage.transaction(async (tx) => {
      if (!(await tx.webhooks.deleteSubscription(id))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      await tx.audit.record({ at, userId: actor.id, action: 'webhook.delete', target: `webhook:${id}`, detail: '' });
    });
  }

  async log(actor: Actor, id: number, limit = 100): Promise<{ subscription: WebhookSubscription; deliveries: WebhookDelivery[] }> {
    requireAdmin(actor);
    const subscription = await this.#deps.storage.webhooks.subscription(id);
    if (!subscription) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return { subscription, deliveries: await this.#deps.storage.webhooks.deliveries(id, limit) };
  }

  /** Queues a delivery again (the same event, signed afresh), with a new day of retries. */
  async redeliver(actor: Actor, deliveryId: number): Promise<WebhookDelivery> {
    requireAdmin(actor);
    const at = this.#deps.clock.now();
    return this.#deps.storage.transaction(async (tx) => {
      if (!(await tx.webhooks.redeliver(deliveryId, at))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      await tx.audit.record({ at, userId: actor.id, action: 'webhook.redeliver', target: `webhook-delivery:${deliveryId}`, detail: '' });
      return (await tx.webhooks.delivery(deliveryId)) as WebhookDelivery;
    });
  }
}
