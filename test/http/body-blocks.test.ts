import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { sanitizeBody } from '../../src/core/content/sanitize.ts';
import { searchDocument } from '../../src/core/search/search-document.ts';

/**
 * Every body block, from what the editor writes to each output: stored HTML (sanitized), the
 * reader page, the RSS and JSON feeds and the search text. The table says what each output keeps;
 * docs/body-format.md says the same in words.
 */
const BLOCKS = {
  paragraph: { html: '<p>River <strong>lanterns</strong> and <em>drums</em>.</p>', page: 'p strong', feed: '<strong>lanterns</strong>', text: 'River lanterns' },
  heading: { html: '<h2>How it began</h2>', page: 'h2', feed: '<h2>How it began</h2>', text: 'How it began' },
  list: { html: '<ul><li><p>Boats</p></li><li><p>Bells</p></li></ul>', page: 'ul li', feed: '<li><p>Bells</p></li>', text: 'Bells' },
  quote: { html: '<blockquote><p>It is a quiet joy.</p></blockquote>', page: 'blockquote:not(.pull-quote)', feed: '<blockquote><p>It is a quiet joy.</p></blockquote>', text: 'quiet joy' },
  pullQuote: { html: '<blockquote class="pull-quote"><p>Light for those before us.</p></blockquote>', page: 'blockquote.pull-quote', feed: '<blockquote><p>Light for those before us.</p></blockquote>', text: 'Light for those before us' },
  photo: {
    html: '<figure class="photo" data-media-id="7"><img src="/media/a-800.webp" srcset="/media/a-400.webp 400w, /media/a-800.webp 800w" sizes="100vw" alt="Lanterns on water" width="800" height="533"><figcaption>Lanterns at dusk.<span class="credit">Staff</span></figcaption></figure>',
    page: 'figure.photo[data-media-id="7"] img[srcset][alt="Lanterns on water"]',
    feed: '<figure><img src="http://localhost:3000/media/a-800.webp" srcset="http://localhost:3000/media/a-400.webp 400w, http://localhost:3000/media/a-800.webp 800w"',
    text: 'Lanterns at dusk',
  },
  gallery: {
    html: '<div class="gallery"><figure class="photo" data-media-id="8"><img src="/media/b.webp" alt="Drums"><figcaption>Drummers.</figcaption></figure><figure class="photo" data-media-id="9"><img src="/media/c.webp" alt="Bells"></figure></div>',
    page: 'div.gallery > figure.photo + figure.photo',
    feed: '<div><figure><img src="http://localhost:3000/media/b.webp" alt="Drums" />',
    text: 'Drummers',
  },
  embed: {
    html: '<figure class="embed" data-embed="https://vimeo.com/76979871" data-embed-src="https://attacker.example/"><a href="https://vimeo.com/76979871">Vimeo: https://vimeo.com/76979871</a><figcaption>The parade.</figcaption></figure>',
    page: 'figure.embed[data-provider="Vimeo"][data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"] a[href="https://vimeo.com/76979871"]',
    feed: '<figure><a href="https://vimeo.com/76979871" rel="nofollow noopener noreferrer">Vimeo: https://vimeo.com/76979871</a><figcaption>The parade.</figcaption></figure>',
    text: 'The parade',
  },
  table: {
    html: '<table><tbody><tr><th colspan="1" rowspan="1"><p>Night</p></th><th><p>Boats</p></th></tr><tr><td><p>1</p></td><td><p>40</p></td></tr></tbody></table>',
    page: 'table th + th',
    feed: '<th colspan="1" rowspan="1"><p>Night</p></th>',
    text: 'Night',
  },
  divider: { html: '<hr>', page: 'hr', feed: '<hr />', text: '' },
  rawHtml: {
    html: '<div class="raw-html"><div class="g-chart"><span class="g-bar">120 boats</span></div></div>',
    page: 'div.raw-html .g-chart .g-bar',
    feed: '<div><div><span>120 boats</span></div></div>',
    text: '120 boats',
  },
} as const;

let t: TestApp;
let editor: AdminClient;
let writer: AdminClient;
let subId: number;
before(async () => {
  t = await startTestApp({ env: { BROADSHEET_FEED_CONTENT: 'full' } });
  editor = await signedIn(t.app, t.services, 'editor', 'Block Editor');
  writer = await signedIn(t.app, t.services, 'writer', 'Block Writer');
  subId = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!.id;
});
after(async () => {
  await t.close();
});

function content(bodyHtml: string, authorIds: number[]) {
  return {
    headline: 'Lantern night on the river', summary: 'Boats, drums and bells.', bodyHtml, dateline: 'KYOTO', subsectionId: subId,
    tagIds: [], authorIds, seriesId: null, leadMediaId: null, leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false,
  };
}

async function draft(client: AdminClient, bodyHtml: string): Promise<{ id: number; version: number }> {
  await client.get('/admin/articles/new');
  const created = await client.post('/admin/articles/', { headline: 'Lantern night on the river', subsectionId: String(subId) });
  const id = Number(/\/admin\/articles\/(\d+)\//.exec(String(created.headers.location))?.[1]);
  await client.get(`/admin/articles/${id}/`);
  const res = await client.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: 1, content: content(bodyHtml, [client.user!.authorId!]) } });
  assert.equal(res.statusCode, 200, res.body);
  return { id, version: res.json().version as number };
}

