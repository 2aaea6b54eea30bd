import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isBroadsheetError } from '../../src/core/errors.ts';
import { parsePageText } from '../../src/core/import/page-text.ts';
import { sharedFile } from '../helpers/requirements.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url), 'utf8');

function assertMalformed(text: string, file: string, line: number, detail: RegExp) {
  assert.throws(
    () => parsePageText(text, file),
    (err: unknown) => {
      assert.ok(isBroadsheetError(err, 'BS_ERR_IMPORT_MALFORMED'), String(err));
      assert.equal(err.params.file, file);
      assert.equal(err.params.line, line, err.message);
      assert.match(err.message, new RegExp(`^${file}:${line}: `));
      assert.match(err.message, detail);
      return true;
    },
  );
}

test('parses headline, caption, timestamp with zone, byline, dateline, body and related tags', () => {
  const p = parsePageText(fixture('harbor-bridge.txt'), 'harbor-bridge.txt');
  assert.equal(p.headline, 'Harbor Bridge in Port Hakuro Reopens After Two-Year Rebuild; Ferry Queues Ease');
  assert.equal(p.caption, 'Cyclists cross the rebuilt Hakuro Harbor Bridge on its first morning back in service.');
  assert.equal(new Date(p.publishedAt).toISOString(), '2026-03-03T00:05:00.000Z');
  assert.deepEqual(p.bylines, [{ name: 'Aiko Mirren', title: 'Staff Writer' }]);
  assert.equal(p.dateline, 'PORT HAKURO');
  assert.equal(p.paragraphs.length, 4);
  assert.ok(p.paragraphs[0]?.startsWith('The Hakuro Harbor Bridge reopened'));
  assert.deepEqual(p.tags, ['Transport', 'Infrastructure']);
  assert.equal(p.updateMarker, 0);
  assert.match(p.sourceKey, /^[0-9a-f]{64}$/);
});

test('a wire page: no caption, "(Update N)", wire dateline, blank lines, plain tag names', () => {
  const p = parsePageText(fixture('wire-story.txt'), 'wire-story.txt');
  assert.equal(p.caption, null);
  assert.equal(p.updateMarker, 2);
  assert.equal(p.headline, 'Fictional Exporters Report Record Quarter as Port Strike Ends');
  assert.equal(p.dateline, 'TOKYO, Aug 6 (Wire)');
  assert.equal(p.paragraphs.length, 3);
  assert.deepEqual(p.tags, ['Economy', 'Trade']);
});

test('Windows line endings and a byte-order mark parse the same', () => {
  const unix = parsePageText(fixture('harbor-bridge.txt'), 'a.txt');
  const windows = parsePageText(`\uFEFF${fixture('harbor-bridge.txt').replaceAll('\n', '\r\n')}`, 'a.txt');
  assert.deepEqual(windows, unix);
});

test('a paragraph without a dateline keeps its text', () => {
  const p = parsePageText('Head\n10:00 JST, March 1, 2026\nNo dateline here — just a dash mid-sentence.\n', 'x.txt');
  assert.equal(p.dateline, '');
  assert.equal(p.paragraphs[0], 'No dateline here — just a dash mid-sentence.');
});

test('malformed pages name the file and line', () => {
  assertMalformed(fixture('no-timestamp.txt'), 'no-timestamp.txt', 2, /expected a timestamp/);
  assertMalformed(fixture('bad-date.txt'), 'bad-date.txt', 2, /not a real date/);
  assertMalformed(fixture('unknown-zone.txt'), 'unknown-zone.txt', 2, /unknown time zone "XYZ"/);
  assertMalformed(fixture('no-body.txt'), 'no-body.txt', 3, /no body paragraphs/);
  assertMalformed('', 'empty.txt', 1, /empty/);
  assertMalformed('\n\n  \n', 'blank.txt', 1, /empty/);
  assertMalformed('Head\u0000line', 'binary.txt', 1, /not a text file/);
  assertMalformed(`${'x'.repeat(301)}\n10:00 JST, March 1, 2026\nBody`, 'long.txt', 1, /longer than 300/);
  assertMalformed('10:00 JST, March 1, 2026\nBody', 'nohead.txt', 1, /headline/);
  assertMalformed('Head\n25:00 JST, March 1, 2026\nBody', 'hour.txt', 2, /not a real date/);
  assertMalformed('Head\n10:00 JST, Marchember 1, 2026\nBody', 'month.txt', 2, /unknown month/);
  assertMalformed('\n\nHead\nCaption\nExtra\n10:00 JST, March 1, 2026\nBody', 'late.txt', 4, /expected a timestamp/);
});

const { url: REFERENCE, skip: withoutReference } = sharedFile('reference/seed-article.txt');
test('the reference page parses', { skip: withoutReference }, () => {
  const p = parsePageText(readFileSync(REFERENCE, 'utf8'), 'seed-article.txt');
  assert.equal(new Date(p.publishedAt).toISOString(), '2025-06-18T06:46:00.000Z');
  assert.equal(p.dateline, 'KANANASKIS/BANFF, Canada');
  assert.equal(p.paragraphs.length, 10);
  assert.deepEqual(p.tags, ['Politics']);
  assert.ok(p.caption);
});
