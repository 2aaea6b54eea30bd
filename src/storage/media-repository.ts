import type { Kysely } from 'kysely';
import type { ImageVariant, ListPage, MediaAsset, MediaCrops, NewMediaAsset } from '../core/content/types.ts';
import type { MediaRepository } from '../core/ports.ts';
import { containsText, toMediaAsset } from './rows.ts';
import type { Database } from './schema.ts';

export class KyselyMediaRepository implements MediaRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(input: NewMediaAsset): Promise<MediaAsset> {
    const row = await this.#db
      .insertInto('media')
      .values({
        storage_key: input.key,
        mime: input.mime,
        width: input.width,
        height: input.height,
        bytes: input.bytes,
        sha256: input.sha256,
        alt: input.alt,
        caption: input.caption,
        credit: input.credit,
        variants: JSON.stringify(input.variants),
        crops: JSON.stringify(input.crops ?? {}),
        created_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMediaAsset(row);
  }

  async setFocal(id: number, focal: { x: number; y: number }, crops: MediaCrops): Promise<void> {
    await this.#db.updateTable('media').set({ focal_x: focal.x, focal_y: focal.y, crops: JSON.stringify(crops) }).where('id', '=', id).execute();
  }

  async findByKey(key: string): Promise<MediaAsset | undefined> {
    const row = await this.#db.selectFrom('media').selectAll().where('storage_key', '=', key).executeTakeFirst();
    return row ? toMediaAsset(row) : undefined;
  }

  async list(query: string, options: { limit: number; offset: number; missingAlt?: boolean; uploadedBy?: number }): Promise<ListPage<MediaAsset & { uploadedBy: number | null }>> {
    const trimmed = query.trim().toLowerCase();
    let base = trimmed
      ? this.#db.selectFrom('media').where((eb) => eb.or([containsText('caption', trimmed), containsText('credit', trimmed), containsText('alt', trimmed)]))
      : this.#db.selectFrom('media');
    if (options.missingAlt) base = base.where('alt', '=', '');
    if (options.uploadedBy !== undefined) base = base.where('uploaded_by', '=', options.uploadedBy);
    const rows = await base.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute();
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { items: rows.map((r) => ({ ...toMediaAsset(r), uploadedBy: r.uploaded_by })), total: Number(total.n) };
  }

  async updateMetadata(id: number, meta: { alt: string; caption: string; credit: string }): Promise<void> {
    await this.#db.updateTable('media').set(meta).where('id', '=', id).execute();
  }

  async replaceFile(id: number, file: { key: string; mime: string; width: number; height: number; bytes: number; sha256: string; variants: readonly ImageVariant[]; crops: MediaCrops }): Promise<void> {
    await this.#db
      .updateTable('media')
      .set({ storage_key: file.key, mime: file.mime, width: file.width, height: file.height, bytes: file.bytes, sha256: file.sha256, variants: JSON.stringify(file.variants), crops: JSON.stringify(file.crops) })
      .where('id', '=', id)
      .execute();
  }

  async setUploadedBy(id: number, userId: number): Promise<void> {
    await this.#db.updateTable('media').set({ uploaded_by: userId }).where('id', '=', id).execute();
  }

  async findById(id: number): Promise<(MediaAsset & { uploadedBy: number | null }) | undefined> {
    const row = await this.#db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toMediaAsset(row), uploadedBy: row.uploaded_by } : undefined;
  }
}
