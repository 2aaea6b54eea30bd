import type { Generated } from 'kysely';
import type { AccessTokensTable, IdempotencyKeysTable, WebhookDeliveriesTable, WebhookEventsTable, WebhookSubscriptionsTable } from './schema-api.ts';
import type { MemberLinksTable, MembersTable, MemberSessionsTable, NewsletterEditionsTable, NewsletterRecipientsTable, NewslettersTable, NewsletterSubscriptionsTable, PlansTable, MemberPlansTable, StripeEventsTable } from './schema-readers.ts';

/**
 * One Kysely schema for both databases. Instants are integer milliseconds since the
 * epoch (UTC) and booleans are 0/1 integers on both, so rows read the same everywhere
 * (docs/decisions/003-one-schema-two-databases.md).
 */
export interface Database {
  sections: SectionsTable;
  tags: TagsTable;
  series: SeriesTable;
  authors: AuthorsTable;
  media: MediaTable;
  articles: ArticlesTable;
  article_tags: ArticleTagsTable;
  article_authors: ArticleAuthorsTable;
  article_updates: ArticleUpdatesTable;
  view_buckets: ViewBucketsTable;
  invalidations: InvalidationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  throttle: ThrottleTable;
  article_revisions: ArticleRevisionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  view_buckets_5m: ViewBucketsTable;
  view_buckets_1d: ViewBucketsTable;
  view_subnets: ViewSubnetsTable;
  view_batches: ViewBatchesTable;
  ranking_exclusions: RankingExclusionsTable;
  ranking_holds: RankingHoldsTable;
  pages: PagesTable;
  page_revisions: PageRevisionsTable;
  menus: MenusTable;
  article_presence: ArticlePresenceTable;
  article_locks: ArticleLocksTable;
  article_notes: ArticleNotesTable;
  tag_aliases: TagAliasesTable;
  redirects: RedirectsTable;
  import_ledger: ImportLedgerTable;
  api_keys: ApiKeysTable;
  access_tokens: AccessTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  members: MembersTable;
  member_sessions: MemberSessionsTable;
  member_links: MemberLinksTable;
  newsletters: NewslettersTable;
  newsletter_subscriptions: NewsletterSubscriptionsTable;
  newsletter_editions: NewsletterEditionsTable;
  newsletter_recipients: NewsletterRecipientsTable;
  plans: PlansTable;
  member_plans: MemberPlansTable;
  stripe_events: StripeEventsTable;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  parent_id: number | null;
  position: number;
  path: string;
  description: string;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
}

export interface SeriesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: string;
  created_at: number;
}

export interface AuthorsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  title: string;
  bio: Generated<string>;
  photo_media_id: number | null;
}

export interface MediaTable {
  id: Generated<number>;
  storage_key: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  alt: string;
  caption: string;
  credit: string;
  /** JSON array of ImageVariant. */
  variants: string;
  created_at: number;
  uploaded_by: number | null;
  focal_x: Generated<number>;
  focal_y: Generated<number>;
  crops: Generated<string>;
}

export interface ArticlesTable {
  id: Generated<number>;
  status: string;
  section_id: number;
  subsection_id: number;
  headline: string;
  summary: string;
  body_html: string;
  teaser: string;
  dateline: string;
  lead_media_id: number | null;
  lead_caption: string | null;
  lead_credit: string | null;
  lead_alt: string | null;
  series_id: number | null;
  is_top_story: number;
  published_at: number | null;
  updated_at: number | null;
  created_at: number;
  modified_at: number;
  version: Generated<number>;
  source_key: string | null;
  access: Generated<string>;
  scheduled_for: number | null;
  created_by: number | null;
  slug: Generated<string>;
  seo_json: Generated<string>;
  top_position: number | null;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface ArticleAuthorsTable {
  article_id: number;
  author_id: number;
  position: number;
}

export interface ArticleUpdatesTable {
  id: Generated<number>;
  article_id: number;
  kind: string;
  note: string;
  created_at: number;
}

/** Views per article per bucket: view_buckets is hourly, view_buckets_5m and view_buckets_1d the others. */
export interface ViewBucketsTable {
  /** Start of the bucket, ms since epoch (UTC). */
  bucket_start: number;
  article_id: number;
  views: number;
}

export interface InvalidationsTable {
  id: Generated<number>;
  /** Space-separated cache keys. */
  keys: string;
  created_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  status: string;
  password_hash: string | null;
  author_id: number | null;
  created_at: number;
  updated_at: number;
  totp_secret: string | null;
  totp_pending: string | null;
  totp_step: number | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface OneTimeTokensTable {
  token_hash: string;
  user_id: number;
  purpose: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface ThrottleTable {
  key: string;
  failures: number;
  window_start: number;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  version: number;
  kind: string;
  status: string;
  user_id: number | null;
  note: string;
  /** JSON of ArticleContent. */
  content: string;
  created_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  user_id: number | null;
  action: string;
  target: string;
  detail: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ViewSubnetsTable {
  hour: number;
  article_id: number;
  /** Keyed hash of the /24 or /48. */
  subnet: string;
  views: number;
}

export interface ViewBatchesTable {
  id: string;
  applied_at: number;
}

export interface RankingExclusionsTable {
  article_id: number;
  user_id: number | null;
  created_at: number;
}

export interface RankingHoldsTable {
  article_id: number;
  status: string;
  share_permille: number;
  detected_at: number;
  reviewed_by: number | null;
  reviewed_at: number | null;
}

export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body_html: string;
  status: string;
  version: Generated<number>;
  updated_at: number;
  updated_by: number | null;
}

export interface PageRevisionsTable {
  id: Generated<number>;
  page_id: number;
  version: number;
  title: string;
  body_html: string;
  user_id: number | null;
  created_at: number;
}

export interface MenusTable {
  name: string;
  items_json: string;
  updated_at: number;
}

export interface ArticlePresenceTable {
  article_id: number;
  user_id: number;
  seen_at: number;
}

export interface ArticleLocksTable {
  article_id: number;
  user_id: number;
  since: number;
  seen_at: number;
}

export interface ArticleNotesTable {
  id: Generated<number>;
  article_id: number;
  user_id: number | null;
  body: string;
  created_at: number;
}

export interface TagAliasesTable {
  slug: string;
  tag_id: number;
}

export interface RedirectsTable {
  from_path: string;
  to_path: string;
  created_at: number;
  created_by: number | null;
}

export interface ImportLedgerTable {
  source: string;
  kind: string;
  source_id: string;
  target_id: number;
  fingerprint: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  origins: Generated<string>;
  rate_per_minute: number;
  created_at: number;
  created_by: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type { AccessTokensTable, IdempotencyKeysTable, WebhookDeliveriesTable, WebhookEventsTable, WebhookSubscriptionsTable } from './schema-api.ts';
export type { MemberLinksTable, MembersTable, MemberSessionsTable, NewsletterEditionsTable, NewsletterRecipientsTable, NewslettersTable, NewsletterSubscriptionsTable, PlansTable, MemberPlansTable, StripeEventsTable } from './schema-readers.ts';
