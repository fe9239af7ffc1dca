/**
 * Baseline for the ingest benchmarks: a raw Node `http` server that only reads the body, parses
 * the JSON and answers 202. Run as its own process, like the backend, so both get one core.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    const accepted = Array.isArray(parsed) ? parsed.length : 1;
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ accepted, duplicates: 0, ids: [] }));
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
