import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../core/access/auth-service.ts';
import type { TokenGate, TokenHolder } from '../../core/api/access-tokens.ts';
import type { Answer, IdempotencyGuard } from '../../core/api/idempotency.ts';
import type { RateLimiter } from '../../core/api/rate-limit.ts';
import type { Newsroom } from '../../core/newsroom/newsroom.ts';
import type { Clock } from '../../core/ports.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';

export interface AdminApiOptions {
  readonly newsroom: Newsroom;
  readonly auth: AuthService;
  readonly tokens: TokenGate;
  readonly idempotency: IdempotencyGuard;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly time: EditionTime;
  readonly applyInvalidations: (keys: readonly string[]) => Promise<void>;
  readonly refreshRanking: () => Promise<unknown>;
}

/** What the route files share: who is calling, and the once-only wrapper for creates. */
export interface AdminApiKit extends AdminApiOptions {
  holder(request: FastifyRequest): TokenHolder;
  /** Runs a create once per Idempotency-Key (when the client sends one) and answers with its result. */
  once(request: FastifyRequest, reply: FastifyReply, work: () => Promise<Answer>): Promise<FastifyReply>;
}

