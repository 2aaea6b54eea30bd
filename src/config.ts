import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { BroadsheetError } from './core/errors.ts';

/** Typed, frozen configuration read from the environment. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** `sqlite:<path>` or `postgres://...`. */
  readonly databaseUrl: string;
  readonly mediaDir: string;
  readonly siteName: string;
  /** Absolute origin used in canonical links, e.g. https://news.example.com. */
  readonly publicUrl: string;
  readonly timeZone: string;
  /** Fixed zone abbreviation; undefined lets the edition clock choose (JST for Asia/Tokyo). */
  readonly timeZoneLabel: string | undefined;
  /** Fill an empty database with the demo edition on start. */
  readonly demo: boolean;
  readonly logLevel: string;
  /** Milliseconds between ranking refreshes. */
  readonly rankingRefreshMs: number;
  /** Milliseconds between view-count flushes. */
  readonly viewFlushMs: number;
  /** Milliseconds between polls of the invalidation log (writes made by other processes). */
  readonly invalidationPollMs: number;
  /** Upper bound on the rendered-page cache, in bytes. */
  readonly pageCacheBytes: number;
  /** Hops of reverse proxies whose X-Forwarded-For we trust (0 = none). */
  readonly trustProxyHops: number;
  /** Signs cookies and CSRF tokens; when unset, a random one is kept in the database for every process. */
  readonly secret: string | undefined;
  /** Milliseconds between checks for scheduled articles that are due. */
  readonly schedulerIntervalMs: number;
  /** Scaled mode: Redis for counters, dedupe and ranking snapshots (sessions and invalidation come with the scale-out work). */
  readonly redisUrl: string | undefined;
  /** Mail for invitations and password resets; without it the links go to the log. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** DKIM signing of every mail: the signing domain, the DNS selector and the private key (PEM), or undefined. */
  readonly dkim: { readonly domainName: string; readonly keySelector: string; readonly privateKey: string } | undefined;
  /** Admins must sign in with a second factor (TOTP), and set one up at their next sign-in. */
  readonly requireAdmin2fa: boolean;
  /** How often an open editor reports presence and refreshes its soft lock (locks lapse after 45 s without one). */
  readonly editorHeartbeatMs: number;
  /** Prefix of every Redis key, so several sites (or test runs) can share a server. */
  readonly redisPrefix: string;
  readonly ranking: RankingConfig;
  /** Feeds carry each article's summary, or its whole body. */
  readonly feedContent: 'summary' | 'full';
  /** The pre-publish checklist warns, or blocks publishing until it passes. */
  readonly publishChecklist: 'warn' | 'block';
  /** Webhook deliveries: whether this process sends them, how often it looks, and the first retry's delay. */
  readonly webhooks: { readonly deliver: boolean; readonly pollMs: number; readonly retryBaseMs: number; readonly timeoutMs: number };
  /**
   * Private addresses the server may call anyway (BROADSHEET_OUTBOUND_ALLOW=127.0.0.1): for tests and
   * a receiver on the same host. Empty in production, where only public addresses are called.
   */
  readonly outboundAllow: readonly string[];
  /** Newsletter mail: whether this process sends it, and at most how many mails a second. */
  readonly newsletterMail: { readonly send: boolean; readonly ratePerSecond: number; readonly pollMs: number; readonly claimMs: number };
  /**
   * Stripe: the secret key (sk_…) and the webhook's signing secret (whsec_…); without the key, plans
   * are shown but subscribing answers BS_ERR_PAYMENTS_OFF. apiUrl points the client at another
   * server that answers as Stripe's API does (the tests' local one); unset, the library's own.
   */
  readonly stripe: { readonly secretKey: string | undefined; readonly webhookSecret: string | undefined; readonly apiUrl: string | undefined };
  /** Articles per feed. */
  readonly feedSize: number;
  /** A quoted phrase is checked in this many of the newest articles holding all its words. */
  readonly searchPhraseWindow: number;
}

