/**
 * Lighthouse on the reader pages (home, a section, an article, a search) and on the newsroom's
 * article editor (signed in as an editor created for the run), in Debian's Chromium.
 *
 *   npm run lighthouse
 *
 * Starts the demo edition on a fresh SQLite database, runs Lighthouse 12.8.2 (fetched by npx on
 * first use, not a project dependency: it is 185 MB and breaks `npm ci`, see the stack notes)
 * with its default mobile emulation and simulated throttling, and writes the four category scores
 * per page, with every audit that did not pass, into docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineInfo, start, stop, waitFor, writeSection } from '../lib/harness.ts';

const PORT = Number(process.env.BENCH_PORT ?? 38_200);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const LIGHTHOUSE = 'lighthouse@12.8.2';
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Report {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { title: string; score: number | null; scoreDisplayMode: string }>;
  runtimeError?: { message: string };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-lighthouse-'));
  const env = {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    BROADSHEET_DATABASE_URL: `sqlite:${join(work, 'site.db')}`,
    BROADSHEET_MEDIA_DIR: join(work, 'media'),
    BROADSHEET_PUBLIC_URL: ORIGIN,
    BROADSHEET_LOG_LEVEL: 'warn',
  };
  const server = start(process.execPath, ['dist/server.js'], env);
  try {
    await waitFor(`${ORIGIN}/healthz`);
    // An account to open the editor with: created by the CLI, signed in over HTTP like a browser.
    execFileSync(process.execPath, ['dist/user.js', 'create', '--email', 'desk@example.com', '--name', 'Desk Editor', '--password-stdin'], { env, input: `${PASSWORD}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
    const cookie = await signIn('desk@example.com', PASSWORD);
    const list = await (await fetch(`${ORIGIN}/admin/articles/?status=published`, { headers: { cookie } })).text();
    const editorPath = /href="(\/admin\/articles\/\d+\/)"/.exec(list)?.[1];
    if (!editorPath) throw new Error('no article in the newsroom list');
    const home = await (await fetch(`${ORIGIN}/`)).text();
    const article = /href="(\/[a-z-]+\/[a-z-]+\/\d{8}-\d+\/)"/.exec(home)?.[1];
    if (!article) throw new Error('no article link on the home page');
    const pages = [
      ['home', '/'],
      ['section', '/politics/'],
      ['article', article],
      ['search', '/search/?q=minister'],
      ['editor (newsroom)', editorPath],
    ] as const;
    const rows: string[] = [];
    const findings: string[] = [];
    for (const [name, path] of pages) {
      const out = join(work, `${name}.json`);
      console.log(`lighthouse: ${name} (${path}) ...`);
      execFileSync(
        'npx',
        [
          '--yes', LIGHTHOUSE, `${ORIGIN}${path}`, '--output=json', `--output-path=${out}`, `--chrome-flags=${CHROME_FLAGS}`, `--only-categories=${CATEGORIES.join(',')}`, '--quiet',
          ...(path.startsWith('/admin/') ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
        ],
        { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      if (report.runtimeError) throw new Error(`${name}: ${report.runtimeError.message}`);
      const scores = CATEGORIES.map((c) => Math.round((report.categories[c]?.score ?? 0) * 100));
      rows.push(`| ${name} (\`${path}\`) | ${scores.join(' | ')} |`);
      console.log(`lighthouse: ${name}: ${CATEGORIES.map((c, i) => `${c} ${scores[i]}`).join(', ')}`);
      for (const c of CATEGORIES) {
        for (const ref of report.categories[c]?.auditRefs ?? []) {
          const audit = report.audits[ref.id];
          if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 0.9 || audit.scoreDisplayMode === 'informative') continue;
          findings.push(`- ${name}, ${c}: ${audit.title} (\`${ref.id}\`, score ${Math.round(audit.score * 100)})`);
        }
      }
    }
    writeSection(
      'lighthouse',
      `
## Lighthouse: reader pages and the editor

\`npm run lighthouse\` (bench/lighthouse/run.ts): ${LIGHTHOUSE} in Debian's Chromium against the demo edition on
SQLite, default mobile emulation with simulated throttling.

${machineInfo().join('\n')}
- Chromium: ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()}

| page | performance | accessibility | best practices | SEO |
|---|---|---|---|---|
${rows.join('\n')}

${findings.length > 0 ? `Audits below 90 that carry weight:\n\n${findings.join('\n')}` : 'Every weighted audit scored 90 or more.'}

The editor is signed in (a session cookie sent with every request); it is \`noindex\` and
\`no-store\` like every newsroom page, so its SEO and caching audits say little; its accessibility score is
the one the newsroom is held to (at least 95).

The search page is \`noindex\` (and \`Disallow\`ed in robots.txt) on purpose: result pages are endless
near-duplicates that search engines should not index, so Lighthouse's "page is blocked from indexing"
audit is expected to fail there.
`,
    );
    console.log('wrote docs/benchmarks.md');
  } finally {
    await stop(server);
    rmSync(work, { recursive: true, force: true });
  }
}

const PASSWORD = 'lighthouse run passphrase';

/** Signs in as a browser would (login page for the CSRF token and cookie, then the form); returns the Cookie header. */
async function signIn(email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = (pair ?? '').indexOf('=');
      if (at > 0) jar.set((pair as string).slice(0, at), (pair as string).slice(at + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${ORIGIN}/admin/login`);
  keep(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${ORIGIN}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  keep(res);
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return header();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
