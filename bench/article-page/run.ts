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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORTS = { broadsheet: 38_080, nginx: 38_081, node: 38_082 };

async function main(): Promise<void> {
  for (const tool of ['nginx', 'wrk']) {
    if (!have(tool)) throw new Error(`${tool} is not installed: apt-get install -y nginx-light wrk`);
  }
  const work = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
  const children = [];
  try {
    // 1. Broadsheet on a fresh demo edition (SQLite), one process on core 0.
    const [cmd, args] = pinned(0, process.execPath, ['--import', 'tsx', 'src/server.ts']);
    const broadsheet = start(cmd, args, {
      ...process.env,
      PORT: String(PORTS.broadsheet),
      HOST: '127.0.0.1',
      BROADSHEET_DATABASE_URL: `sqlite:${join(work, 'bench.db')}`,
      BROADSHEET_MEDIA_DIR: join(work, 'media'),
      BROADSHEET_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    });
    children.push(broadsheet);
    const origin = `http://127.0.0.1:${PORTS.broadsheet}`;
    await waitFor(`${origin}/healthz`);
    const home = await (await fetch(`${origin}/`)).text();
    const path = /class="lead-headline"><a href="([^"]+)"/.exec(home)?.[1];
    if (!path) throw new Error('no lead article on the home page');
    const page = Buffer.from(await (await fetch(`${origin}${path}`)).arrayBuffer());

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
createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }); res.end(body); })
  .listen(${PORTS.node}, '127.0.0.1');
`,
    );
    const [ncmd, nargs] = pinned(0, process.execPath, [nodeScript]);
    const bare = start(ncmd, nargs);
    children.push(bare);
    await waitFor(`http://127.0.0.1:${PORTS.node}/`);

    const targets: [string, string][] = [
      ['nginx, static file', `http://127.0.0.1:${PORTS.nginx}/`],
      ['bare Node http, bytes from memory', `http://127.0.0.1:${PORTS.node}/`],
      ['Broadsheet, article page (1 process, SQLite)', `${origin}${path}`],
    ];
    const results: [string, LoadResult][] = [];
    for (const [name, url] of targets) {
      wrk(url, { core: 1, seconds: 2, connections: CONNECTIONS }); // warm-up
      await sleep(500);
      const r = wrk(url, { core: 1, seconds: SECONDS, connections: CONNECTIONS });
      console.log(`${name}: ${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, errors ${r.errors}`);
      results.push([name, r]);
    }
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
server in turn from core 0 while wrk drives it from core 1 with ${CONNECTIONS} connections for ${SECONDS} s after a 2 s
warm-up. nginx serves the page Broadsheet rendered, saved as a file; bare Node writes the same bytes from memory.
Broadsheet serves it from its render cache (rendered once, on the first request).

${machineInfo().join('\n')}

| server | requests/s | p50 ms | p99 ms | ÷ nginx | ÷ bare Node | errors |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

No target yet for this issue; the scale-out issue sets one (≥ 90 % of bare Node).`,
    );
    console.log('wrote docs/benchmarks.md');
  } finally {
    for (const c of children.reverse()) await stop(c);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
