import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { actorOf } from '../../src/core/access/types.ts';

let t: TestApp;
let editor: AdminClient;
let contributor: AdminClient;
before(async () => {
  t = await startTestApp();
  editor = await signedIn(t.app, t.services, 'editor', 'Media Editor');
  contributor = await signedIn(t.app, t.services, 'contributor', 'Media Contributor');
});
after(async () => {
  await t.close();
});

const png = (colour: string) => sharp({ create: { width: 1000, height: 600, channels: 3, background: colour } }).png().toBuffer();

function multipart(bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----replace';
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="new.png"\r\nContent-Type: image/png\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the media library', () => {
  test('filters (missing alt text, mine) and bulk edit; a contributor cannot bulk-edit others’ photos, and a refused bulk edit changes none', async () => {
    const me = (await t.services.storage.users.findByEmail(editor.user!.email))!;
    const a = await t.services.newsroom.uploadMedia(actorOf(me), await png('#112233'), { caption: 'Quay', credit: '', alt: '' });
    const b = await t.services.newsroom.uploadMedia(actorOf(me), await png('#445566'), { caption: 'Pier', credit: '', alt: 'A pier' });
    const missing = parsePage((await editor.get('/admin/media/?filter=no-alt')).body);
    const shownIds = missing.attrs('.focal-picker', 'data-media-id').map(Number);
    assert.ok(shownIds.includes(a.id) && !shownIds.includes(b.id));
    const mine = parsePage((await editor.get('/admin/media/?filter=mine')).body).attrs('.focal-picker', 'data-media-id').map(Number).sort();
    assert.deepEqual(mine, [a.id, b.id].sort());
    await assertValidHtml((await editor.get('/admin/media/')).body, 'media library');

    await contributor.get('/admin/media/');
    const refused = await contributor.post('/admin/media/bulk', { 'ids[]': [String(a.id)], caption: '', credit: 'Hijack', alt: '' });
    assert.equal(refused.statusCode, 403);
    assert.equal((await t.services.storage.media.findById(a.id))?.credit, '');

    await editor.get('/admin/media/');
    const bulk = await editor.post('/admin/media/bulk', { 'ids[]': [String(a.id), String(b.id)], caption: '', credit: 'Staff photographer', alt: '' });
    assert.equal(bulk.statusCode, 200);
    assert.equal((await t.services.storage.media.findById(a.id))?.credit, 'Staff photographer');
    assert.equal((await t.services.storage.media.findById(b.id))?.credit, 'Staff photographer');
    assert.equal((await t.services.storage.media.findById(b.id))?.alt, 'A pier', 'an empty field leaves each photo’s own');
    assert.equal((await editor.post('/admin/media/bulk', { caption: '', credit: 'x', alt: '' })).statusCode, 422, 'nothing ticked');
  });

  test('replacing a file keeps the photo: the lead photo and the photo in the body show the new file', async () => {
    const me = (await t.services.storage.users.findByEmail(editor.user!.email))!;
    const actor = actorOf(me);
    const photo = await t.services.newsroom.uploadMedia(actor, await png('#aa0000'), { caption: 'Old', credit: 'Staff', alt: 'A red square' });
    const sub = (await t.services.storage.sections.listAll()).find((s) => s.path === 'society/general-news')!;
    const { id } = await t.services.newsroom.createDraft(actor, { headline: 'Colours of the harbour', subsectionId: sub.id });
    const variant = photo.variants[0]!;
    const body = `<p>Intro.</p><figure class="photo" data-media-id="${photo.id}"><img src="/media/${variant.key}" alt="A red square"><figcaption>Old</figcaption></figure>`;
    const saved = await t.services.newsroom.saveArticle(actor, {
      articleId: id, baseVersion: 1, mode: 'save',
      content: { headline: 'Colours of the harbour', summary: 'Red.', bodyHtml: body, dateline: '', subsectionId: sub.id, tagIds: [], authorIds: [me.authorId!], seriesId: null, leadMediaId: photo.id, leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false },
    });
    await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: saved.version, action: 'publish' });
    const live = (await t.services.storage.articles.findPublished(id))!;
    const path = `/society/general-news/${t.services.time.dateKey(live.publishedAt)}-${id}/`;
    const before = parsePage((await t.app.inject({ url: path })).body);
    assert.equal(before.$('.story-body figure.photo img').attr('alt'), 'A red square');

    await editor.get('/admin/media/');
    const up = multipart(await png('#0000aa'));
    const res = await editor.request({ method: 'POST', url: `/admin/media/${photo.id}/replace?_csrf=${encodeURIComponent(editor.csrf)}`, payload: up.payload, headers: up.headers, withCsrf: false });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const replaced = (await t.services.storage.media.findById(photo.id))!;
    assert.notEqual(replaced.key, photo.key);
    assert.equal(replaced.caption, 'Old', 'the text stays');
    const after = parsePage((await t.app.inject({ url: path })).body);
    const inline = after.$('.story-body figure.photo img');
    assert.match(inline.attr('src') ?? '', new RegExp(replaced.key.replace(/\.[a-z]+$/, '')), 'the body’s photo shows the new file');
    assert.equal(inline.attr('alt'), 'A red square');
    assert.ok(after.attrs('img', 'src').some((s) => s.includes(replaced.key.replace(/\.[a-z]+$/, ''))), 'the lead photo too');
    const again = multipart(await png('#0000aa'));
    const dup = await editor.request({ method: 'POST', url: `/admin/media/${photo.id}/replace?_csrf=${encodeURIComponent(editor.csrf)}`, payload: again.payload, headers: again.headers, withCsrf: false });
    assert.equal(dup.statusCode, 422, 'the same file again is refused (it is already that photo)');
  });
});
