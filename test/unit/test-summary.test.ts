import assert from 'node:assert/strict';
import { test } from 'node:test';
import summaryReporter from '../../scripts/test-summary-reporter.mjs';

type Event = { type: string; data: Record<string, unknown> };

async function summarize(events: Event[]): Promise<{ passed: number; failed: number; skipped: number; files: number; notRun: { name: string; reason: string; file: string }[] }> {
  async function* source() {
    yield* events;
  }
  let out = '';
  for await (const chunk of summaryReporter(source())) out += chunk;
  return JSON.parse(out);
}

test('the summary counts what ran and names every test that did not, with its reason', async () => {
  const s = await summarize([
    { type: 'test:pass', data: { name: 'renders', file: '/r/test/http/a.test.ts', details: { type: 'test' } } },
    { type: 'test:fail', data: { name: 'breaks', file: '/r/test/http/a.test.ts', details: { type: 'test' } } },
    // A suite whose service is missing, reported by test/helpers/requirements.ts.
    { type: 'test:pass', data: { name: 'the newsroom in Chromium', file: '/r/test/helpers/requirements.ts', skip: '/usr/bin/chromium is not installed', details: { type: 'test' } } },
    { type: 'test:pass', data: { name: 'reference page', file: '/r/test/unit/b.test.ts', skip: 'needs ../shared', details: { type: 'test' } } },
    { type: 'test:pass', data: { name: 'a suite', file: '/r/test/http/a.test.ts', details: { type: 'suite' } } },
    { type: 'test:diagnostic', data: { message: 'tests 4' } },
  ]);
  assert.equal(s.passed, 1);
  assert.equal(s.failed, 1);
  assert.equal(s.skipped, 2);
  assert.equal(s.files, 2, 'helpers are not test files');
  assert.deepEqual(s.notRun, [
    { name: 'the newsroom in Chromium', reason: '/usr/bin/chromium is not installed', file: '' },
    { name: 'reference page', reason: 'needs ../shared', file: '/r/test/unit/b.test.ts' },
  ]);
});