/** Rankings and popular lists (docs/architecture.md, Rankings). */
export interface RankingConfig {
  /** The window the access ranking and popular lists show: 1h, 24h, 7d or trending. */
  readonly window: '1h' | '24h' | '7d' | 'trending';
  /** Items in the home page's access ranking, in the ranking beside other pages, and in popular lists. */
  readonly homeSize: number;
  readonly asideSize: number;
  readonly popularSize: number;
  /** The same reader on the same article within this many minutes counts once. */
  readonly dedupeMinutes: number;
  /** Reader-article pairs per dedupe period the dedupe filter is sized for. */
  readonly dedupeCapacity: number;
  /** Counted views per reader per minute (and burst). */
  readonly perReaderPerMinute: number;
  /** Trending: half-life of a view's weight, in minutes. */
  readonly trendingHalfLifeMinutes: number;
  /** Hold-out rule: at least this many 24-hour views, and more than this percent from one subnet. */
  readonly holdMinViews: number;
  readonly holdSharePercent: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function feedContentVar(env: Env): 'summary' | 'full' {
  const value = env.BROADSHEET_FEED_CONTENT || 'summary';
  if (value !== 'summary' && value !== 'full') fail('BROADSHEET_FEED_CONTENT', 'expected summary or full');
  return value;
}

function checklistVar(env: Env): 'warn' | 'block' {
  const value = env.BROADSHEET_PUBLISH_CHECKLIST || 'warn';
  if (value !== 'warn' && value !== 'block') fail('BROADSHEET_PUBLISH_CHECKLIST', 'expected warn or block');
  return value;
}

function fail(name: string, detail: string): never {
  throw new BroadsheetError('BS_ERR_CONFIG_INVALID', { detail: `${name}: ${detail}` });
}

function intVar(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `expected ${min}..${max}, got ${value}`);
  return value;
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  return fail(name, `expected true or false, got "${raw}"`);
}

function allowVar(env: Env): string[] {
  const raw = (env.BROADSHEET_OUTBOUND_ALLOW ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  for (const a of raw) if (!isIP(a)) fail('BROADSHEET_OUTBOUND_ALLOW', `expected IP addresses separated by commas, got "${a}"`);
  return raw;
}

function smtpVar(env: Env): string | undefined {
  const raw = env.BROADSHEET_SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^smtps?:\/\/[^/\s]+/.test(raw)) fail('BROADSHEET_SMTP_URL', 'expected smtp://user:password@host:587 or smtps://…:465');
  return raw;
}

function dkimVars(env: Env): Config['dkim'] {
  const domainName = env.BROADSHEET_DKIM_DOMAIN || '';
  const keySelector = env.BROADSHEET_DKIM_SELECTOR || '';
  const keyFile = env.BROADSHEET_DKIM_KEY_FILE || '';
  if (!domainName && !keySelector && !keyFile) return undefined;
  if (!domainName || !keySelector || !keyFile) fail('BROADSHEET_DKIM_DOMAIN', 'DKIM needs all three: BROADSHEET_DKIM_DOMAIN, BROADSHEET_DKIM_SELECTOR and BROADSHEET_DKIM_KEY_FILE');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(domainName)) fail('BROADSHEET_DKIM_DOMAIN', 'a domain name such as news.example.com');
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(keySelector)) fail('BROADSHEET_DKIM_SELECTOR', 'the selector of the DNS record, such as mail2026');
  let privateKey: string;
  try {
    privateKey = readFileSync(keyFile, 'utf8');
    createPrivateKey(privateKey);
  } catch (err) {
    fail('BROADSHEET_DKIM_KEY_FILE', `a readable PEM private key (${(err as Error).message})`);
  }
  return { domainName, keySelector, privateKey };
}

