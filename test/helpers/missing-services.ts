import { test } from 'node:test';
import { POSTGRES_REQUIRED, REDIS_REQUIRED } from './dialects.ts';

/**
 * Reports a suite that cannot run because a service is missing: a failing test where the service
 * is required (CI), a visible skip elsewhere. Never a silent pass.
 */
export function reportMissing(suite: string, missing: { postgres?: string | undefined; redis?: string | undefined }): boolean {
  const reasons: string[] = [];
  let required = false;
  if (missing.postgres) {
    reasons.push(missing.postgres);
    required ||= POSTGRES_REQUIRED;
  }
  if (missing.redis) {
    reasons.push(missing.redis);
    required ||= REDIS_REQUIRED;
  }
  if (reasons.length === 0) return false;
  if (required) {
    test(suite, () => {
      throw new Error(`${reasons.join('; ')}. Required here (BROADSHEET_REQUIRE_POSTGRES / BROADSHEET_REQUIRE_REDIS).`);
    });
  } else {
    test(suite, { skip: reasons.join('; ') }, () => undefined);
  }
  return true;
}
