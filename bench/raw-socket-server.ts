/**
 * Baseline for the realtime benchmarks: raw Node http + Socket.IO. POST a report or an array;
 * it answers 202 and emits each item on `/wall` as RAW_EVENT (default `report:new`), plus
 * `level:changed` when FANOUT_BOTH is set — the raw floor under our pipeline.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const event = process.env.RAW_EVENT ?? 'report:new';
const both = process.env.FANOUT_BOTH === '1';
/** The same shape our backend pushes (ReportView), so both servers send equal payloads. */
function asView(item: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now();
  return {
    id: randomUUID(),
    source: item.source,
    occurredAt: Date.parse(String(item.occurredAt)) || now,
    receivedAt: now,
    regionCode: item.regionCode,
    category: item.category ?? 'other',
    text: item.text,
    reporterName: null,
    phoneMasked: null,
    lat: null,
    lng: null,
    address: null,
    level: 'none',
    ruleId: null,
  };
}

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    const items = Array.isArray(parsed) ? parsed : [parsed];
    res.writeHead(202, { 'content-type': 'application/json' }).end(`{"accepted":${items.length}}`);
    for (const item of items) {
      wall.emit(event, asView(item as Record<string, unknown>));
      if (both)
        wall.emit('level:changed', {
          regionCode: (item as { regionCode: string }).regionCode,
          level: 'blue',
        });
    }
  });
});
const io = new Server(http, { serveClient: false });
const wall = io.of('/wall');
http.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
