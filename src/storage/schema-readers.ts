import type { Generated } from 'kysely';

/** Reader accounts' and newsletters' tables (migrations 018 and 019). */

export interface MembersTable {
  id: Generated<number>;
  email: string;
  name: Generated<string>;
  source: string;
  source_detail: Generated<string>;
  created_at: number;
  last_seen_at: number | null;
}

export interface MemberSessionsTable {
  token_hash: string;
  member_id: number;
  created_at: number;
  expires_at: number;
}

export interface MemberLinksTable {
  token_hash: string;
  purpose: string;
  email: string;
  member_id: number | null;
  source: Generated<string>;
  source_detail: Generated<string>;
  return_to: Generated<string>;
  created_at: number;
  expires_at: number;
}

export interface NewslettersTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  sender_name: string;
  kind: string;
  schedule_at: Generated<string>;
  auto_send: Generated<number>;
  created_at: number;
}

export interface NewsletterSubscriptionsTable {
  newsletter_id: number;
  member_id: number;
  created_at: number;
}

export interface NewsletterEditionsTable {
  id: Generated<number>;
  newsletter_id: number;
  subject: string;
  body_text: string;
  body_html: string;
  article_id: number | null;
  issue_date: string | null;
  state: string;
  recipients: Generated<number>;
  created_at: number;
  sent_at: number | null;
}

export interface NewsletterRecipientsTable {
  edition_id: number;
  member_id: number;
  email: string;
  state: string;
  claimed_by: string | null;
  claimed_until: number | null;
  sent_at: number | null;
}

/** Plans and entitlements (migration 020). */
export interface PlansTable {
  id: Generated<number>;
  slug: string;
  name: string;
  benefits: Generated<string>;
  monthly_price: number;
  yearly_price: number;
  currency: string;
  active: Generated<number>;
  stripe_monthly_price: Generated<string>;
  stripe_yearly_price: Generated<string>;
  created_at: number;
}

export interface MemberPlansTable {
  id: Generated<number>;
  member_id: number;
  plan_id: number | null;
  source: string;
  status: string;
  ends_at: number | null;
  stripe_customer: Generated<string>;
  stripe_subscription: string | null;
  event_at: Generated<number>;
  note: Generated<string>;
  granted_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  received_at: number;
}
