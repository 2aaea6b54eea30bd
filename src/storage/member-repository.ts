import { sql, type Kysely, type Selectable } from 'kysely';
import type { LinkPurpose, Member, MemberLink, MemberRepository, SignupSource } from '../core/members/member-ports.ts';
import type { Database, MembersTable } from './schema.ts';

function toMember(r: Selectable<MembersTable>): Member {
  return {
    id: r.id, email: r.email, name: r.name, source: r.source as SignupSource, sourceDetail: r.source_detail,
    createdAt: Number(r.created_at), lastSeenAt: r.last_seen_at === null ? null : Number(r.last_seen_at),
  };
}

export class KyselyMemberRepository implements MemberRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findById(id: number): Promise<Member | undefined> {
    const row = await this.#db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMember(row) : undefined;
  }

  async findByEmail(email: string): Promise<Member | undefined> {
    const row = await this.#db.selectFrom('members').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row ? toMember(row) : undefined;
  }

  async create(input: { email: string; source: SignupSource; sourceDetail: string; at: number }): Promise<Member> {
    const row = await this.#db
      .insertInto('members')
      .values({ email: input.email.toLowerCase(), source: input.source, source_detail: input.sourceDetail, created_at: input.at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMember(row);
  }

  async setEmail(id: number, email: string): Promise<void> {
    await this.#db.updateTable('members').set({ email: email.toLowerCase() }).where('id', '=', id).execute();
  }

  async seen(id: number, at: number): Promise<void> {
    await this.#db.updateTable('members').set({ last_seen_at: at }).where('id', '=', id).execute();
  }

  async erase(id: number, email: string): Promise<void> {
    await this.#db.deleteFrom('member_links').where((eb) => eb.or([eb('member_id', '=', id), eb('email', '=', email.toLowerCase())])).execute();
    await this.#db.deleteFrom('member_sessions').where('member_id', '=', id).execute();
    // The address is also on every newsletter mail queued or sent to it: those rows go too.
    await this.#db.deleteFrom('newsletter_recipients').where('member_id', '=', id).execute();
    await this.#db.deleteFrom('newsletter_subscriptions').where('member_id', '=', id).execute();
    await this.#db.deleteFrom('member_plans').where('member_id', '=', id).execute();
    await this.#db.deleteFrom('members').where('id', '=', id).execute();
  }

  async list(query: string, page: { limit: number; offset: number }): Promise<{ items: Member[]; total: number }> {
    let q = this.#db.selectFrom('members');
    const needle = query.trim().toLowerCase();
    if (needle) q = q.where(sql<string>`lower(email)`, 'like', `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
    return { items: rows.map(toMember), total };
  }

  async countBySource(): Promise<{ source: string; members: number }[]> {
    const rows = await this.#db.selectFrom('members').select(['source', (eb) => eb.fn.countAll().as('n')]).groupBy('source').orderBy('source').execute();
    return rows.map((r) => ({ source: r.source, members: Number(r.n) }));
  }

  async addSession(hash: string, memberId: number, at: number, expiresAt: number): Promise<void> {
    await this.#db.insertInto('member_sessions').values({ token_hash: hash, member_id: memberId, created_at: at, expires_at: expiresAt }).execute();
  }

  async findSession(hash: string, now: number): Promise<number | undefined> {
    const row = await this.#db.selectFrom('member_sessions').select('member_id').where('token_hash', '=', hash).where('expires_at', '>', now).executeTakeFirst();
    return row?.member_id;
  }

  async removeSession(hash: string): Promise<void> {
    await this.#db.deleteFrom('member_sessions').where('token_hash', '=', hash).execute();
  }

  async removeSessions(memberId: number): Promise<number> {
    const r = await this.#db.deleteFrom('member_sessions').where('member_id', '=', memberId).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async addLink(hash: string, link: MemberLink, at: number): Promise<void> {
    await this.#db
      .insertInto('member_links')
      .values({
        token_hash: hash, purpose: link.purpose, email: link.email.toLowerCase(), member_id: link.memberId, source: link.source,
        source_detail: link.sourceDetail, return_to: link.returnTo, created_at: at, expires_at: link.expiresAt,
      })
      .execute();
  }

  async takeLink(hash: string, now: number): Promise<MemberLink | undefined> {
    // Deleting first makes "once" hold under concurrent clicks: only one delete finds the row.
    const row = await this.#db.deleteFrom('member_links').where('token_hash', '=', hash).returningAll().executeTakeFirst();
    if (!row || Number(row.expires_at) <= now) return undefined;
    return {
      purpose: row.purpose as LinkPurpose, email: row.email, memberId: row.member_id, source: row.source, sourceDetail: row.source_detail,
      returnTo: row.return_to, expiresAt: Number(row.expires_at),
    };
  }

  async prune(now: number): Promise<void> {
    await this.#db.deleteFrom('member_links').where('expires_at', '<=', now).execute();
    await this.#db.deleteFrom('member_sessions').where('expires_at', '<=', now).execute();
  }
}
