import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excerpt, teaserFor } from '../../src/core/content/excerpt.ts';
import { escapeHtml, htmlToText, sanitizeBody } from '../../src/core/content/sanitize.ts';
import { slugify } from '../../src/core/content/slug.ts';

test('excerpts are cut at a word boundary near 100 characters with "..."', () => {
  const text = 'The Cabinet approved a record budget on Tuesday after weeks of pressure from mayors along the coast who wanted sea walls.';
  const e = excerpt(text, 100);
  assert.equal(e, 'The Cabinet approved a record budget on Tuesday after weeks of pressure from mayors along the coast...');
  assert.ok(e.length <= 103);
  assert.equal(excerpt('Short text.', 100), 'Short text.');
  assert.equal(excerpt('x'.repeat(150), 100), `${'x'.repeat(100)}...`, 'one long word is cut rather than dropped');
  assert.equal(excerpt('Ends with a comma, then more words that push it over the limit of ten', 20), 'Ends with a comma...');
});

test('the teaser prefers the dek, else the body text', () => {
  assert.equal(teaserFor('  The dek. ', 'Body'), 'The dek.');
  assert.equal(teaserFor('', 'Body  text'), 'Body text');
  assert.equal(teaserFor('', 'x'.repeat(1000)).length, 400);
});

test('slugs are lower-case ASCII words joined by hyphens', () => {
  assert.equal(slugify('Politics & Government'), 'politics-government');
  assert.equal(slugify('Science & Nature'), 'science-nature');
  assert.equal(slugify('Café Déjà Vu'), 'cafe-deja-vu');
  assert.equal(slugify("Japan’s Economy"), 'japans-economy');
  assert.equal(slugify('  --  '), '');
});

test('article bodies keep structure and lose anything that can run', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<form action="https://evil.example"><button>Go</button></form>',
    '<object data="x.swf"></object>',
    '<p onmouseover="alert(1)">hover</p>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  ];
  for (const v of vectors) {
    const out = sanitizeBody(v);
    assert.doesNotMatch(out, /<script|onerror|onload|onmouseover|javascript:|<iframe|style=|data:|<form|<object|<base|<meta|<svg|<math/i, `${v} → ${out}`);
    assert.equal(sanitizeBody(out), out, 'sanitizing twice changes nothing');
  }
  const kept = sanitizeBody('<h2>Head</h2><p>A <strong>b</strong> <em>c</em> <a href="https://example.com" target="_blank">link</a></p><blockquote><p>Q</p></blockquote><ul><li>1</li></ul>');
  assert.equal(kept, '<h2>Head</h2><p>A <strong>b</strong> <em>c</em> <a href="https://example.com" rel="nofollow noopener noreferrer">link</a></p><blockquote><p>Q</p></blockquote><ul><li>1</li></ul>');
  assert.equal(sanitizeBody('<h1>Big</h1>'), '<h2>Big</h2>', 'the page owns the only h1');
  // The editor leaves an empty paragraph after a heading or a cleared line; readers would see a gap.
  assert.equal(sanitizeBody('<p>One</p><h2>Head</h2><p></p>'), '<p>One</p><h2>Head</h2>');
  assert.equal(sanitizeBody('<p> </p><p><br /></p><p>&nbsp;</p><p>Two</p>'), '<p>Two</p>');
  assert.equal(sanitizeBody('<p><img src="/media/a.webp" alt="A" /></p>'), '<p><img src="/media/a.webp" alt="A" /></p>', 'a paragraph holding only a photo stays');
});

test('plain text from HTML, and escaping for HTML we assemble', () => {
  assert.equal(htmlToText('<p>A &amp; B&#8217;s</p><p>C&nbsp;D</p>'), 'A & B’s C D');
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});

test('section slugs may not take the site’s own paths', async () => {
  const { newSection } = await import('../../src/core/content/new-section.ts');
  const { isBroadsheetError } = await import('../../src/core/errors.ts');
  const base = { name: 'X', parentId: null, position: 0, description: '' };
  for (const slug of ['tag', 'series', 'api', 'media', 'assets', 'search']) {
    assert.throws(() => newSection({ ...base, slug }), (e) => isBroadsheetError(e, 'BS_ERR_SECTION_SLUG_RESERVED'), slug);
  }
  assert.throws(() => newSection({ ...base, slug: 'page', parentId: 1 }), (e) => isBroadsheetError(e, 'BS_ERR_SECTION_SLUG_RESERVED'));
  assert.throws(() => newSection({ ...base, slug: 'Bad Slug' }), (e) => isBroadsheetError(e, 'BS_ERR_CONTENT_INVALID'));
  assert.equal(newSection({ ...base, slug: 'politics', name: ' Politics ' }).name, 'Politics');
});
