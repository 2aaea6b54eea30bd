import { actorCan, type Actor } from '../access/types.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Clock, Storage } from '../ports.ts';
import type { Member } from './member-ports.ts';

/** The newsroom's view of reader accounts: admins only, never a public page or API. */
export class MemberDirectory {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(deps: { storage: Storage; clock: Clock }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
  }

  async list(actor: Actor, query: string, page: number, pageSize = 50): Promise<{ items: Member[]; total: number; sources: { source: string; members: number }[]; plans: Map<number, string[]> }> {
    if (!actorCan(actor, 'member:manage')) forbid('admins see reader accounts');
    const [result, sources] = await Promise.all([this.#storage.members.list(query, { limit: pageSize, offset: (page - 1) * pageSize }), this.#storage.members.countBySource()]);
    const plans = await this.#storage.plans.currentPlans(result.items.map((m) => m.id), this.#clock.now());
    return { ...result, sources, plans };
  }

  /** The plans entitling each of these members now, for the CSV export. */
  async plansOf(actor: Actor, memberIds: readonly number[]): Promise<Map<number, string[]>> {
    if (!actorCan(actor, 'member:manage')) forbid('admins see reader accounts');
    return this.#storage.plans.currentPlans(memberIds, this.#clock.now());
  }

  async find(actor: Actor, id: number): Promise<Member | undefined> {
    if (!actorCan(actor, 'member:manage')) forbid('admins see reader accounts');
    return this.#storage.members.findById(id);
  }

  /** Every member, a page at a time (for the CSV export, which streams them out). Refused at once, not at the first read. */
  all(actor: Actor): AsyncGenerator<Member> {
    if (!actorCan(actor, 'member:manage')) forbid('admins export reader accounts');
    return this.#pages();
  }

  async *#pages(): AsyncGenerator<Member> {
    for (let offset = 0; ; offset += 500) {
      const { items } = await this.#storage.members.list('', { limit: 500, offset });
      yield* items;
      if (items.length < 500) return;
    }
  }
}
