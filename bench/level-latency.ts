/**
 * Time from POST /api/v1/reports to `level:changed` on a connected socket.io-client, over 1,000
 * reports, against the real backend (SQLite with synchronous=FULL, rules, roll-up, Socket.IO).
 * Each report is a single red incident on a fresh group; the injected clock then moves past the
 * rule's hold so the next report raises a level again. Baseline in the same run: a raw Node HTTP
 * server that parses JSON and emits a raw Socket.IO event — the floor for this round trip.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { connectWall, KEYS, startServer, waitForEvent } from '../tests/helpers/server.js';
import { machine, summarize } from './lib.js';

const N = Number(process.env.BENCH_N ?? 1000);

async function measureBackend(): Promise<number[]> {
  let now = Date.now();
  const server = await startServer({ clock: () => now });
  const wall = connectWall(server.url);
  await waitForEvent(wall, 'snapshot');
  const groups = server.regions.all.filter((r) => r.kind === 'group');
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const group = groups[i % groups.length]!;
    const body = JSON.stringify({
      source: 'hotline',
      externalId: `bench-${i}`,
      occurredAt: new Date(now).toISOString(),
      regionCode: group.code,
      category: 'dispute',
      text: `${group.name}有村民聚集在村委会门口，情绪激动（压测${i}）`,
    });
    const changed = waitForEvent(
      wall,
      'level:changed',
      (c) => c.regionCode === group.code && c.level === 'red',
    );
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
      body,
    });
    if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
    await res.arrayBuffer();
    await changed;
    samples.push(performance.now() - t0);
    now += 121 * 60_000; // past the red rule's 120-minute hold
    server.app.sentiment.tick(now);
  }
  wall.close();
  await server.close();
  return samples;
}

async function measureBaseline(): Promise<number[]> {
  const http = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { regionCode: string };
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
      wall.emit('level:changed', { regionCode: parsed.regionCode, level: 'red' });
    });
  });
  const ioServer = new Server(http);
  const wall = ioServer.of('/wall');
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = io(`${url}/wall`, { transports: ['websocket'] });
  await new Promise<void>((r) => client.on('connect', () => r()));
  const samples: number[] = [];
  for (let i = 0; i < N; i++) {
    const code = `code-${i}`;
    const changed = new Promise<void>((resolve) => {
      const handler = (c: { regionCode: string }) => {
        if (c.regionCode !== code) return;
        client.off('level:changed', handler);
        resolve();
      };
      client.on('level:changed', handler);
    });
    const t0 = performance.now();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regionCode: code }),
    });
    await res.arrayBuffer();
    await changed;
    samples.push(performance.now() - t0);
  }
  client.close();
  await ioServer.close();
  return samples;
}

const baseline = summarize(await measureBaseline());
const backend = summarize(await measureBackend());
console.log(
  JSON.stringify({
    bench: 'level-latency',
    what: 'POST /api/v1/reports → level:changed on a socket.io-client, sequential, ms',
    machine: machine(),
    baseline,
    backend,
    ratioP50: Math.round((baseline.p50 / backend.p50) * 100) / 100,
  }),
);
process.exit(0);
