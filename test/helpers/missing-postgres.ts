import { test } from 'node:test';
import { POSTGRES_REQUIRED } from './dialects.ts';

/** Reports an unreachable PostgreSQL: a failing test where it is required, a visible skip elsewhere. */
export function reportMissingPostgres(suite: string, reason: string | undefined): void {
  if (reason === undefined) return;
  if (POSTGRES_REQUIRED) {
    test(`${suite} on postgres`, () => {
      throw new Error(`${reason}. PostgreSQL is required here (BROADSHEET_REQUIRE_POSTGRES=1).`);
    });
  } else {
    test(`${suite} on postgres`, { skip: `${reason}; set BROADSHEET_TEST_POSTGRES_URL to run it` }, () => undefined);
  }
}