describe('body blocks round-trip: editor → stored → reader page → feeds → search', () => {
  test('each block keeps what its output is meant to keep', async () => {
    const body = Object.values(BLOCKS).map((b) => b.html).join('');
    const { id, version } = await draft(editor, body);
    const published = await editor.request({ method: 'POST', url: `/admin/api/articles/${id}/workflow`, json: { version, action: 'publish' } });
    assert.equal(published.statusCode, 200, published.body);
    const stored = (await t.services.storage.articles.findForEdit(id))!.content.bodyHtml;
    assert.equal(sanitizeBody(stored), stored, 'stored HTML is a fixed point of the sanitizer');
    assert.doesNotMatch(stored, /attacker\.example/, "an embed's player address is ours, never the sender's");

    const live = (await t.services.storage.articles.findPublished(id))!;
    const page = await t.app.inject({ url: `/society/general-news/${t.services.time.dateKey(live.publishedAt)}-${id}/` });
    assert.equal(page.statusCode, 200);
    const reader = parsePage(page.body);
    const rss = (await t.app.inject({ url: '/feed/' })).body;
    const json = (await t.app.inject({ url: '/feed/json/' })).json() as { items: { id: string; url: string; content_html?: string }[] };
    const item = json.items.find((i) => i.url.endsWith(`-${id}/`));
    assert.ok(item?.content_html, 'the JSON feed carries the full body');
    const search = searchDocument({
      id, headline: live.headline, summary: live.summary, bodyHtml: stored, leadCaption: '', tagNames: [], publishedAt: live.publishedAt,
      sectionId: live.sectionId, subsectionId: live.subsectionId, tagIds: [], authorIds: [],
    });

    for (const [name, block] of Object.entries(BLOCKS)) {
      assert.equal(reader.$(`.story-body ${block.page}`).length >= 1, true, `${name}: on the reader page`);
      assert.ok(rss.includes(block.feed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')) || rss.includes(block.feed), `${name}: in RSS as ${block.feed}`);
      assert.ok(item.content_html.includes(block.feed), `${name}: in the JSON feed as ${block.feed}`);
      if (block.text) assert.ok(`${search.body} ${search.captions}`.includes(block.text), `${name}: searchable text "${block.text}"`);
    }
    // Feeds carry no facade, no data attributes and none of our classes.
    assert.doesNotMatch(item.content_html, /data-|class=/);
    // The reader page frames only the embed providers' player origins, and only on a click.
    assert.match(String(page.headers['content-security-policy']), /frame-src https:\/\/www\.youtube-nocookie\.com [^;]*https:\/\/player\.vimeo\.com/);
    assert.equal(reader.$('.story-body iframe').length, 0, 'no frame until the reader asks');
  });

  test('an address no provider plays stays a link; an embed never becomes a frame of the sender’s choosing', async () => {
    for (const address of ['https://evil.example/watch?v=1', 'javascript:alert(1)', 'https://www.youtube.com.evil.example/watch?v=abc', 'https://user:pw@www.youtube.com/watch?v=abc']) {
      const html = sanitizeBody(`<figure class="embed" data-embed="${address}" data-embed-src="https://evil.example/"><a href="${address}">x</a></figure>`);
      assert.doesNotMatch(html, /data-embed|evil\.example\/"|class="embed"/, address);
    }
  });
});

describe('raw HTML belongs to editors', () => {
  const RAW = '<div class="raw-html"><div class="g-map"><span class="g-pin">Shijo</span></div></div>';
  test('a writer keeps or removes an editor’s raw-HTML block, and cannot add or change one; a refused save changes nothing', async () => {
    const { id } = await draft(writer, '<p>Before the graphic.</p>');
    // An editor places the graphic in the writer's article.
    const placed = await editor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version: 2, content: content(`<p>Before the graphic.</p>${RAW}`, [writer.user!.authorId!]) } });
    assert.equal(placed.statusCode, 200, placed.body);
    let version = placed.json().version as number;
    const save = (bodyHtml: string) => writer.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version, content: content(bodyHtml, [writer.user!.authorId!]) } });

    const kept = await save(`<p>Before the graphic, edited.</p>${RAW}<p>After.</p>`);
    assert.equal(kept.statusCode, 200, kept.body);
    version = kept.json().version as number;
    // The block as the browser re-serializes it (unquoted, reordered whitespace) is still the same block.
    const reserialized = await save(`<p>Before.</p><div class="raw-html"><div class="g-map"><span class="g-pin">Shijo</span></div></div>`);
    assert.equal(reserialized.statusCode, 200, reserialized.body);
    version = reserialized.json().version as number;

    for (const body of [`<p>x</p>${RAW.replace('Shijo', 'Gion')}`, `<p>x</p>${RAW}${RAW}`, '<p>x</p><div class="raw-html"><span class="g-x">new</span></div>']) {
      const refused = await save(body);
      assert.equal(refused.statusCode, 403, body);
      assert.equal(refused.json().error.code, 'BS_ERR_AUTH_FORBIDDEN');
      assert.match(refused.json().error.message, /only editors add or change raw-HTML blocks/);
    }
    assert.equal((await t.services.storage.articles.findForEdit(id))!.version, version, 'refused saves wrote nothing');
    const removed = await save('<p>No graphic now.</p>');
    assert.equal(removed.statusCode, 200, removed.body);
  });
});