function redisVar(env: Env): string | undefined {
  const raw = env.BROADSHEET_REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^rediss?:\/\//.test(raw)) fail('BROADSHEET_REDIS_URL', 'expected redis://host:6379');
  return raw;
}

function windowVar(env: Env): RankingConfig['window'] {
  const raw = env.BROADSHEET_RANKING_WINDOW || '24h';
  if (raw !== '1h' && raw !== '24h' && raw !== '7d' && raw !== 'trending') fail('BROADSHEET_RANKING_WINDOW', 'one of 1h, 24h, 7d, trending');
  return raw;
}

function stripeVars(env: Env): Config['stripe'] {
  const secretKey = env.BROADSHEET_STRIPE_SECRET_KEY || undefined;
  const webhookSecret = env.BROADSHEET_STRIPE_WEBHOOK_SECRET || undefined;
  const apiUrl = env.BROADSHEET_STRIPE_API_URL || undefined;
  if (secretKey !== undefined && !/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/.test(secretKey)) fail('BROADSHEET_STRIPE_SECRET_KEY', 'a Stripe secret key (sk_test_… or sk_live_…)');
  if (webhookSecret !== undefined && !/^whsec_[A-Za-z0-9+/=]{8,}$/.test(webhookSecret)) fail('BROADSHEET_STRIPE_WEBHOOK_SECRET', 'the webhook endpoint’s signing secret (whsec_…)');
  if (secretKey !== undefined && webhookSecret === undefined) fail('BROADSHEET_STRIPE_WEBHOOK_SECRET', 'needed with BROADSHEET_STRIPE_SECRET_KEY: subscriptions are only known from the webhook');
  if (apiUrl !== undefined && !/^https?:\/\/[^/]+$/.test(apiUrl)) fail('BROADSHEET_STRIPE_API_URL', 'an origin such as http://127.0.0.1:12111');
  return { secretKey, webhookSecret, apiUrl };
}

