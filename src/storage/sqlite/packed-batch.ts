import type { ViewBatch } from '../../core/ranking/buckets.ts';

/**
 * A view batch as typed arrays, for handing to the flush thread: a batch is thousands of small
 * objects, and structured-cloning them costs the request thread several milliseconds per flush
 * (bench/ranking); a typed array's buffer is moved instead of copied.
 */
export interface PackedBatch {
  readonly id: string;
  /** bucketStart, articleId, views per count. */
  readonly counts: Float64Array;
  /** hour, articleId, views per subnet count. */
  readonly subnets: Float64Array;
  /** The subnet keys in the same order, space separated (keys are base64url). */
  readonly subnetKeys: string;
}

export function packBatch(batch: ViewBatch): { packed: PackedBatch; transfer: ArrayBuffer[] } {
  const counts = new Float64Array(batch.counts.length * 3);
  batch.counts.forEach((c, i) => counts.set([c.bucketStart, c.articleId, c.views], i * 3));
  const subnets = new Float64Array(batch.subnets.length * 3);
  batch.subnets.forEach((s, i) => subnets.set([s.hour, s.articleId, s.views], i * 3));
  const packed = { id: batch.id, counts, subnets, subnetKeys: batch.subnets.map((s) => s.subnet).join(' ') };
  return { packed, transfer: [counts.buffer as ArrayBuffer, subnets.buffer as ArrayBuffer] };
}

export function unpackBatch(p: PackedBatch): ViewBatch {
  const keys = p.subnetKeys === '' ? [] : p.subnetKeys.split(' ');
  return {
    id: p.id,
    counts: Array.from({ length: p.counts.length / 3 }, (_, i) => ({ bucketStart: p.counts[i * 3] as number, articleId: p.counts[i * 3 + 1] as number, views: p.counts[i * 3 + 2] as number })),
    subnets: keys.map((subnet, i) => ({ hour: p.subnets[i * 3] as number, articleId: p.subnets[i * 3 + 1] as number, subnet, views: p.subnets[i * 3 + 2] as number })),
  };
}
