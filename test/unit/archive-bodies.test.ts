import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeBody } from '../../src/core/content/sanitize.ts';
import type { ArchiveImage } from '../../src/core/import/archive/archive-model.ts';
import { convertHtml, newContext } from '../../src/core/import/archive/convert-html.ts';
import { lexicalToHtml, mobiledocToHtml } from '../../src/core/import/archive/ghost-body.ts';
import { phpUnserialize } from '../../src/core/import/archive/php-serialized.ts';
import { autop, parseBlocks, wordpressBody } from '../../src/core/import/archive/wordpress-body.ts';
import { sitePath, utcTime } from '../../src/core/import/archive/wordpress-source.ts';

const image = (src: string, _cls: string, alt: string): ArchiveImage | undefined =>
  src ? { url: new URL(src, 'https://old.example.org/').href, file: src.split('/').pop() ?? '', caption: '', alt, aliases: [], at: 0 } : undefined;

test('Gutenberg blocks: nesting, attributes, and text between blocks', () => {
  const blocks = parseBlocks('intro text\n<!-- wp:list --><ul><!-- wp:list-item --><li>a</li><!-- /wp:list-item --></ul><!-- /wp:list -->\n<!-- wp:image {"id":17,"sizeSlug":"large"} --><figure><img src="/x.jpg"/></figure><!-- /wp:image --><!-- wp:spacer /-->');
  assert.deepEqual(blocks.map((b) => b.name), ['freeform', 'list', 'image', 'spacer']);
  assert.equal(blocks[1]!.html, '<ul><li>a</li></ul>');
  assert.deepEqual(blocks[2]!.attrs, { id: 17, sizeSlug: 'large' });
});

test('each Gutenberg block becomes its block; unknown blocks and scripts are dropped and counted', () => {
  const ctx = newContext(image);
  const html = wordpressBody(ctx, [
    '<!-- wp:heading {"level":3} --><h3>Sub</h3><!-- /wp:heading -->',
    '<!-- wp:quote --><blockquote class="wp-block-quote"><!-- wp:paragraph --><p>Said.</p><!-- /wp:paragraph --><cite>A Person</cite></blockquote><!-- /wp:quote -->',
    '<!-- wp:embed {"url":"https://vimeo.com/12345","providerNameSlug":"vimeo"} --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://vimeo.com/12345</div></figure><!-- /wp:embed -->',
    '<!-- wp:separator --><hr class="wp-block-separator"/><!-- /wp:separator -->',
    '<!-- wp:html --><div class="chart">7</div><script>alert(1)</script><!-- /wp:html -->',
    '<!-- wp:buttons --><div><!-- wp:button --><a>Go</a><!-- /wp:button --></div><!-- /wp:buttons -->',
  ].join('\n'));
  const clean = sanitizeBody(html);
  assert.match(clean, /<h3>Sub<\/h3>/);
  assert.match(clean, /<blockquote><p>Said\.<\/p><p>— A Person<\/p><\/blockquote>/);
  assert.match(clean, /<figure class="embed" data-embed="https:\/\/vimeo\.com\/12345"/);
  assert.match(clean, /<hr \/>|<hr>/);
  assert.match(clean, /<div class="raw-html"><div>7<\/div><\/div>/);
  assert.doesNotMatch(clean, /alert|Go/);
  assert.deepEqual(ctx.dropped, { 'script (in raw HTML)': 1, 'wp:buttons': 1 });
});

test('wpautop: blank lines part paragraphs, single breaks are <br>, block tags are left alone', () => {
  assert.equal(autop('one\ntwo\n\nthree\r\n\r\n<h2>Head</h2>'), '<p>one<br>\ntwo</p>\n<p>three</p>\n<h2>Head</h2>');
});

