/**
 * Account enumeration by timing on "forgot password" (issue 15, finding 5): is the answer for an
 * address with an account any slower than for one without?
 *
 *   npm run bench:reset-timing
 *
 * Starts a real server on a fresh SQLite database with 1,000 accounts, then sends 800 reset requests
 * from this process (a client apart from the server, as an attacker would be), known and unknown
 * addresses in random order, each from its own forwarded address so the per-address limit does not
 * interfere, paced (BENCH_PACE_MS, default 10) so each request meets a server that has finished the
 * previous one. Reports the
 * quartiles of both, and the probability that a known address's answer is slower than an unknown
 * one's (0.5: indistinguishable; the tester's 88 % separation would be about 0.9). Writes the figures
 * into docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuthService } from '../../src/core/access/auth-service.ts';
import { LogMailer } from '../../src/storage/mail/log-mailer.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { machineInfo, start, stop, waitFor, writeSection } from '../lib/harness.ts';

const PORT = Number(process.env.BENCH_PORT ?? 38_300);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const ACCOUNTS = 1000;
const REQUESTS = 800;
const WARMUP = 100;

function quartiles(values: number[]): [number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))] as number;
  return [at(0.25), at(0.5), at(0.75)];
}

/** P(a known answer is slower than an unknown one), ties counted half (the Mann–Whitney statistic). */
function separation(known: number[], unknown: number[]): number {
  let wins = 0;
  for (const k of known) for (const u of unknown) wins += k > u ? 1 : k === u ? 0.5 : 0;
  return wins / (known.length * unknown.length);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-reset-timing-'));
  const databaseUrl = `sqlite:${join(work, 'site.db')}`;
  const storage = await openStorage(databaseUrl);
  const auth = new AuthService({ storage, clock: { now: () => Date.now() }, mailer: new LogMailer(() => undefined), publicUrl: ORIGIN });
  const { user: admin } = await auth.bootstrapAdmin({ email: 'bench-admin@example.com', name: 'Bench Admin', password: 'bench admin passphrase 2026' });
  const emails: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) emails.push((await auth.createUser(admin, { email: `known${i}@example.com`, name: `Known ${i}`, role: 'writer' })).user.email);
  await storage.close();

  const server = start(process.execPath, ['dist/server.js'], {
    ...process.env,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    BROADSHEET_DATABASE_URL: databaseUrl,
    BROADSHEET_MEDIA_DIR: join(work, 'media'),
    BROADSHEET_PUBLIC_URL: ORIGIN,
    BROADSHEET_DEMO: 'false',
    BROADSHEET_LOG_LEVEL: 'warn',
    BROADSHEET_TRUST_PROXY_HOPS: '1',
  });
  try {
    await waitFor(`${ORIGIN}/healthz`);
    const page = await fetch(`${ORIGIN}/admin/reset`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = (/name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '').replaceAll('&amp;', '&');
    const times = { known: [] as number[], unknown: [] as number[] };
    let nextKnown = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const kind = Math.random() < 0.5 && nextKnown < emails.length ? 'known' : 'unknown';
      const email = kind === 'known' ? (emails[nextKnown++] as string) : `nobody${i}@example.com`;
      const started = process.hrtime.bigint();
      const res = await fetch(`${ORIGIN}/admin/reset`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.${i >> 8}.${i & 255}.1` },
        body: new URLSearchParams({ email, _csrf: csrf }).toString(),
      });
      await res.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (res.status !== 200) throw new Error(`reset request ${i} answered ${res.status}`);
      if (i >= WARMUP) times[kind].push(ms);
      // The server finishes the previous request's mail before the next arrives.
      await sleep(Number(process.env.BENCH_PACE_MS ?? 10));
    }
    const [k25, k50, k75] = quartiles(times.known);
    const [u25, u50, u75] = quartiles(times.unknown);
    const p = separation(times.known, times.unknown);
    const lines = [
      '## "Forgot password": answer time with and without an account',
      '',
      'Issue 15, finding 5. `npm run bench:reset-timing`: a server process on SQLite with 1,000 accounts; this process',
      `sends ${REQUESTS} reset requests over HTTP (known and unknown addresses in random order, ${WARMUP} discarded as`,
      'warm-up, 10 ms apart). The request only queues the address; a timer handles the queue (decision 013).',
      '',
      ...machineInfo(),
      '',
      '| address | requests | p25 | median | p75 |',
      '|---|---|---|---|---|',
      `| has an account | ${times.known.length} | ${k25.toFixed(2)} ms | ${k50.toFixed(2)} ms | ${k75.toFixed(2)} ms |`,
      `| has none | ${times.unknown.length} | ${u25.toFixed(2)} ms | ${u50.toFixed(2)} ms | ${u75.toFixed(2)} ms |`,
      '',
      `Chance that a known address's answer is the slower of a pair: **${(p * 100).toFixed(1)} %** (50 % means the times tell`,
      'nothing; the hostile tester separated known addresses 88 % of the time before the change). Median difference',
      `${(k50 - u50).toFixed(2)} ms.`,
    ];
    writeSection('reset-timing', lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await stop(server);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
