import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { isBroadsheetError } from '../../src/core/errors.ts';

test('defaults: port 3000, SQLite file, Asia/Tokyo', () => {
  const c = loadConfig({}, '/srv/app');
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, 'sqlite:./data/broadsheet.db');
  assert.equal(c.timeZone, 'Asia/Tokyo');
  assert.equal(c.mediaDir, '/srv/app/data/media');
  assert.equal(c.publicUrl, 'http://localhost:3000');
  assert.equal(c.ranking.dedupeCapacity, 2_000_000);
  assert.equal(c.searchPhraseWindow, 2_000);
  assert.ok(Object.isFrozen(c));
});

test('settings come from the environment', () => {
  const c = loadConfig({ PORT: '8080', BROADSHEET_DATABASE_URL: 'postgres://u@h:5432/db', BROADSHEET_TIMEZONE: 'Europe/London', BROADSHEET_PUBLIC_URL: 'https://news.example.com/', BROADSHEET_DEMO: 'false', BROADSHEET_RANKING_DEDUPE_CAPACITY: '5000000' });
  assert.equal(c.port, 8080);
  assert.equal(c.ranking.dedupeCapacity, 5_000_000);
  assert.equal(c.databaseUrl, 'postgres://u@h:5432/db');
  assert.equal(c.timeZone, 'Europe/London');
  assert.equal(c.publicUrl, 'https://news.example.com');
  assert.equal(c.demo, false);
});

test('bad settings fail fast naming the variable', () => {
  const bad: Record<string, string>[] = [
    { PORT: 'eighty' },
    { PORT: '70000' },
    { BROADSHEET_DATABASE_URL: 'mysql://x' },
    { BROADSHEET_TIMEZONE: 'Mars/Olympus' },
    { BROADSHEET_PUBLIC_URL: 'news.example.com' },
    { BROADSHEET_DEMO: 'maybe' },
    { BROADSHEET_RANKING_DEDUPE_CAPACITY: '100' },
    { BROADSHEET_SEARCH_PHRASE_WINDOW: '0' },
  ];
  for (const env of bad) {
    const name = Object.keys(env)[0] as string;
    assert.throws(() => loadConfig(env), (e) => isBroadsheetError(e, 'BS_ERR_CONFIG_INVALID') && e.message.includes(name), name);
  }
});
