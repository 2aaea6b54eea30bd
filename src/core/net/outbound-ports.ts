/**
 * Every HTTP request the server itself makes (webhook deliveries now; embed lookups and photo fetches later) goes
 * through this one client, which refuses private, loopback, link-local and metadata addresses: checked after DNS,
 * pinned for the connection, checked again on every redirect (storage/outbound/guarded-http.ts).
 */
export interface OutboundHttp {
  request(url: string, options?: OutboundRequest): Promise<OutboundResponse>;
  /** Refuses (BS_ERR_OUTBOUND_BLOCKED) an address requests would refuse, without calling it: for saving one (a webhook's). */
  check(url: string): Promise<void>;
}

export interface OutboundRequest {
  readonly method?: 'GET' | 'POST' | 'HEAD';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** The whole exchange, connection to last byte (default 10 s). */
  readonly timeoutMs?: number;
  /** The most response body read (default 5 MB); more is an error. */
  readonly maxBytes?: number;
  /** Redirects followed, each checked like the first address (default 3; 0: none). */
  readonly maxRedirects?: number;
}

export interface OutboundResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The address that answered (after redirects). */
  readonly url: string;
}
