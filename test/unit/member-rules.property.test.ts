import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { safeReturn } from '../../src/core/members/member-accounts.ts';
import { composeEdition } from '../../src/core/newsletters/edition-content.ts';

test('where a reader returns after signing in is always a path on this site, outside the newsroom and the API', () => {
  const site = 'https://news.example.com';
  const candidate = fc.oneof(
    fc.string(),
    fc.webUrl(),
    fc.constantFrom('//evil.example', '/\\evil.example', '/%2F%2Fevil', '/admin/users/', '/api/admin/v1/me', 'javascript:alert(1)', '/politics/?x=1', '/a b/'),
    fc.string().map((s) => `/${s}`),
  );
  fc.assert(
    fc.property(candidate, (input) => {
      const out = safeReturn(input);
      const url = new URL(out, site);
      assert.equal(url.origin, site, `${JSON.stringify(input)} → ${out}`);
      assert.ok(!url.pathname.startsWith('/admin') && !url.pathname.startsWith('/api'), out);
    }),
    { numRuns: 2000 },
  );
});

test('an edition’s HTML escapes whatever the headlines and links hold', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), (headline, teaser, url) => {
      const { html } = composeEdition(headline, [{ heading: teaser, stories: [{ headline, teaser, url }] }]);
      assert.doesNotMatch(html.replace(/<\/?(h1|h2|ul|li|p|a)( href="[^"<>]*")?>/g, ''), /[<>]/);
    }),
    { numRuns: 500 },
  );
});
