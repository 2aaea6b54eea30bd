import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { BroadsheetError } from '../../core/errors.ts';
import type { OutboundHttp, OutboundRequest, OutboundResponse } from '../../core/net/outbound-ports.ts';

/*
 * The one outbound HTTP client. A URL a user typed (a webhook address) must not reach the machine's own
 * services, the private network or a cloud metadata endpoint, however it is written: every address the
 * name resolves to is checked (a public name pointing at 10.0.0.5 is refused), the connection is made to
 * the address that was checked (no second lookup for DNS rebinding to win), and each redirect is checked
 * the same way before it is followed. Timeouts and a size limit bound what a slow or huge answer costs.
 */

export interface GuardedHttpOptions {
  /** Addresses allowed although private (tests allow 127.0.0.1 explicitly; production allows none). */
  readonly allow?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

function blocked(detail: string): BroadsheetError {
  return new BroadsheetError('BS_ERR_OUTBOUND_BLOCKED', { detail });
}

function failed(detail: string): BroadsheetError {
  return new BroadsheetError('BS_ERR_OUTBOUND_FAILED', { detail });
}

/** Whether an address is on the public internet: global unicast only (no private, loopback, link-local, CGNAT, ULA, 6to4, Teredo, reserved...). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // ::ffff:10.0.0.1 is 10.0.0.1: judged as the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

export class GuardedHttp implements OutboundHttp {
  readonly #allow: ReadonlySet<string>;

  constructor(options: GuardedHttpOptions = {}) {
    this.#allow = new Set((options.allow ?? []).map((a) => ipaddr.process(a).toString()));
  }

  #permitted(address: string): boolean {
    return isPublicAddress(address) || this.#allow.has(ipaddr.process(address).toString());
  }

  /** The checked address to connect to for `url`, or a refusal naming why. */
  async #resolve(url: URL): Promise<{ address: string; family: number }> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw blocked(`${url.protocol} addresses are not fetched`);
    if (url.username || url.password) throw blocked('addresses with credentials are not fetched');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true }).catch((err: NodeJS.ErrnoException) => {
      throw failed(`${host} does not resolve (${err.code ?? 'DNS error'})`);
    });
    if (addresses.length === 0) throw failed(`${host} does not resolve`);
    // Every address the name has must be public: otherwise which one is used would be up to chance.
    const bad = addresses.find((a) => !this.#permitted(a.address));
    if (bad) throw blocked(`${host} is a private, local or reserved address (${bad.address})`);
    return addresses[0] as { address: string; family: number };
  }

  async check(address: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw blocked('not an absolute http(s) address');
    }
    await this.#resolve(url);
  }

  async request(address: string, options: OutboundRequest = {}): Promise<OutboundResponse> {
    const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      throw blocked('not an absolute http(s) address');
    }
    let method = options.method ?? 'GET';
    let body = options.body;
    for (let redirects = 0; ; redirects++) {
      const target = await this.#resolve(url);
      const res = await this.#once(url, target, { ...options, method, ...(body !== undefined ? { body } : {}) }, deadline, maxBytes);
      const location = res.headers['location'];
      if (res.status >= 300 && res.status < 400 && typeof location === 'string' && options.maxRedirects !== 0) {
        if (redirects >= (options.maxRedirects ?? 3)) throw failed(`too many redirects (last to ${location.slice(0, 200)})`);
        url = new URL(location, url);
        // 303 (and, as browsers do, 301/302 after a POST) continue as a GET without the body.
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      return { ...res, url: url.href };
    }
  }

  #once(url: URL, target: { address: string; family: number }, options: OutboundRequest, deadline: number, maxBytes: number): Promise<Omit<OutboundResponse, 'url'>> {
    // The connection goes to the address checked above, never to a fresh lookup.
    const pinned: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const remaining = deadline - Date.now();
    if (remaining <= 0) return Promise.reject(failed('timed out'));
    return new Promise((resolve, reject) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, { method: options.method ?? 'GET', headers: { 'user-agent': 'Broadsheet', ...options.headers }, lookup: pinned, timeout: remaining }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy(failed(`the answer is larger than ${maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      const timer = setTimeout(() => req.destroy(failed('timed out')), remaining);
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => req.destroy(failed('timed out')));
      req.on('error', (err) => reject(err instanceof BroadsheetError ? err : failed(`${(err as NodeJS.ErrnoException).code ?? err.message}`)));
      if (options.body !== undefined) req.write(options.body);
      req.end();
    });
  }
}
