import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Integrations } from '../../core/api/integrations.ts';
import type { MemberDirectory } from '../../core/members/member-directory.ts';
import type { Plans } from '../../core/members/plans.ts';
import type { Newsletters } from '../../core/newsletters/newsletters.ts';
import type { VNode } from 'preact';
import type { AuthenticatedSession, AuthService } from '../../core/access/auth-service.ts';
import type { TwoFactorService } from '../../core/access/two-factor.ts';
import type { Newsroom } from '../../core/newsroom/newsroom.ts';
import type { Clock } from '../../core/ports.ts';
import type { CountingReport } from '../../core/ranking/counting-report.ts';
import type { RankingService } from '../../core/ranking/ranking-service.ts';
import type { ReaderService } from '../../core/reader/reader-service.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import type { SiteInfo } from '../reader/render-context.ts';
import type { AdminContext } from './admin-context.ts';

/*
 * What the newsroom plugin is given, and what it hands its route modules. In a file of its own so
 * route modules depend on it and not on the plugin that registers them (no import cycle).
 */

export interface AdminOptions {
  /** Every newsroom use case (core/newsroom/newsroom.ts); route modules never see storage. */
  readonly newsroom: Newsroom;
  /** API keys (and later webhooks and tokens). */
  readonly integrations: Integrations;
  /** Reader accounts, for admins. */
  readonly memberDirectory: MemberDirectory;
  readonly newsletters: Newsletters;
  /** Plans, the meter and complimentary access (admins). */
  readonly plans: Plans;
  readonly clock: Clock;
  readonly time: EditionTime;
  readonly auth: AuthService;
  readonly twoFactor: TwoFactorService;
  /** Admins must have two-step sign-in; one without is sent to set it up before anything else. */
  readonly requireAdmin2fa: boolean;
  /** The editor's presence heartbeat (tests shorten it). */
  readonly heartbeatMs: number;
  readonly reader: ReaderService;
  readonly site: SiteInfo;
  readonly editorAsset: string;
  readonly pageEditorAsset: string;
  readonly adminAssets: { readonly css: string; readonly js: string };
  /** Signs the CSRF secret cookie and keys CSRF tokens; shared by every process. */
  readonly secret: string;
  /** Applies a write's invalidation keys in this process before the response goes out. */
  readonly applyInvalidations: (keys: readonly string[]) => Promise<void>;
  readonly ranking: RankingService;
  /** Recomputes rankings now (after an exclusion or release) and applies what changed. */
  readonly refreshRanking: () => Promise<string[]>;
  /** This process's view counting since it started (shown on the rankings page). */
  readonly counting: () => CountingReport;
  /** Filled with every registered newsroom route ("METHOD /path"), for the permission-table test. */
  readonly registeredRoutes: string[];
}

/** What route modules get: the options plus page rendering and the request's identity. */
export interface AdminKit extends AdminOptions {
  context(request: FastifyRequest, reply: FastifyReply): AdminContext;
  page(reply: FastifyReply, view: VNode, status?: number): FastifyReply;
  session(request: FastifyRequest): AuthenticatedSession;
  /** The client address (an IPv6 client's /64), hashed: for throttling without storing IPs. */
  clientKey(request: FastifyRequest): string;
  setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void;
  clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void;
}
