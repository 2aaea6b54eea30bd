import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { embedFor, FRAME_ORIGINS } from '../../src/core/content/embeds.ts';
import { rawHtmlOnlyKept } from '../../src/core/content/raw-html.ts';
import { sanitizeBody } from '../../src/core/content/sanitize.ts';
import { oldAddress } from '../../src/core/pages/redirects.ts';
import { menuHref } from '../../src/core/pages/menus.ts';

/*
 * The classes behind issue 17's cases, with generated inputs: no address, however built, frames a
 * player outside our table; no figure markup keeps a sender's player address; a writer cannot change
 * raw HTML however it is dressed; redirect and menu addresses never lead off-site by accident.
 */
const hosts = fc.constantFrom('www.youtube.com', 'youtu.be', 'vimeo.com', 'x.com', 'www.instagram.com', 'www.tiktok.com', 'www.facebook.com', 'www.google.com', 'flo.uri.sh', 'datawrapper.dwcdn.net', 'soundcloud.com', 'open.spotify.com', 'evil.example', 'www.youtube.com.evil.example', 'localhost');
const address = fc.oneof(
  fc.tuple(fc.constantFrom('https://', 'http://', 'javascript:', '//', 'https://user:pw@', 'data:'), hosts, fc.constantFrom('', ':8443'), fc.webPath(), fc.webQueryParameters()).map(([s, h, p, path, q]) => `${s}${h}${p}${path}${q ? `?${q}` : ''}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
);

test('any address: an embed, when there is one, plays only from a player origin in the CSP, over https', () => {
  fc.assert(
    fc.property(address, (a) => {
      const embed = embedFor(a);
      if (!embed) return;
      const src = new URL(embed.src);
      assert.equal(src.protocol, 'https:');
      assert.ok(FRAME_ORIGINS.includes(src.origin), embed.src);
      assert.equal(new URL(embed.url).protocol, 'https:');
    }),
    { numRuns: 3000 },
  );
});

test('any figure markup: the stored player address is the table’s, never the sender’s, and sanitizing is a fixed point', () => {
  const attr = fc.string().map((s) => s.replace(/"/g, '&quot;'));
  fc.assert(
    fc.property(address, attr, fc.constantFrom('embed', 'photo', 'embed photo', 'x'), (a, forged, cls) => {
      const html = sanitizeBody(`<figure class="${cls}" data-embed="${a.replace(/"/g, '&quot;')}" data-embed-src="${forged}" data-provider="${forged}"><a href="https://example.org/">x</a></figure>`);
      const kept = /data-embed-src="([^"]*)"/.exec(html)?.[1];
      if (kept !== undefined) assert.ok(FRAME_ORIGINS.includes(new URL(kept.replace(/&amp;/g, '&')).origin), html);
      assert.equal(sanitizeBody(html), html);
    }),
    { numRuns: 2000 },
  );
});

test('a writer’s body passes the raw-HTML rule only when its raw blocks are the editor’s, unchanged', () => {
  const block = fc.string({ minLength: 1, maxLength: 20 }).map((t) => sanitizeBody(`<div class="raw-html"><span class="g-x">${t.replace(/[<&]/g, '')}</span></div>`)).filter((b) => b.includes('raw-html'));
  fc.assert(
    fc.property(fc.array(block, { maxLength: 3 }), fc.array(block, { maxLength: 3 }), fc.string({ maxLength: 30 }), (editor, writer, prose) => {
      const previous = sanitizeBody(`<p>intro</p>${editor.join('')}`);
      const next = sanitizeBody(`<p>${prose.replace(/[<&]/g, '')}</p>${writer.join('')}`);
      const available = [...editor];
      const subset = writer.every((b) => {
        const at = available.indexOf(b);
        if (at === -1) return false;
        available.splice(at, 1);
        return true;
      });
      assert.equal(rawHtmlOnlyKept(previous, next), subset);
    }),
    { numRuns: 2000 },
  );
});

test('redirect and menu addresses: accepted ones stay on this site or go to https, never to another host by a trick', () => {
  fc.assert(
    fc.property(fc.oneof(address, fc.webPath(), fc.string().map((s) => `/${s}`)), (a) => {
      const from = oldAddress(a);
      if (from !== undefined) {
        assert.ok(from.startsWith('/') && !from.startsWith('//'), from);
        assert.equal(new URL(from, 'https://news.example').host, 'news.example', from);
      }
      const href = menuHref(a);
      if (href !== undefined) {
        const url = new URL(href, 'https://news.example');
        assert.ok(href.startsWith('https://') || url.host === 'news.example', href);
      }
    }),
    { numRuns: 3000 },
  );
});
