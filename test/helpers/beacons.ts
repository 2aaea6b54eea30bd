import assert from 'node:assert/strict';
import type { Services } from '../../src/services.ts';
import { until } from './wait.ts';

/**
 * Views counted so far, once the collector's batch timer has classified every beacon it took: the
 * fast path answers a beacon first and classifies it up to `batchMs` later, so a test that reads the
 * count straight after the 204 would race it. Waits for the timer, never drains by itself.
 */
export async function countedAfterBatch(services: Services): Promise<number> {
  await until(() => services.collector.waiting === 0, 'the batch timer to classify every waiting beacon', 2_000);
  assert.equal(services.collector.waiting, 0);
  return services.collector.outcomes.get('counted') ?? 0;
}
