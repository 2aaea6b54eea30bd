import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { BROWSER_REQUIRED } from './browser.ts';
import { POSTGRES_REQUIRED, REDIS_REQUIRED } from './dialects.ts';

/** What a suite may need that a plain clone might lack, each with the reason it is missing (undefined: present). */
export interface Needs {
  readonly postgres?: string | undefined;
  readonly redis?: string | undefined;
  readonly browser?: string | undefined;
  /** The team's shared folder (`../shared`, beside this repository): reference pages and fixtures. */
  readonly shared?: string | undefined;
}

/** Which needs CI requires (a missing one fails the run there instead of skipping). */
const REQUIRED: Record<keyof Needs, boolean> = {
  postgres: POSTGRES_REQUIRED,
  redis: REDIS_REQUIRED,
  browser: BROWSER_REQUIRED,
  shared: process.env.BROADSHEET_REQUIRE_SHARED === '1',
};

const SWITCH: Record<keyof Needs, string> = {
  postgres: 'BROADSHEET_REQUIRE_POSTGRES=1',
  redis: 'BROADSHEET_REQUIRE_REDIS=1',
  browser: 'BROADSHEET_REQUIRE_BROWSER=1',
  shared: 'BROADSHEET_REQUIRE_SHARED=1',
};

/**
 * The one way a suite says it cannot run: where a missing need is required (CI) a failing test that
 * says what is missing; elsewhere a skipped test carrying the reason, so the summary counts it and
 * names it (scripts/test-summary.mjs). Never a silent pass. Returns true when the suite cannot run.
 */
export function requires(suite: string, needs: Needs): boolean {
  const missing = (Object.keys(needs) as (keyof Needs)[]).filter((k) => needs[k] !== undefined);
  if (missing.length === 0) return false;
  const reason = missing.map((k) => needs[k]).join('; ');
  const required = missing.filter((k) => REQUIRED[k]);
  if (required.length > 0) {
    test(suite, () => {
      throw new Error(`${reason}. Required here (${required.map((k) => SWITCH[k]).join(', ')}).`);
    });
  } else {
    test(suite, { skip: reason }, () => undefined);
  }
  return true;
}

/**
 * A file from the team's shared folder (`../shared`, checked out beside this repository; CI has it),
 * and how a test that reads it is skipped in a clone without it: the reason says what is missing and
 * where it would be. Where the folder is required (BROADSHEET_REQUIRE_SHARED=1) the test runs and fails.
 */
export function sharedFile(path: string): { readonly url: URL; readonly skip: string | false } {
  const url = new URL(`../../../shared/${path}`, import.meta.url);
  if (existsSync(url) || REQUIRED.shared) return { url, skip: false };
  return {
    url,
    skip: `needs ../shared/${path}, from the team's shared folder (a directory named "shared" next to this repository, as CI has it); without it this check cannot run`,
  };
}
