import { randomUUID } from 'node:crypto';
import type { OutboundHttp } from '../net/outbound-ports.ts';
import type { Clock, Storage } from '../ports.ts';
import type { ClaimedDelivery } from './webhook-ports.ts';
import { signPayload, SIGNATURE_HEADER } from './webhook-signature.ts';

export interface DispatchOptions {
  /** One attempt's whole exchange. */
  readonly timeoutMs: number;
  /** The first retry's delay; each later one doubles, up to `retryCapMs`, each with random jitter. */
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  /** A delivery still failing this long after it was queued is marked failed. */
  readonly giveUpAfterMs: number;
  readonly batch: number;
}

export const DEFAULT_DISPATCH: DispatchOptions = Object.freeze({
  timeoutMs: 10_000, retryBaseMs: 30_000, retryCapMs: 3 * 3_600_000, giveUpAfterMs: 24 * 3_600_000, batch: 20,
});

/** The delay before retry number `attempt` (1 = the first retry): exponential, capped, "equal jitter" (half fixed, half random). */
export function retryDelay(attempt: number, options: Pick<DispatchOptions, 'retryBaseMs' | 'retryCapMs'>, random: () => number = Math.random): number {
  const full = Math.min(options.retryCapMs, options.retryBaseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** The body a delivery sends: the same bytes for every attempt of one event. */
export function deliveryBody(d: Pick<ClaimedDelivery, 'eventId' | 'eventType' | 'eventAt' | 'payload'>): string {
  return `{"id":"evt_${d.eventId}","type":${JSON.stringify(d.eventType)},"created_at":"${new Date(d.eventAt).toISOString()}","data":${d.payload}}`;
}

/**
 * Sends due webhook deliveries from the outbox. Each process runs one; a delivery is claimed by one
 * of them at a time (a claim lapses if its process dies, and the delivery is sent again: receivers
 * dedupe on the event id). Every request goes through the guarded outbound client.
 */
export class WebhookDispatcher {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #http: OutboundHttp;
  readonly #options: DispatchOptions;
  readonly #random: () => number;

  constructor(deps: { storage: Storage; clock: Clock; http: OutboundHttp; options?: Partial<DispatchOptions>; random?: () => number }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
    this.#http = deps.http;
    this.#options = { ...DEFAULT_DISPATCH, ...deps.options };
    this.#random = deps.random ?? Math.random;
  }

  /** Claims and sends one batch; returns how many attempts were made. */
  async runOnce(): Promise<number> {
    const now = this.#clock.now();
    const owner = randomUUID();
    // The claim outlasts an attempt (its deadline) with room to record it; if the process dies, another
    // takes the delivery over when the claim lapses.
    const claimed = await this.#storage.webhooks.claimDue(now, owner, now + 2 * this.#options.timeoutMs + 5_000, this.#options.batch);
    await Promise.all(claimed.map((d) => this.#attempt(d, owner)));
    return claimed.length;
  }

  /** Runs batches until nothing is due. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n < this.#options.batch) return total;
    }
  }

  async #attempt(d: ClaimedDelivery, owner: string): Promise<void> {
    const body = deliveryBody(d);
    const sentAt = this.#clock.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await this.#http.request(d.url, {
        method: 'POST',
        body,
        timeoutMs: this.#options.timeoutMs,
        maxBytes: 64 * 1024,
        // A webhook is answered where it was sent; a redirect is a failure to look into, not to follow.
        maxRedirects: 0,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(d.secret, body, sentAt),
          'broadsheet-event': d.eventType,
          'broadsheet-event-id': `evt_${d.eventId}`,
          'broadsheet-delivery': String(d.id),
        },
      });
      status = res.status;
      if (status < 200 || status >= 300) error = `answered HTTP ${status}`;
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
    }
    const at = this.#clock.now();
    const attempts = d.attempts + 1;
    if (error === null) {
      await this.#storage.webhooks.recordAttempt(d.id, owner, { state: 'delivered', attempts, nextAttemptAt: at, status, error: null, at });
      return;
    }
    const next = at + retryDelay(attempts, this.#options, this.#random);
    const giveUp = next > d.queuedAt + this.#options.giveUpAfterMs;
    await this.#storage.webhooks.recordAttempt(d.id, owner, { state: giveUp ? 'failed' : 'pending', attempts, nextAttemptAt: giveUp ? at : next, status, error, at });
  }
}
