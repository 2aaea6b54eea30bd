import { actorCan, type Actor } from '../access/types.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Storage } from '../ports.ts';
import type { Member } from './member-ports.ts';

/** The newsroom's view of reader accounts: admins only, never a public page or API. */
export class MemberDirectory {
  readonly #storage: Storage;

  constructor(deps: { storage: Storage }) {
    this.#storage = deps.storage;
  }

  async list(actor: Actor, query: string, page: number, pageSize = 50): Promise<{ items: Member[]; total: number; sources: { source: string; members: number }[] }> {
    if (!actorCan(actor, 'member:manage')) forbid('admins see reader accounts');
    const [result, sources] = await Promise.all([this.#storage.members.list(query, { limit: pageSize, offset: (page - 1) * pageSize }), this.#storage.members.countBySource()]);
    return { ...result, sources };
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
