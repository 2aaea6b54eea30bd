import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Member } from '../../core/members/member-ports.ts';
import { ENTITLEMENT_TTL_MS, type PaywallCookies } from '../../core/members/paywall-cookies.ts';
import { decide, EMPTY_METER, type ReaderLevel, type Variant } from '../../core/members/paywall-rules.ts';
import type { PageGate } from '../shared/page-cache.ts';

/** The reader's session cookie: its own name, never the newsroom's (bs_session, scoped to /admin). */
export const MEMBER_COOKIE = 'bs_member';
/** The signed entitlement (core/members/paywall-cookies.ts): who the member is and their level, for ten minutes. */
export const ENTITLEMENT_COOKIE = 'bs_ent';
/** The signed meter: the walled articles this browser has read. */
export const METER_COOKIE = 'bs_meter';

const METER_MAX_AGE_S = 31 * 24 * 3600;

/** What the paywall needs from the members side, to refresh an entitlement in the route. */
export interface PaywallMembers {
  authenticate(token: string | undefined): Promise<Member | undefined>;
  levelFor(memberId: number): Promise<Exclude<ReaderLevel, 'anonymous'>>;
}

interface ReaderCookies {
  readonly member?: string | undefined;
  readonly ent?: string | undefined;
  readonly meter?: string | undefined;
}

function readCookies(header: string | undefined): ReaderCookies {
  if (!header || !header.includes('bs_')) return {};
  const all = fastifyCookie.parse(header);
  return { member: all[MEMBER_COOKIE], ent: all[ENTITLEMENT_COOKIE], meter: all[METER_COOKIE] };
}

/** The Cookie header from Node's raw header list (the fast path never builds req.headers). */
function rawCookie(raw: readonly string[]): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 6 && name.toLowerCase() === 'cookie') out = out === undefined ? raw[i + 1] : `${out}; ${raw[i + 1]}`;
  }
  return out;
}

/**
 * Chooses which rendering of a walled article a request gets (docs/members.md, "The paywall"). On
 * the fast path it decides from the signed cookies alone; whatever needs a write (a metered read,
 * an entitlement to refresh) goes to the route, which decides the same way after the write.
 */
export class PaywallGate {
  readonly #cookies: PaywallCookies;
  readonly #monthOf: (ms: number) => string;
  readonly #secureCookies: boolean;

  constructor(deps: { cookies: PaywallCookies; monthOf: (ms: number) => string; secureCookies: boolean }) {
    this.#cookies = deps.cookies;
    this.#monthOf = deps.monthOf;
    this.#secureCookies = deps.secureCookies;
  }

  /** The variant to serve from the cache, or undefined when the route must decide (and write a cookie). */
  fast(gate: PageGate, rawHeaders: readonly string[], now: number): Variant | undefined {
    const cookies = readCookies(rawCookie(rawHeaders));
    let level: ReaderLevel = 'anonymous';
    let memberId = 0;
    if (cookies.member) {
      const ent = this.#cookies.readEntitlement(cookies.ent, now);
      if (!ent) return undefined;
      level = ent.level;
      memberId = ent.memberId;
    }
    const decision = this.#decide(gate, level, memberId, cookies.meter, now);
    return decision.meter ? undefined : decision.variant;
  }

  /**
   * The route's decision: a member's entitlement is read from the database when its cookie is
   * missing or old (once per ten minutes per member), and a metered read writes the new meter.
   */
  async route(gate: PageGate, request: FastifyRequest, reply: FastifyReply, members: PaywallMembers, now: number): Promise<Variant> {
    const cookies = readCookies(request.headers.cookie);
    let level: ReaderLevel = 'anonymous';
    let memberId = 0;
    if (cookies.member) {
      const ent = this.#cookies.readEntitlement(cookies.ent, now);
      if (ent) {
        level = ent.level;
        memberId = ent.memberId;
      } else {
        const member = await members.authenticate(cookies.member);
        if (member) {
          level = await members.levelFor(member.id);
          memberId = member.id;
          this.#set(reply, ENTITLEMENT_COOKIE, this.#cookies.entitlement(member.id, level, now), ENTITLEMENT_TTL_MS / 1000);
        }
      }
    }
    const decision = this.#decide(gate, level, memberId, cookies.meter, now);
    if (decision.meter) this.#set(reply, METER_COOKIE, this.#cookies.meter(decision.meter), METER_MAX_AGE_S);
    return decision.variant;
  }

  #decide(gate: PageGate, level: ReaderLevel, memberId: number, meterCookie: string | undefined, now: number) {
    const meter = this.#cookies.readMeter(meterCookie) ?? EMPTY_METER;
    return decide({ access: gate.access, level, memberId, articleId: gate.articleId, rules: gate.rules, meter, now, monthOf: this.#monthOf });
  }

  #set(reply: FastifyReply, name: string, value: string, maxAge: number): void {
    const cookie = fastifyCookie.serialize(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.#secureCookies, maxAge });
    const existing = reply.getHeader('set-cookie');
    const list = existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
    reply.header('set-cookie', [...list, cookie]);
  }
}
