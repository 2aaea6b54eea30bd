/**
 * Beacons at a fixed rate (bench/lib/open-loop.ts), with the workload's mix: run as a child process
 * pinned to the load generator's core. Prints one JSON line with what it sent and how long answers took.
 *
 *   BENCH_URL=http://127.0.0.1:38090 BENCH_RATE=1000 BENCH_SECONDS=20 BENCH_TARGETS=targets.json node --import tsx bench/ranking/load.ts
 */
import { readFileSync } from 'node:fs';
import { prng, zipfSampler } from '../lib/generate-articles.ts';
import { openLoop } from '../lib/open-loop.ts';
import { BOT_UA, HUMAN_UA, WORKLOAD, type BeaconTarget } from './workload.ts';

const url = new URL(process.env.BENCH_URL as string);
const targets = JSON.parse(readFileSync(process.env.BENCH_TARGETS as string, 'utf8')) as BeaconTarget[];
const random = prng(Number(process.env.BENCH_SEED ?? 7));
const pick = zipfSampler(targets.length, WORKLOAD.zipf, random);

let last: { body: string; ip: string } | undefined;
const octet = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** The next beacon as sendBeacon sends it: a new reader, or (5 %) the last one again, or (2 %) a bot. */
function next(): Buffer {
  const r = random();
  let ua = HUMAN_UA;
  if (!(r < WORKLOAD.reloadShare && last)) {
    const t = targets[pick()] as BeaconTarget;
    last = { body: JSON.stringify({ a: t.id, t: t.token }), ip: `${octet(1, 223)}.${octet(0, 255)}.${octet(0, 255)}.${octet(1, 254)}` };
    if (r < WORKLOAD.reloadShare + WORKLOAD.botShare) ua = BOT_UA;
  }
  return Buffer.from(
    `POST /_/v HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: text/plain;charset=UTF-8\r\nX-Forwarded-For: ${last.ip}\r\n` +
      `User-Agent: ${ua}\r\nContent-Length: ${Buffer.byteLength(last.body)}\r\n\r\n${last.body}`,
    'latin1',
  );
}

const result = await openLoop({
  host: url.hostname,
  port: Number(url.port),
  rate: Number(process.env.BENCH_RATE),
  seconds: Number(process.env.BENCH_SECONDS),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 32),
  next,
});
console.log(JSON.stringify(result));
