/**
 * Search latency on a large edition, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).
 *
 *   npm run bench:search            (BENCH_SEARCH_ARTICLES=100000 by default)
 *
 * For each database: the demo edition plus generated articles over two years (bench/lib), the
 * search index built from scratch (timed), then a fixed mix of reader queries run through the
 * reader service exactly as /search/ runs them: the search, then the page's article summaries.
 * Writes its section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import type { SearchParams } from '../../src/core/reader/reader-pages.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { createServices } from '../../src/services.ts';
import { LocalMediaFiles } from '../../src/storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../../src/storage/media/sharp-image-processor.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { generateArticles, prng, WORDS } from '../lib/generate-articles.ts';
import { machineInfo, writeSection } from '../lib/harness.ts';

const ARTICLES = Number(process.env.BENCH_SEARCH_ARTICLES ?? 100_000);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PER_CLASS = 40;
const TARGET_P95_MS = 20;
const DAY = 86_400_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The query mix: what readers type, from one common word to a filtered phrase, page 1 and beyond. */
function queryClasses(dayKey: (at: number) => string, now: number, seed: number): { name: string; queries: SearchParams[] }[] {
  const random = prng(seed);
  const pick = (from: number, to: number) => WORDS[from + Math.floor(random() * (to - from))] as string;
  const many = (make: () => SearchParams) => Array.from({ length: PER_CLASS }, make);
  const day = (at: number) => {
    const k = dayKey(at);
    return `${k.slice(0, 4)}-${k.slice(4, 6)}-${k.slice(6)}`;
  };
  return [
    { name: 'one common word (in most articles)', queries: many(() => ({ q: pick(0, 30) })) },
    { name: 'one newsroom word ("earthquake")', queries: many(() => ({ q: pick(100, 340) })) },
    { name: 'one rare word (a name)', queries: many(() => ({ q: pick(2_000, WORDS.length) })) },
    { name: 'two words', queries: many(() => ({ q: `${pick(30, 340)} ${pick(30, 340)}` })) },
    { name: 'a quoted phrase', queries: many(() => ({ q: `"${pick(0, 60)} ${pick(0, 60)}"` })) },
    { name: 'two words, newest first', queries: many(() => ({ q: `${pick(30, 340)} ${pick(30, 340)}`, order: 'newest' })) },
    { name: 'one word in a section', queries: many(() => ({ q: pick(30, 340), section: ['politics', 'business', 'society', 'world', 'sports'][Math.floor(random() * 5)] as string })) },
    { name: 'one word, last 30 days', queries: many(() => ({ q: pick(30, 340), from: day(now - 30 * DAY), to: day(now) })) },
    { name: 'one common word, page 5', queries: many(() => ({ q: pick(0, 30), page: 5 })) },
  ];
}

interface DialectResult {
  name: string;
  build: { articles: number; ms: number };
  classes: { name: string; p50: number; p95: number; max: number; meanHits: number }[];
  overall: { p50: number; p95: number; max: number; count: number };
}

