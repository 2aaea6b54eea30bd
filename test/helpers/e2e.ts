import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

const SHOTS = new URL('../../test-results/', import.meta.url);
mkdirSync(SHOTS, { recursive: true });

/** Where a browser test writes a screenshot to look at (test-results/, ignored by git). */
export function shot(name: string): string {
  return new URL(name, SHOTS).pathname;
}

/** axe over the page: no serious or critical WCAG 2.1 A/AA violation (the newsroom's bar). */
export async function assertNoSeriousA11y(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), [], `${what} has accessibility violations`);
}
