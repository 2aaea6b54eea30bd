/**
 * Beacons at a fixed rate (autocannon), with the workload's mix: run as a child process pinned to
 * the load generator's core. Prints one JSON line with what it sent and how long answers took.
 *
 *   BENCH_URL=http://127.0.0.1:38090 BENCH_RATE=1000 BENCH_SECONDS=20 BENCH_TARGETS=targets.json node --import tsx bench/ranking/load.ts
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { prng, zipfSampler } from '../lib/generate-articles.ts';
import { BOT_UA, HUMAN_UA, WORKLOAD, type BeaconTarget } from './workload.ts';

const url = process.env.BENCH_URL as string;
const rate = Number(process.env.BENCH_RATE);
const seconds = Number(process.env.BENCH_SECONDS);
const targets = JSON.parse(readFileSync(process.env.BENCH_TARGETS as string, 'utf8')) as BeaconTarget[];
const random = prng(Number(process.env.BENCH_SEED ?? 7));
const pick = zipfSampler(targets.length, WORKLOAD.zipf, random);

let last: { body: string; ip: string } | undefined;
const octet = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

const result = await autocannon({
  url,
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  duration: seconds,
  overallRate: rate,
  requests: [
    {
      method: 'POST',
      path: '/_/v',
      setupRequest: (request) => {
        const r = random();
        let ua = HUMAN_UA;
        if (!(r < WORKLOAD.reloadShare && last)) {
          const t = targets[pick()] as BeaconTarget;
          last = { body: JSON.stringify({ a: t.id, t: t.token }), ip: `${octet(1, 223)}.${octet(0, 255)}.${octet(0, 255)}.${octet(1, 254)}` };
          if (r < WORKLOAD.reloadShare + WORKLOAD.botShare) ua = BOT_UA;
        }
        request.body = last.body;
        request.headers = { 'content-type': 'text/plain;charset=UTF-8', 'x-forwarded-for': last.ip, 'user-agent': ua };
        return request;
      },
    },
  ],
});

console.log(
  JSON.stringify({
    sent: result.requests.total,
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  }),
);