async function runDialect(name: 'SQLite' | 'PostgreSQL', url: string, work: string): Promise<DialectResult> {
  const now = Date.now();
  console.log(`${name}: generating ${fmt(ARTICLES)} articles ...`);
  const storage = await openStorage(url);
  await seedDemo({ storage, files: new LocalMediaFiles(join(work, `media-${name}`)), processor: new SharpImageProcessor(), now });
  await generateArticles(storage, { count: ARTICLES, now, days: 730, seed: 5 });
  console.log(`${name}: building the search index ...`);
  const t0 = performance.now();
  const indexed = await storage.transaction((tx) => tx.search.rebuild());
  const buildMs = performance.now() - t0;
  console.log(`${name}: indexed ${fmt(indexed)} articles in ${(buildMs / 1000).toFixed(1)} s`);
  // Fresh statistics and visibility maps, as a live site has them (SQLite: the optimize run at start
  // and hourly; PostgreSQL: autovacuum, which would also vacuum the freshly loaded tables).
  await storage.optimize();
  if (name === 'PostgreSQL') {
    await sql`analyze`.execute(storage.connection.db);
    for (const table of ['articles', 'article_search', 'article_search_text']) await sql`vacuum ${sql.table(table)}`.execute(storage.connection.db);
    // The load wrote about a gigabyte; a live site is not in the middle of flushing that to disk, so
    // the measurement should not be either (a checkpoint needs the pg_checkpoint role: best effort).
    await sql`checkpoint`.execute(storage.connection.db).catch((err: unknown) => console.log(`PostgreSQL: no checkpoint before measuring (${(err as Error).message})`));
  }

  const config = loadConfig({ BROADSHEET_DATABASE_URL: url, BROADSHEET_MEDIA_DIR: join(work, `media-${name}`), BROADSHEET_SECRET: 'bench-secret-bench-secret-bench-secret!!' });
  const services = createServices(config, storage, 'bench-secret-bench-secret-bench-secret!!');
  const classes = queryClasses((at) => services.time.dateKey(at), now, 11);
  // Warm-up: the same mix of different queries, once, so that what is measured is a process that has
  // been serving searches (compiled code, pooled connections, the database's buffers of the newest
  // articles and of the index), not one starting up; the measured queries themselves are new to it.
  for (const c of queryClasses((at) => services.time.dateKey(at), now, 12)) for (const q of c.queries) await services.reader.search(q);

  const all: number[] = [];
  const out: DialectResult['classes'] = [];
  for (const c of classes) {
    const times: number[] = [];
    let hits = 0;
    for (const q of c.queries) {
      const start = performance.now();
      const page = await services.reader.search(q);
      times.push(performance.now() - start);
      hits += page.total;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    const row = { name: c.name, p50: pct(times, 50), p95: pct(times, 95), max: times.at(-1) ?? 0, meanHits: hits / c.queries.length };
    out.push(row);
    console.log(`${name}: ${c.name}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ~${fmt(row.meanHits)} matches`);
  }
  all.sort((a, b) => a - b);
  await storage.close();
  return { name, build: { articles: indexed, ms: buildMs }, classes: out, overall: { p50: pct(all, 50), p95: pct(all, 95), max: all.at(-1) ?? 0, count: all.length } };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-bench-search-'));
  const schema = `bench_search_${process.pid}`;
  const results: DialectResult[] = [];
  try {
    results.push(await runDialect('SQLite', `sqlite:${join(work, 'search.db')}`, work));
    results.push(await runDialect('PostgreSQL', `${POSTGRES_URL}?schema=${schema}`, work));
  } finally {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect().then(() => client.query(`drop schema if exists ${schema} cascade`)).catch(() => undefined);
    await client.end().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }

  const pgVersion = await (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    const v = (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?';
    await client.end();
    return v;
  })();
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const ok = (v: number) => (v <= TARGET_P95_MS ? 'met' : '**missed**');
  const [sqlite, postgres] = results as [DialectResult, DialectResult];
  const markdown = `
## Search: query latency on ${fmt(ARTICLES)} articles

\`npm run bench:search\` (bench/search/run.ts). The demo edition plus ${fmt(ARTICLES)} generated articles over two years
(about 300 words each, drawn from newsroom words and a 20,000-word tail with Zipf-distributed frequencies, so a few
words are in nearly every article and most are rare). Each query runs through the reader service as \`/search/\`
runs it: the search (matches, order, snippet, total) and the page's article summaries; ${PER_CLASS} different queries
per kind, after a warm-up of as many other queries of the same kinds. One process, one connection; the database on the same machine.

${machineInfo().join('\n')}
- PostgreSQL ${pgVersion}

| | SQLite (FTS5) | PostgreSQL (tsvector + GIN) |
|---|---|---|
| index built from scratch (${fmt(sqlite.build.articles)} articles) | ${(sqlite.build.ms / 1000).toFixed(1)} s | ${(postgres.build.ms / 1000).toFixed(1)} s |
${sqlite.classes.map((c, i) => {
  const p = postgres.classes[i] as DialectResult['classes'][number];
  return `| ${c.name}: p50 / p95 (matches) | ${ms(c.p50)} / ${ms(c.p95)} (~${fmt(c.meanHits)}) | ${ms(p.p50)} / ${ms(p.p95)} (~${fmt(p.meanHits)}) |`;
}).join('\n')}
| **all ${fmt(sqlite.overall.count)} queries: p50 / p95 / max** | **${ms(sqlite.overall.p50)} / ${ms(sqlite.overall.p95)}** / ${ms(sqlite.overall.max)} | **${ms(postgres.overall.p50)} / ${ms(postgres.overall.p95)}** / ${ms(postgres.overall.max)} |
| target: p95 ≤ ${TARGET_P95_MS} ms | ${ok(sqlite.overall.p95)} | ${ok(postgres.overall.p95)} |
`;
  writeSection('search', markdown);
  console.log('wrote docs/benchmarks.md');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
