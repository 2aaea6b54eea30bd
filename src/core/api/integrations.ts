import type { Actor } from '../access/types.ts';
import type { Clock, Storage } from '../ports.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';
import type { AccessToken, TokenKind } from './access-token-ports.ts';
import { createToken, listTokens, revokeToken, type TokenGate } from './access-tokens.ts';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyGate } from './api-keys.ts';

/** What the newsroom's integration screens call: API keys, Admin API tokens and webhooks. */
export class Integrations {
  readonly #deps: { storage: Storage; clock: Clock };
  readonly #gate: ApiKeyGate;
  readonly #tokens: TokenGate;
  readonly webhooks: Webhooks;

  constructor(deps: { storage: Storage; clock: Clock; gate: ApiKeyGate; tokens: TokenGate; webhooks: Webhooks }) {
    this.#deps = { storage: deps.storage, clock: deps.clock };
    this.#gate = deps.gate;
    this.#tokens = deps.tokens;
    this.webhooks = deps.webhooks;
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

  tokens(actor: Actor): Promise<AccessToken[]> {
    return listTokens(this.#deps, actor);
  }

  createToken(actor: Actor, input: { kind: TokenKind; name: string; scopes: readonly string[]; expiresInDays?: number }): Promise<{ id: number; token: string; expiresAt: number }> {
    return createToken(this.#deps, actor, input);
  }

  async revokeToken(actor: Actor, id: number): Promise<void> {
    await revokeToken(this.#deps, actor, id);
    this.#tokens.forget();
  }
}
