import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { importPage } from '../../src/core/import/import-page.ts';
import { parsePageText } from '../../src/core/import/page-text.ts';
import { EditionTime } from '../../src/core/time/edition-time.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { parsePage } from '../helpers/dom.ts';

const { dialects, missing } = await testDialects();
requires('reader site on postgres', { postgres: missing });

for (const dialect of dialects) {
  describe(`reader site over ${dialect.name}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ dialect });
    });
    after(async () => {
      await t.close();
    });

    test('home, section, sub-section, article, tag, series and author pages render from this database', async () => {
      const home = await t.app.inject('/');
      assert.equal(home.statusCode, 200);
      const article = /class="lead-headline"><a href="([^"]+)"/.exec(home.body)?.[1] as string;
      for (const url of ['/politics/', '/politics/politics-government/', article, '/tag/disasters/', '/series/the-coast-ten-years-on/', '/author/mika-tanabe/']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 200, url);
      }
      assert.match(parsePage((await t.app.inject(article)).body).text('h1'), /^Cabinet Approves Record/);
    });

    test('an article written by another process (the importer) appears on cached pages once the log is polled', async () => {
      const before = await t.app.inject('/society/general-news/');
      assert.doesNotMatch(before.body, /Harbor Bridge in Port Hakuro/);
      assert.equal((await t.app.inject('/society/general-news/')).headers.etag, before.headers.etag, 'served from the cache');

      // A second connection plays the import CLI: same database, different process state.
      const other = await openStorage(t.config.databaseUrl);
      try {
        const text = readFileSync(new URL('../fixtures/pages/harbor-bridge.txt', import.meta.url), 'utf8').replace('09:05 JST, March 3, 2026', '14:55 JST, March 6, 2026');
        const result = await importPage({ storage: other, time: new EditionTime('Asia/Tokyo'), now: () => t.clock.now() }, parsePageText(text, 'harbor-bridge.txt'), { section: 'society/general-news' });
        assert.equal(result.created, true);
      } finally {
        await other.close();
      }
      const stale = await t.app.inject('/society/general-news/');
      assert.doesNotMatch(stale.body, /Harbor Bridge in Port Hakuro/, 'not yet: the cache is exact until told');
      await t.services.invalidations.poll();
      const fresh = await t.app.inject('/society/general-news/');
      assert.match(fresh.body, /Harbor Bridge in Port Hakuro/);
      assert.match((await t.app.inject('/')).body, /Harbor Bridge in Port Hakuro/, 'home shows it in latest news');
      assert.match((await t.app.inject('/tag/transport/')).body, /Harbor Bridge in Port Hakuro/);
      // An unrelated page keeps its cached copy.
      const sports = await t.app.inject('/sports/');
      assert.equal((await t.app.inject('/sports/')).headers.etag, sports.headers.etag);
    });
  });
}