function secretVar(env: Env): string | undefined {
  const raw = env.BROADSHEET_SECRET;
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) fail('BROADSHEET_SECRET', 'use at least 32 random characters (e.g. openssl rand -base64 32)');
  return raw;
}

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads the configuration from environment variables, failing fast with a message naming the variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const port = intVar(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '0.0.0.0';
  const databaseUrl = env.BROADSHEET_DATABASE_URL || 'sqlite:./data/broadsheet.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    fail('BROADSHEET_DATABASE_URL', 'expected sqlite:<path> or postgres://user@host:port/db');
  }
  const timeZone = env.BROADSHEET_TIMEZONE || 'Asia/Tokyo';
  if (!validTimeZone(timeZone)) fail('BROADSHEET_TIMEZONE', `unknown IANA time zone "${timeZone}"`);
  const publicUrl = (env.BROADSHEET_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) {
    fail('BROADSHEET_PUBLIC_URL', 'expected an origin such as https://news.example.com (no path)');
  }
  const siteName = env.BROADSHEET_SITE_NAME || 'The Broadsheet';
  if (siteName.length > 80) fail('BROADSHEET_SITE_NAME', 'at most 80 characters');

  return Object.freeze({
    host,
    port,
    databaseUrl,
    mediaDir: resolve(cwd, env.BROADSHEET_MEDIA_DIR || './data/media'),
    siteName,
    publicUrl,
    timeZone,
    timeZoneLabel: env.BROADSHEET_TIMEZONE_LABEL || undefined,
    demo: boolVar(env, 'BROADSHEET_DEMO', true),
    logLevel: env.BROADSHEET_LOG_LEVEL || 'info',
    rankingRefreshMs: intVar(env, 'BROADSHEET_RANKING_REFRESH_MS', 60_000, 100, 3_600_000),
    viewFlushMs: intVar(env, 'BROADSHEET_VIEW_FLUSH_MS', 5_000, 50, 600_000),
    invalidationPollMs: intVar(env, 'BROADSHEET_INVALIDATION_POLL_MS', 1_000, 50, 600_000),
    pageCacheBytes: intVar(env, 'BROADSHEET_PAGE_CACHE_MB', 128, 1, 65_536) * 1024 * 1024,
    trustProxyHops: intVar(env, 'BROADSHEET_TRUST_PROXY_HOPS', 0, 0, 10),
    secret: secretVar(env),
    schedulerIntervalMs: intVar(env, 'BROADSHEET_SCHEDULER_INTERVAL_MS', 5_000, 50, 600_000),
    redisUrl: redisVar(env),
    smtpUrl: smtpVar(env),
    dkim: dkimVars(env),
    mailFrom: env.BROADSHEET_MAIL_FROM || `${siteName} <newsroom@${new URL(publicUrl).hostname}>`,
    requireAdmin2fa: boolVar(env, 'BROADSHEET_REQUIRE_ADMIN_2FA', false),
    editorHeartbeatMs: intVar(env, 'BROADSHEET_EDITOR_HEARTBEAT_MS', 15_000, 200, 60_000),
    redisPrefix: env.BROADSHEET_REDIS_PREFIX || 'bs:',
    feedContent: feedContentVar(env),
    publishChecklist: checklistVar(env),
    webhooks: Object.freeze({
      deliver: boolVar(env, 'BROADSHEET_WEBHOOK_DELIVERY', true),
      pollMs: intVar(env, 'BROADSHEET_WEBHOOK_POLL_MS', 1_000, 20, 600_000),
      retryBaseMs: intVar(env, 'BROADSHEET_WEBHOOK_RETRY_BASE_MS', 30_000, 10, 3_600_000),
      timeoutMs: intVar(env, 'BROADSHEET_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    }),
    outboundAllow: allowVar(env),
    newsletterMail: Object.freeze({
      send: boolVar(env, 'BROADSHEET_NEWSLETTER_SENDING', true),
      ratePerSecond: intVar(env, 'BROADSHEET_NEWSLETTER_RATE', 20, 1, 10_000),
      pollMs: intVar(env, 'BROADSHEET_NEWSLETTER_POLL_MS', 1_000, 20, 600_000),
      claimMs: intVar(env, 'BROADSHEET_NEWSLETTER_CLAIM_MS', 60_000, 1_000, 3_600_000),
    }),
    stripe: Object.freeze(stripeVars(env)),
    feedSize: intVar(env, 'BROADSHEET_FEED_SIZE', 20, 1, 100),
    searchPhraseWindow: intVar(env, 'BROADSHEET_SEARCH_PHRASE_WINDOW', 2_000, 1, 1_000_000),
    ranking: Object.freeze({
      window: windowVar(env),
      homeSize: intVar(env, 'BROADSHEET_RANKING_HOME_SIZE', 10, 1, 50),
      asideSize: intVar(env, 'BROADSHEET_RANKING_ASIDE_SIZE', 5, 1, 50),
      popularSize: intVar(env, 'BROADSHEET_POPULAR_SIZE', 5, 1, 50),
      dedupeMinutes: intVar(env, 'BROADSHEET_RANKING_DEDUPE_MINUTES', 30, 1, 1440),
      dedupeCapacity: intVar(env, 'BROADSHEET_RANKING_DEDUPE_CAPACITY', 2_000_000, 10_000, 200_000_000),
      perReaderPerMinute: intVar(env, 'BROADSHEET_RANKING_READER_PER_MINUTE', 60, 1, 10_000),
      trendingHalfLifeMinutes: intVar(env, 'BROADSHEET_RANKING_TRENDING_HALF_LIFE_MINUTES', 60, 5, 1440),
      holdMinViews: intVar(env, 'BROADSHEET_RANKING_HOLD_MIN_VIEWS', 100, 1, 10_000_000),
      holdSharePercent: intVar(env, 'BROADSHEET_RANKING_HOLD_SHARE_PERCENT', 30, 1, 100),
    }),
  });
}
