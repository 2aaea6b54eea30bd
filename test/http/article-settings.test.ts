import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { actorOf } from '../../src/core/access/types.ts';
import sharp from 'sharp';

let t: TestApp;
let editor: AdminClient;
let subId: number;
before(async () => {
  t = await startTestApp();
  editor = await signedIn(t.app, t.services, 'editor', 'Settings Editor');
  subId = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!.id;
});
after(async () => {
  await t.close();
});

const SEO = { slug: '', title: '', description: '', socialTitle: '', socialDescription: '', socialMediaId: null as number | null };

function content(seo?: typeof SEO) {
  return {
    headline: 'Ferry timetable changes for winter', summary: 'Fewer sailings from December.', bodyHtml: '<p>The ferry company cut two sailings.</p>',
    dateline: 'OSAKI', subsectionId: subId, tagIds: [], authorIds: [editor.user!.authorId!], seriesId: null, leadMediaId: null,
    leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false, ...(seo ? { seo } : {}),
  };
}

describe('URL slug, search and sharing settings', () => {
  let id: number;
  let version: number;
  const save = async (seo?: typeof SEO) => editor.request({ method: 'PUT', url: `/admin/api/articles/${id}`, json: { version, content: content(seo) } });

  test('a published article with a new slug moves to the slugged address; every older address redirects there', async () => {
    await editor.get('/admin/articles/new');
    const created = await editor.post('/admin/articles/', { headline: 'Ferry timetable changes for winter', subsectionId: String(subId) });
    id = Number(/\/admin\/articles\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    version = 1;
    await editor.get(`/admin/articles/${id}/`);
    let res = await save();
    version = res.json().version;
    res = await editor.request({ method: 'POST', url: `/admin/api/articles/${id}/workflow`, json: { version, action: 'publish' } });
    version = res.json().version;
    const live = (await t.services.storage.articles.findPublished(id))!;
    const plain = `/society/general-news/${t.services.time.dateKey(live.publishedAt)}-${id}/`;
    assert.equal((await t.app.inject({ url: plain })).statusCode, 200, 'no slug: the address ends with the id');

    res = await save({ ...SEO, slug: 'ferry-winter-timetable' });
    assert.equal(res.statusCode, 200, res.body);
    version = res.json().version;
    const slugged = `${plain}ferry-winter-timetable/`;
    const page = await t.app.inject({ url: slugged });
    assert.equal(page.statusCode, 200);
    assert.equal(parsePage(page.body).$('link[rel=canonical]').attr('href'), `http://localhost:3000${slugged}`);
    for (const old of [plain, `${plain}old-words/`, `/world/asia/${t.services.time.dateKey(live.publishedAt)}-${id}/ferry-winter-timetable/`]) {
      const moved = await t.app.inject({ url: old });
      assert.equal(moved.statusCode, 301, old);
      assert.equal(moved.headers.location, slugged, old);
    }
    // A second change: both earlier addresses still arrive.
    res = await save({ ...SEO, slug: 'winter-ferries' });
    version = res.json().version;
    for (const old of [plain, slugged]) assert.equal((await t.app.inject({ url: old })).headers.location, `${plain}winter-ferries/`);
    // Lists, feeds and the sitemap link the new address.
    const home = await t.app.inject({ url: '/society/general-news/' });
    assert.ok(parsePage(home.body).attrs('a[href]', 'href').includes(`${plain}winter-ferries/`));
    assert.match((await t.app.inject({ url: '/feed/' })).body, new RegExp(`${plain}winter-ferries/`));
    // The editor links the live article.
    const editorPage = parsePage((await editor.get(`/admin/articles/${id}/`)).body);
    assert.equal(editorPage.$('#live-link').attr('href'), `${plain}winter-ferries/`);
  });

  test('search and social fields reach the head; empty ones fall back to the headline, summary and lead photo', async () => {
    const eve = (await t.services.storage.users.findByEmail(editor.user!.email))!;
    const bytes = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#335577' } }).jpeg().toBuffer();
    const card = await t.services.newsroom.uploadMedia(actorOf(eve), bytes, { caption: 'Ferry at dawn', credit: 'Staff', alt: 'A white ferry leaves the pier' });
    const res = await save({ ...SEO, slug: 'winter-ferries', title: 'Winter ferry timetable 2026', description: 'Which sailings stop in December.', socialTitle: 'Two ferry sailings cut', socialMediaId: card.id });
    assert.equal(res.statusCode, 200, res.body);
    version = res.json().version;
    const live = (await t.services.storage.articles.findPublished(id))!;
    const page = parsePage((await t.app.inject({ url: `/society/general-news/${t.services.time.dateKey(live.publishedAt)}-${id}/winter-ferries/` })).body);
    assert.equal(page.$('title').text(), 'Winter ferry timetable 2026 | The Broadsheet');
    assert.equal(page.$('meta[name=description]').attr('content'), 'Which sailings stop in December.');
    assert.equal(page.$('meta[property="og:title"]').attr('content'), 'Two ferry sailings cut');
    assert.equal(page.$('meta[property="og:description"]').attr('content'), 'Which sailings stop in December.', 'social description falls back to the SEO one');
    assert.match(page.$('meta[property="og:image"]').attr('content') ?? '', /^http:\/\/localhost:3000\/media\//);
    assert.equal(page.$('meta[property="og:image:alt"]').attr('content'), 'A white ferry leaves the pier');
    assert.equal(page.$('h1').text().trim(), 'Ferry timetable changes for winter', 'the page itself keeps the headline');
    // An API client that does not send the settings keeps them.
    const without = await save();
    assert.equal(without.statusCode, 200);
    version = without.json().version;
    assert.equal((await t.services.storage.articles.findForEdit(id))!.content.seo?.title, 'Winter ferry timetable 2026');
  });

  test('notes: an empty or over-long note is a 422 that writes nothing; heartbeats refuse bad bodies', async () => {
    await editor.get(`/admin/articles/${id}/`);
    for (const body of ['', '   ', 'x'.repeat(2001)]) {
      const res = await editor.post(`/admin/articles/${id}/notes`, { body });
      assert.equal(res.statusCode, 422, JSON.stringify(body.slice(0, 10)));
      assert.match(res.body, /note: (is required|at most 2000)/);
    }
    assert.equal((await t.services.storage.collaboration.notes(id)).length, 0);
    assert.equal((await editor.post(`/admin/articles/${id}/notes`, { body: 'Check the timetable.' })).statusCode, 303);
    assert.equal((await t.services.storage.collaboration.notes(id)).length, 1);
    assert.equal((await editor.request({ method: 'POST', url: `/admin/api/articles/${id}/presence`, json: { takeover: 'yes' } })).statusCode, 400);
    assert.equal((await editor.request({ method: 'POST', url: '/admin/api/articles/999999/presence', json: {} })).statusCode, 404);
  });

  test('a bad slug or a missing social image is a 422 naming the field, and nothing changes', async () => {
    for (const [seo, field] of [[{ ...SEO, slug: 'Not A Slug!' }, 'slug'], [{ ...SEO, slug: 'a--b' }, 'slug'], [{ ...SEO, slug: 'x'.repeat(81) }, 'slug'], [{ ...SEO, socialMediaId: 999999 }, 'social image'], [{ ...SEO, title: 'x'.repeat(121) }, 'SEO title']] as const) {
      const res = await save(seo);
      assert.equal(res.statusCode, 422, JSON.stringify(seo));
      assert.equal(res.json().error.field, field);
    }
    assert.equal((await t.services.storage.articles.findForEdit(id))!.version, version);
  });
});

describe('the pre-publish checklist where the newsroom blocks on it', () => {
  let b: TestApp;
  let desk: AdminClient;
  before(async () => {
    b = await startTestApp({ env: { BROADSHEET_PUBLISH_CHECKLIST: 'block' } });
    desk = await signedIn(b.app, b.services, 'editor', 'Checklist Editor');
  });
  after(async () => {
    await b.close();
  });

  test('publishing and scheduling are refused with what is missing, and nothing changes; once done, it publishes', async () => {
    const sub = (await b.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!.id;
    await desk.get('/admin/articles/new');
    const created = await desk.post('/admin/articles/', { headline: 'Checklist story', subsectionId: String(sub) });
    const id = Number(/\/admin\/articles\/(\d+)\//.exec(String(created.headers.location))?.[1]);
    const editorPage = parsePage((await desk.get(`/admin/articles/${id}/`)).body);
    assert.equal(editorPage.$('#checklist').attr('data-mode'), 'block');
    assert.equal(editorPage.$('#checklist li.todo').length, 4, 'summary, photo, photo text and tag are to do');
    for (const action of ['publish', 'schedule'] as const) {
      const res = await desk.request({ method: 'POST', url: `/admin/api/articles/${id}/workflow`, json: { version: 1, action, ...(action === 'schedule' ? { at: '2026-03-07T09:00' } : {}) } });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().error.code, 'BS_ERR_ARTICLE_CHECKLIST');
      assert.match(res.json().error.message, /a summary under the headline; a lead photo; lead photo alt text and credit; at least one tag/);
    }
    assert.equal((await b.services.storage.articles.findForEdit(id))!.status, 'draft');
    const media = (await b.services.storage.media.list('', { limit: 1, offset: 0 })).items[0]!;
    const tag = (await b.services.storage.tags.search('', 1))[0]!;
    const saved = await desk.request({
      method: 'PUT', url: `/admin/api/articles/${id}`,
      json: { version: 1, content: { headline: 'Checklist story', summary: 'Everything is in place.', bodyHtml: '<p>Body.</p>', dateline: '', subsectionId: sub, tagIds: [tag.id], authorIds: [desk.user!.authorId!], seriesId: null, leadMediaId: media.id, leadCaption: null, leadCredit: 'Staff', leadAlt: 'A view of the harbour', isTopStory: false } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const published = await desk.request({ method: 'POST', url: `/admin/api/articles/${id}/workflow`, json: { version: saved.json().version, action: 'publish' } });
    assert.equal(published.statusCode, 200, published.body);
  });
});