test('photos: in a paragraph they come out after it; each is listed once; a figure without a source is counted', () => {
  const ctx = newContext(image);
  const html = convertHtml(ctx, '<p>Text <img src="/a.jpg" alt="A"> more</p><figure><img src="/a.jpg"><figcaption>Again</figcaption></figure><figure class="kg-card kg-callout-card"><div>x</div></figure>');
  assert.match(html, /^<p>Text {2}more<\/p><figure class="photo" data-import-src="https:\/\/old\.example\.org\/a\.jpg"><img src="[^"]+" alt="A">/);
  assert.equal(ctx.images.length, 1);
  assert.deepEqual(ctx.dropped, { 'figure (kg-callout-card)': 1 });
});

test('Ghost Lexical and Mobiledoc render to the same blocks', () => {
  const lexical = { root: { type: 'root', children: [
    { type: 'extended-heading', tag: 'h2', children: [{ type: 'extended-text', text: 'Head & more', format: 0 }] },
    { type: 'paragraph', children: [{ type: 'extended-text', text: 'bold', format: 1 }, { type: 'linebreak' }, { type: 'link', url: 'https://example.org/', children: [{ type: 'text', text: 'link', format: 2 }] }] },
    { type: 'list', listType: 'number', children: [{ type: 'listitem', children: [{ type: 'text', text: 'one', format: 0 }] }] },
    { type: 'callout', children: [] },
  ] } };
  const ctx = newContext(image);
  const fromLexical = sanitizeBody(convertHtml(ctx, lexicalToHtml(ctx, lexical)));
  assert.match(fromLexical, /<h2>Head &amp; more<\/h2>/);
  assert.match(fromLexical, /<p><strong>bold<\/strong><br \/><a href="https:\/\/example\.org\/"[^>]*><em>link<\/em><\/a><\/p>/);
  assert.match(fromLexical, /<ol><li>one<\/li><\/ol>/);
  assert.deepEqual(ctx.dropped, { 'lexical callout': 1 });
  const mobiledoc = { markups: [['a', ['href', 'https://ghost.org']]], cards: [['hr', {}], ['markdown', { markdown: '# x' }]], sections: [[1, 'p', [[0, [], 0, 'Powered by '], [0, [0], 1, 'Ghost']]], [10, 0], [10, 1], [3, 'ul', [[[0, [], 0, 'item']]]]] };
  const ctx2 = newContext(image);
  const fromMobiledoc = sanitizeBody(convertHtml(ctx2, mobiledocToHtml(ctx2, mobiledoc)));
  assert.match(fromMobiledoc, /<p>Powered by <a href="https:\/\/ghost\.org"[^>]*>Ghost<\/a><\/p>/);
  assert.match(fromMobiledoc, /<hr \/>[\s\S]*<ul><li>item<\/li><\/ul>/);
  assert.deepEqual(ctx2.dropped, { 'mobiledoc markdown card': 1 });
});

test('PHP serialized postmeta: byte lengths, nesting; objects and junk are refused', () => {
  // Arrays come back as prototype-less objects (a "__proto__" key stays data): compared as plain JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(phpUnserialize('a:2:{i:0;s:9:"hana.sato";s:4:"size";a:1:{s:4:"file";s:10:"日本.jpg";}}'))), { 0: 'hana.sato', size: { file: '日本.jpg' } });
  assert.equal(phpUnserialize('O:8:"stdClass":0:{}'), undefined);
  assert.equal(phpUnserialize('s:5:"abc";'), undefined);
  assert.equal(phpUnserialize('a:1:{i:0;b:1;}trailing'), undefined);
});

test('dates and addresses: WordPress UTC times, the never-dated draft, and paths on the old site only', () => {
  assert.equal(utcTime('2025-06-18 06:46:00'), Date.UTC(2025, 5, 18, 6, 46));
  assert.equal(utcTime('0000-00-00 00:00:00'), null);
  assert.equal(utcTime('soon'), null);
  assert.equal(sitePath('http://127.0.0.1:8084', 'http://127.0.0.1:8084/2026/11/12/x/'), '/2026/11/12/x/');
  assert.equal(sitePath('https://old.example.org/blog', 'https://old.example.org/blog/?p=4'), '/?p=4');
  assert.equal(sitePath('https://old.example.org', 'https://elsewhere.example/x/'), undefined);
});
