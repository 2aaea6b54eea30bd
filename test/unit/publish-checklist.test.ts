import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publishChecklist } from '../../src/core/newsroom/publish-checklist.ts';

const ready: { headline: string; summary: string; leadMediaId: number | null; leadAlt: string | null; leadCredit: string | null; tagIds: number[] } = { headline: 'Ferries cut two winter sailings', summary: 'Fewer boats from December.', leadMediaId: 4, leadAlt: null, leadCredit: null, tagIds: [7] };
const photo = { alt: 'A ferry at the pier', credit: 'Staff' };
const failing = (c: typeof ready, lead = photo as typeof photo | undefined) => publishChecklist(c, lead).filter((i) => !i.ok).map((i) => i.id);

test('each item fails on its own condition, and only then', () => {
  assert.deepEqual(failing(ready), [], "the library's alt text and credit count when the article has none of its own");
  assert.deepEqual(failing({ ...ready, headline: 'x'.repeat(101) }), ['headline']);
  assert.deepEqual(failing({ ...ready, headline: '界'.repeat(100) }), [], 'characters, not bytes');
  assert.deepEqual(failing({ ...ready, summary: '  ' }), ['summary']);
  assert.deepEqual(failing({ ...ready, leadMediaId: null }, undefined), ['photo', 'photo-text']);
  assert.deepEqual(failing(ready, { alt: '', credit: 'Staff' }), ['photo-text']);
  assert.deepEqual(failing({ ...ready, leadAlt: 'Written for this article' }, { alt: '', credit: 'Staff' }), []);
  assert.deepEqual(failing(ready, { alt: 'x', credit: ' ' }), ['photo-text']);
  assert.deepEqual(failing({ ...ready, tagIds: [] }), ['tags']);
});
