import type { Generated } from 'kysely';

/** The Admin API's and webhooks' tables (migration 017). */

export interface AccessTokensTable {
  id: Generated<number>;
  kind: string;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  scopes: string;
  created_at: number;
  expires_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface IdempotencyKeysTable {
  token_id: number;
  idem_key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: number;
}

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  name: string;
  url: string;
  events: string;
  secret: string;
  active: Generated<number>;
  created_at: number;
  created_by: number | null;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  event_type: string;
  subject: string;
  payload: string;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  subscription_id: number;
  state: string;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
  created_at: number;
}
