import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SNIPPET_MARK_END as E, SNIPPET_MARK_START as S } from '../../src/core/search/search-query.ts';
import { englishStem, textSnippet, tsqueryLexemes } from '../../src/core/search/text-snippet.ts';

test('stems as PostgreSQL english does (Porter2)', () => {
  // The lexemes PostgreSQL 15 gives these words (to_tsvector('english', ...)).
  const expected: Record<string, string> = { housing: 'hous', governments: 'govern', studies: 'studi', dying: 'die', generously: 'generous', Earthquake: 'earthquak', officials: 'offici', running: 'run' };
  for (const [word, lexeme] of Object.entries(expected)) assert.equal(englishStem(word), lexeme, word);
});

test('the lexemes of a tsquery text, quotes undone', () => {
  assert.deepEqual([...tsqueryLexemes(`'hous' & ( 'summit' | 'talk' ) & 'rate' <-> 'cut'`)], ['hous', 'summit', 'talk', 'rate', 'cut']);
  assert.deepEqual([...tsqueryLexemes(`'o''brien'`)], ["o'brien"]);
  assert.deepEqual([...tsqueryLexemes('')], []);
});

test('marks every form of a matched word, and only whole words', () => {
  const snippet = textSnippet('Housing costs rose. The houses sold fast, said a household survey.', new Set(['hous']), 28);
  assert.equal(snippet, `${S}Housing${E} costs rose. The ${S}houses${E} sold fast, said a household survey.`);
});

test('picks the window holding the most different words, with a lead-in and ellipses where cut', () => {
  const filler = (n: number, w = 'calm') => Array.from({ length: n }, () => w).join(' ');
  const text = `${filler(40)} summit here ${filler(40)} housing summit talks ${filler(40)}`;
  const snippet = textSnippet(text, new Set(['hous', 'summit']), 12);
  assert.ok(snippet.startsWith('…') && snippet.endsWith('…'), snippet);
  assert.ok(snippet.includes(`${S}housing${E} ${S}summit${E}`), snippet);
  assert.equal(snippet.split(' ').filter((w) => w !== '…').length, 12, 'the window is 12 words');
  // Three words of lead-in before the first match (a quarter of the window).
  assert.match(snippet, /^…calm calm calm \u0002housing/);
});

test('without a match, the opening words', () => {
  assert.equal(textSnippet('One two three four five.', new Set(['zebra']), 3), 'One two three…');
  assert.equal(textSnippet(' "One two." ', new Set(['zebra']), 3), '"One two."', 'nothing cut: the whole text, quotes and stops kept');
  assert.equal(textSnippet('', new Set(['zebra']), 3), '');
});

test('the first window holding every word wins; short of that, the most different words, then the most matches', () => {
  const filler = (n: number) => Array.from({ length: n }, () => 'calm').join(' ');
  // Every lexeme in the first window: later windows with more matches are not looked for.
  const first = textSnippet(`${filler(20)} rates ${filler(20)} rates rates rates ${filler(20)}`, new Set(['rate']), 8);
  assert.equal(first, `…calm calm ${S}rates${E} calm calm calm calm calm…`);
  // One lexeme never appears: every window is judged, and the one with the most matches is kept.
  const most = textSnippet(`${filler(20)} rates ${filler(20)} rates rates rates ${filler(20)}`, new Set(['rate', 'zebra']), 8);
  assert.equal(most, `…calm calm ${S}rates${E} ${S}rates${E} ${S}rates${E} calm calm calm…`);
});

test('a window ending at the last word read is marked as cut only when words follow', () => {
  assert.equal(textSnippet('alpha beta gamma rates delta', new Set(['rate']), 4), `…beta gamma ${S}rates${E} delta`);
  assert.equal(textSnippet('rates alpha beta gamma delta', new Set(['rate']), 4), `${S}rates${E} alpha beta gamma…`);
  assert.equal(textSnippet('rates alpha beta gamma.', new Set(['rate']), 4), `${S}rates${E} alpha beta gamma.`);
});

test('words beyond ASCII are words, and a snippet may end on one', () => {
  assert.equal(textSnippet('Ōsaka café rates über', new Set(['rate']), 3), `…café ${S}rates${E} über`);
  assert.equal(textSnippet('𝐀𝐁 rates', new Set(['rate']), 2), `𝐀𝐁 ${S}rates${E}`);
});
