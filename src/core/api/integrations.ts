import type { Actor } from '../access/types.ts';
import type { Clock, Storage } from '../ports.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyGate } from './api-keys.ts';

/** What the newsroom's integration screens call: API keys now (webhooks and tokens join them). */
export class Integrations {
  readonly #deps: { storage: Storage; clock: Clock };
  readonly #gate: ApiKeyGate;

  constructor(deps: { storage: Storage; clock: Clock; gate: ApiKeyGate }) {
    this.#deps = { storage: deps.storage, clock: deps.clock };
    this.#gate = deps.gate;
  }

  apiKeys(actor: Actor): Promise<ApiKey[]> {
    return listApiKeys(this.#deps, actor);
  }

  createApiKey(actor: Actor, input: { name: string; origins: readonly string[]; ratePerMinute?: number }): Promise<{ id: number; key: string }> {
    return createApiKey(this.#deps, actor, input);
  }

  async revokeApiKey(actor: Actor, id: number): Promise<void> {
    await revokeApiKey(this.#deps, actor, id);
    this.#gate.forget(); // at once in this process; other processes within the gate's few seconds
  }
}
