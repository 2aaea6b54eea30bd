import type { IncomingMessage, ServerResponse } from 'node:http';
import { Compile } from 'typebox/compile';
import { BroadsheetError } from '../../core/errors.ts';
import type { ViewCollector } from '../../core/ranking/view-collector.ts';
import { STAFF_COOKIE } from '../admin/cookies.ts';
import { SECURITY_HEADERS } from '../shared/http-headers.ts';
import { BEACON_ANSWER_HEADERS, BEACON_BODY_LIMIT, BEACON_INVALID, BEACON_NOT_JSON, BeaconBody } from './collect-plugin.ts';

const isBeacon = Compile(BeaconBody);

const flat = (headers: Record<string, string>): string[] => Object.entries(headers).flatMap(([name, value]) => [name, value]);
const ANSWER = flat({ ...SECURITY_HEADERS, ...BEACON_ANSWER_HEADERS });
/** The route's 400 answer for a refused body, as [headers, body]. */
function refusal(detail: string): [string[], Buffer] {
  const body = Buffer.from(JSON.stringify({ error: { code: 'BS_ERR_REQUEST_INVALID', message: new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail }).message } }));
  const headers = flat({ ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(body.length) });
  return [headers, body];
}
const NOT_JSON = refusal(BEACON_NOT_JSON);
const INVALID = refusal(BEACON_INVALID);

/**
 * The client's address as Fastify's `trustProxy` reports it with "trust `hops` proxies": the
 * socket's peer, then X-Forwarded-For from its right end, one entry per trusted hop.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, hops: number): string {
  if (hops === 0 || forwardedFor === undefined) return peer ?? '';
  // As the `forwarded` package reads the header: comma-separated, blanks and empty entries skipped.
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (chain.length === 0) return peer ?? '';
  return chain[chain.length - Math.min(hops, chain.length)] as string;
}

/**
 * The view beacon answered from Node's `http` handler, before Fastify (decision 012): the busiest
 * unauthenticated write is a 50-byte body, and routing, hooks and reply objects cost more than the
 * counting itself. Only the plain case is taken here (POST /_/v, a JSON or text/plain body with a
 * Content-Length within the limit, today's salt loaded); every other request, including each one
 * that would get a 413 or 415, returns false untouched and goes to the route in collect-plugin.ts,
 * which applies the same compiled schema. A body that fails it gets the route's 400 answer. The
 * answer does not wait for the beacon to be classified: the collector takes it in its next batch.
 */
export function createBeaconFastPath(collector: ViewCollector, trustProxyHops: number): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || req.url !== '/_/v' || !collector.prepared) return false;
    let contentType: string | undefined;
    let contentLength: string | undefined;
    let userAgent: string | undefined;
    let purpose: string | undefined;
    let forwardedFor: string | undefined;
    let staff = false;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = raw[i + 1] as string;
      if (name === 'content-type') contentType = value;
      else if (name === 'content-length') contentLength = value;
      else if (name === 'user-agent') userAgent ??= value;
      else if (name === 'sec-purpose' || (name === 'purpose' && purpose === undefined)) purpose = value;
      else if (name === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
      else if (name === 'cookie') staff ||= value.includes(`${STAFF_COOKIE}=`);
      else if (name === 'transfer-encoding') return false;
    }
    const length = Number(contentLength);
    if (!(length > 0 && length <= BEACON_BODY_LIMIT)) return false;
    const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json' && mediaType !== 'text/plain') return false;

    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      let beacon: unknown;
      try {
        beacon = JSON.parse(body);
      } catch {
        res.writeHead(400, NOT_JSON[0]);
        res.end(NOT_JSON[1]);
        return;
      }
      if (!isBeacon.Check(beacon)) {
        res.writeHead(400, INVALID[0]);
        res.end(INVALID[1]);
        return;
      }
      collector.accept({
        method: 'POST',
        articleId: beacon.a,
        token: beacon.t,
        ip: clientAddress(req.socket.remoteAddress, forwardedFor, trustProxyHops),
        userAgent,
        purpose,
        staff,
      });
      res.writeHead(204, ANSWER);
      res.end();
    });
    return true;
  };
}
