import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly path: string;
}

/**
 * A real HTTP receiver on 127.0.0.1 that records every request. `answer` decides each reply: a status,
 * or 'hang' to keep the connection open past the sender's timeout.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (r: Received, index: number) => number | 'hang' = () => 204;
  #server: Server | undefined;
  #port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.#port}/hooks`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' };
        this.received.push(r);
        const a = this.answer(r, this.received.length - 1);
        if (a === 'hang') return; // the sender's deadline ends it
        res.writeHead(a, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as { port: number }).port;
    return this;
  }

  /** Event ids received, in order (repeats included). */
  eventIds(): string[] {
    return this.received.map((r) => (JSON.parse(r.body) as { id: string }).id);
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
