/**
 * The reference for the collect endpoint's latency (bench/ranking): Node's own `http` server doing
 * nothing but read the beacon, parse it and answer 204 with the headers Broadsheet sends. What it
 * measures on this machine at a given rate is the floor set by Node, the kernel and the load
 * generator; Broadsheet's figure is read against it.
 *
 *   PORT=38091 node --import tsx bench/ranking/bare-beacon-server.ts
 */
import { createServer } from 'node:http';
import { BEACON_ANSWER_HEADERS } from '../../src/web/api/collect-plugin.ts';
import { SECURITY_HEADERS } from '../../src/web/shared/http-headers.ts';

const headers = Object.entries({ ...SECURITY_HEADERS, ...BEACON_ANSWER_HEADERS }).flat();
createServer((req, res) => {
  if (req.url === '/healthz') {
    res.end('ok');
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    JSON.parse(body);
    res.writeHead(204, headers);
    res.end();
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
