import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffContent } from '../../src/core/newsroom/revision-diff.ts';
import type { ArticleContent } from '../../src/core/newsroom/article-content.ts';

const base: ArticleContent = {
  headline: 'Harbour lights', summary: '', dateline: '', subsectionId: 1, tagIds: [], authorIds: [], seriesId: null,
  leadMediaId: null, leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false,
  bodyHtml: '<p>The lamps came on at dusk.</p><figure class="photo" data-media-id="3"><img src="/media/a.webp" alt="Lamps"><figcaption>The quay</figcaption></figure><p>Fishermen cheered.</p>',
};

test('the body is compared as text, a changed paragraph word by word, other blocks named', () => {
  const [body] = diffContent(base, {
    ...base,
    bodyHtml: '<p>The lamps came on after dusk.</p><figure class="embed" data-embed="https://vimeo.com/1"><a href="https://vimeo.com/1">Vimeo</a></figure><p>Fishermen cheered.</p><hr>',
  });
  assert.equal(body?.field, 'bodyHtml');
  const removed = body!.parts.filter((p) => p.change === 'removed').map((p) => p.value.trim());
  const added = body!.parts.filter((p) => p.change === 'added').map((p) => p.value.trim());
  assert.ok(added.includes('after'), 'one word added inside the first paragraph');
  assert.ok(removed.includes('[Photo] The quay'));
  assert.ok(added.some((a) => a.startsWith('[Embed] https://vimeo.com/1')));
  assert.ok(added.includes('[Divider]'));
  assert.ok(body!.parts.every((p) => !/<[a-z]/i.test(p.value)), 'no markup in any part');
});

test('search and sharing settings are shown as named fields', () => {
  const [seo] = diffContent({ ...base, seo: { slug: '', title: '', description: '', socialTitle: '', socialDescription: '', socialMediaId: null } }, { ...base, seo: { slug: 'harbour-lights', title: 'Lamps lit', description: '', socialTitle: '', socialDescription: '', socialMediaId: null } });
  assert.equal(seo?.field, 'seo');
  assert.match(seo!.parts.map((p) => p.value).join(''), /slug: harbour-lights; SEO title: Lamps lit/);
});
