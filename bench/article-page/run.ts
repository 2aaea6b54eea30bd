/**
 * bench/article-page: requests/s and latency for one article page, Broadsheet against nginx
 * serving the same bytes as a static file (and a bare Node http server writing them from
 * memory, Node's own ceiling), in one run. Servers are pinned to core 0 and wrk to core 1.
 *
 *   npm run bench:article-page            (10 s per server)
 *   BENCH_SECONDS=30 npm run bench:article-page
 *
 * Needs nginx (Debian nginx-light) and wrk; writes its section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { have, machineInfo, pinned, start, stop, waitFor, wrk, writeSection, type LoadResult } from '../lib/harness.ts';
import { subscriberPage } from './subscriber.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 6);
const PORTS = { broadsheet: 38_080, nginx: 38_081, node: 38_082, proxy: 38_083, scaled: [38_090, 38_091, 38_092, 38_093] };
/** Processes behind nginx in the scaled rows (PostgreSQL + Redis). */
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 2);
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Headers that differ per response and are not part of "the same bytes". */
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret!!';

async function main(): Promise<void> {
  for (const tool of ['nginx', 'wrk']) {
    if (!have(tool)) throw new Error(`${tool} is not installed: apt-get install -y nginx-light wrk`);
  }
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
  const children = [];
  const cleanup: (() => Promise<void>)[] = [];
  try {
    // 1. Broadsheet on a fresh demo edition (SQLite), one process on core 0.
    const [cmd, args] = pinned(0, process.execPath, ['dist/server.js']);
    const broadsheet = start(cmd, args, {
      ...process.env,
      PORT: String(PORTS.broadsheet),
      HOST: '127.0.0.1',
      BROADSHEET_DATABASE_URL: `sqlite:${join(work, 'bench.db')}`,
      BROADSHEET_MEDIA_DIR: join(work, 'media'),
      BROADSHEET_LOG_LEVEL: 'warn',
      BROADSHEET_SECRET: BENCH_SECRET,
      NODE_ENV: 'production',
    });
    children.push(broadsheet);
    const origin = `http://127.0.0.1:${PORTS.broadsheet}`;
    await waitFor(`${origin}/healthz`);
    const home = await (await fetch(`${origin}/`)).text();
    const path = /class="lead-headline"><a href="([^"]+)"/.exec(home)?.[1];
    if (!path) throw new Error('no lead article on the home page');
    const pageResponse = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const page = Buffer.from(await pageResponse.arrayBuffer());
    // Bare Node sends the same headers as well as the same body: byte for byte the same response.
    const pageHeaders: Record<string, string> = {};
    pageResponse.headers.forEach((value, name) => {
      if (!PER_RESPONSE.has(name)) pageHeaders[name] = value;
    });

    // 2. The same bytes as a static file behind nginx (one worker, core 0).
    const root = join(work, 'www');
    rmSync(root, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(root, { recursive: true }));
    writeFileSync(join(root, 'index.html'), page);
    const conf = join(work, 'nginx.conf');
    writeFileSync(
      conf,
      `worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid ${join(work, 'nginx.pid')};
error_log ${join(work, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${work};
  proxy_temp_path ${work};
  fastcgi_temp_path ${work};
  uwsgi_temp_path ${work};
  scgi_temp_path ${work};
  default_type text/html;
  server {
    listen 127.0.0.1:${PORTS.nginx};
    root ${root};
    location / { try_files /index.html =404; }
  }
}
`,
    );
    const nginx = start('nginx', ['-c', conf, '-p', work]);
    children.push(nginx);
    await waitFor(`http://127.0.0.1:${PORTS.nginx}/`);

    // 3. A bare Node http server writing the same bytes from memory (core 0).
    const nodeScript = join(work, 'bare-node.mjs');
    writeFileSync(
      nodeScript,
      `import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const body = readFileSync(${JSON.stringify(join(root, 'index.html'))});
const headers = ${JSON.stringify(Object.entries(pageHeaders).flat())};
createServer((req, res) => { res.writeHead(200, headers); res.end(body); })
  .listen(${PORTS.node}, '127.0.0.1');
`,
    );
    const [ncmd, nargs] = pinned(0, process.execPath, [nodeScript]);
    const bare = start(ncmd, nargs);
    children.push(bare);
    await waitFor(`http://127.0.0.1:${PORTS.node}/`);

    const results: [string, LoadResult][] = [];
    // A paid article for a subscriber: another demo article walled, a member with a complimentary plan, and their signed cookies.
    const subscriber = await subscriberPage({ databaseUrl: `sqlite:${join(work, 'bench.db')}`, origin, secret: BENCH_SECRET, avoid: path, work });
    const measure = async (name: string, url: string, script?: string) => {
      // Warm-up: long enough for V8 to finish optimizing the hot path (2 s left Broadsheet's first
      // seconds measurably slower than its steady state; bare Node's few lines settle at once).
      wrk(url, { core: 1, seconds: WARMUP_SECONDS, connections: CONNECTIONS, ...(script ? { script } : {}) });
      await sleep(500);
      const r = wrk(url, { core: 1, seconds: SECONDS, connections: CONNECTIONS, ...(script ? { script } : {}) });
      console.log(`${name}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors}`);
      results.push([name, r]);
    };
    await measure('nginx, static file', `http://127.0.0.1:${PORTS.nginx}/`);
    await measure('bare Node http, same bytes from memory', `http://127.0.0.1:${PORTS.node}/`);
    await measure('Broadsheet, article page (1 process, SQLite)', `${origin}${path}`);
    await measure('Broadsheet, paid article for a subscriber (1 process, SQLite)', `${origin}${subscriber.path}`, subscriber.script);
    // The single-process servers stop before the scaled ones start, so nothing else runs on core 0.
    await stop(broadsheet);
    await stop(bare);
    // 4. The scaled mode: Broadsheet processes over PostgreSQL and Redis behind nginx (all on core 0).
    const schema = `bench_page_${process.pid}`;
    const scaledEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      BROADSHEET_DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`,
      BROADSHEET_REDIS_URL: REDIS_URL,
      BROADSHEET_REDIS_PREFIX: `${schema}:`,
      BROADSHEET_SECRET: 'bench-secret-bench-secret-bench-secret!!',
      BROADSHEET_MEDIA_DIR: join(work, 'media-scaled'),
      BROADSHEET_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    const scaledPorts = PORTS.scaled.slice(0, PROCESSES);
    for (const port of scaledPorts) {
      // One at a time: the first seeds the demo edition, the others find it there.
      const [scmd, sargs] = pinned(0, process.execPath, ['dist/server.js']);
      const child = start(scmd, sargs, { ...scaledEnv, PORT: String(port) });
      children.push(child);
      await waitFor(`http://127.0.0.1:${port}/healthz`, 120_000);
    }
    const scaledPath = /class="lead-headline"><a href="([^"]+)"/.exec(await (await fetch(`http://127.0.0.1:${scaledPorts[0]}/`)).text())?.[1];
    if (!scaledPath) throw new Error('no lead article on the scaled home page');
    const proxyConf = (ports: readonly number[], listen: number, name: string) => {
      const file = join(work, `${name}.conf`);
      writeFileSync(
        file,
        `worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid ${join(work, `${name}.pid`)};
error_log ${join(work, `${name}-error.log`)} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${work};
  proxy_temp_path ${work};
  fastcgi_temp_path ${work};
  uwsgi_temp_path ${work};
  scgi_temp_path ${work};
  upstream broadsheet { ${ports.map((p) => `server 127.0.0.1:${p};`).join(' ')} keepalive 64; }
  server {
    listen 127.0.0.1:${listen};
    location / { proxy_pass http://broadsheet; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; }
  }
}
`,
      );
      return file;
    };
    const proxyOne = start('nginx', ['-c', proxyConf(scaledPorts.slice(0, 1), PORTS.proxy, 'proxy-one'), '-p', work]);
    children.push(proxyOne);
    const proxyAll = start('nginx', ['-c', proxyConf(scaledPorts, PORTS.proxy + 100, 'proxy-all'), '-p', work]);
    children.push(proxyAll);
    await waitFor(`http://127.0.0.1:${PORTS.proxy}/healthz`);
    await waitFor(`http://127.0.0.1:${PORTS.proxy + 100}/healthz`);

    cleanup.push(async () => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });
    await measure('Broadsheet, 1 process (PostgreSQL + Redis) behind nginx', `http://127.0.0.1:${PORTS.proxy}${scaledPath}`);
    await measure(`Broadsheet, ${PROCESSES} processes (PostgreSQL + Redis) behind nginx`, `http://127.0.0.1:${PORTS.proxy + 100}${scaledPath}`);
    const nginxRps = results[0]?.[1].requestsPerSecond ?? Number.NaN;
    const nodeRps = results[1]?.[1].requestsPerSecond ?? Number.NaN;
    const rows = results.map(
      ([name, r]) =>
        `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${(r.requestsPerSecond / nginxRps).toFixed(2)} | ${(r.requestsPerSecond / nodeRps).toFixed(2)} | ${r.errors} |`,
    );
    writeSection(
      'article-page',
      `## Article page: Broadsheet against a static file

\`npm run bench:article-page\` (bench/article-page/run.ts). One article page of the demo edition
(${(page.length / 1024).toFixed(1)} KB of HTML, uncompressed: the client sends no Accept-Encoding), served by each
server in turn from core 0 while wrk drives it from core 1 with ${CONNECTIONS} connections for ${SECONDS} s after a ${WARMUP_SECONDS} s
warm-up. nginx serves the page Broadsheet rendered, saved as a file; bare Node writes the same response (headers
and body) from memory: Node's own ceiling. Broadsheet answers from its render cache through the fast path
(docs/decisions/011-fast-path.md). The subscriber row requests a paid article with a subscriber's session and
signed entitlement cookies (${(subscriber.bytes / 1024).toFixed(1)} KB, the full variant): the fast path verifies the cookie's HMAC and picks
the full rendering from the cache, with no database call. The scaled rows run Broadsheet over PostgreSQL and Redis behind an nginx proxy,
every server process on the same core 0 (the machine has two cores and the load generator needs one), so they
show the proxy's cost and that processes share one edition, not scaling; on a machine with spare cores, give each
process its own.

${machineInfo().join('\n')}

| server | requests/s | p50 ms | p99 ms | ÷ nginx | ÷ bare Node | errors |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Targets: the live article page at ≥ 90 % of bare Node's requests/s: ${(results[2]?.[1].requestsPerSecond ?? 0) / nodeRps >= 0.9 ? 'met' : '**missed**'} (${(((results[2]?.[1].requestsPerSecond ?? 0) / nodeRps) * 100).toFixed(0)} %); a subscriber's paid article at ≥ 80 %: ${(results[3]?.[1].requestsPerSecond ?? 0) / nodeRps >= 0.8 ? 'met' : '**missed**'} (${(((results[3]?.[1].requestsPerSecond ?? 0) / nodeRps) * 100).toFixed(0)} %). Bare Node writes the anonymous page's bytes; the subscriber's page is ${(subscriber.bytes / 1024).toFixed(1)} KB against ${(page.length / 1024).toFixed(1)} KB.`,
    );
    console.log('wrote docs/benchmarks.md');
  } finally {
    for (const c of children.reverse()) await stop(c);
    for (const task of cleanup) await task().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
