import { sql } from 'kysely';
import type { ImageVariant, MediaAsset, MediaCrops } from '../core/content/types.ts';

/** Parses the JSON variants column, tolerating rows written before a field existed. */
export function parseVariants(json: string): ImageVariant[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as ImageVariant[]) : [];
  } catch {
    return [];
  }
}

export interface MediaRow {
  id: number;
  storage_key: string;
  mime: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  variants: string;
  focal_x?: number | null;
  focal_y?: number | null;
  crops?: string | null;
}

function parseCrops(json: string | null | undefined): MediaCrops {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value && typeof value === 'object' ? (value as MediaCrops) : {};
  } catch {
    return {};
  }
}

export function toMediaAsset(row: MediaRow): MediaAsset {
  return {
    id: row.id,
    key: row.storage_key,
    mime: row.mime,
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    variants: parseVariants(row.variants),
    focal: { x: row.focal_x ?? 500, y: row.focal_y ?? 500 },
    crops: parseCrops(row.crops),
  };
}

/** Splits ids into chunks small enough for any driver's bound-parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A case-insensitive "contains" condition on a column, with LIKE's wildcards in the user's text
 * matched literally. One spelling for both databases: lower(column) LIKE pattern ESCAPE '\\'.
 */
export function containsText(column: string, query: string) {
  const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
