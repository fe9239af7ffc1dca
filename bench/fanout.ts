/**
 * fanout: 1,000 connected wall clients receiving new reports (and whatever `level:changed` the
 * rules raise), delivered messages/s, against a raw Socket.IO server broadcasting the same
 * report payloads at the same offered load. Target ratio ≥ 0.8.
 */
import { io, type Socket } from 'socket.io-client';
import { KEYS } from '../tests/helpers/server.js';
import { machine } from './lib.js';
import { startBackend, startProcess, type Running } from './processes.js';
import { benchReport } from './reports.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const REPORTS_PER_SEC = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function connectAll(
  url: string,
): Promise<{ sockets: Socket[]; counts: { report: number; level: number } }> {
  const counts = { report: 0, level: 0 };
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i += 50) {
    const batch = Array.from({ length: Math.min(50, CLIENTS - i) }, () => {
      const s = io(`${url}/wall`, { transports: ['websocket'], forceNew: true });
      // The raw server sends a packet per report; the backend gathers them (reports:new).
      s.on('report:new', () => counts.report++);
      s.on('reports:new', (reports: unknown[]) => (counts.report += reports.length));
      s.on('level:changed', () => counts.level++);
      sockets.push(s);
      return new Promise<void>((r) => s.once('connect', () => r()));
    });
    await Promise.all(batch);
  }
  return { sockets, counts };
}

async function drive(server: Running): Promise<{
  offered: number;
  delivered: number;
  levelChanged: number;
  perSec: number;
  reportPerSec: number;
}> {
  const { sockets, counts } = await connectAll(server.url);
  await new Promise((r) => setTimeout(r, 500));
  counts.report = 0;
  counts.level = 0;
  const batchSize = REPORTS_PER_SEC / 10;
  let i = 0;
  const started = Date.now();
  const inflight: Array<Promise<unknown>> = [];
  // Offer the same load to both servers: a batch every 100 ms whatever the answers take.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (Date.now() - started >= SECONDS * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      const body = JSON.stringify(Array.from({ length: batchSize }, () => benchReport(i++, 'fan')));
      inflight.push(
        fetch(`${server.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
          body,
        }).then((r) => r.arrayBuffer()),
      );
    }, 100);
  });
  await Promise.all(inflight);
  // Let in-flight messages land, then count.
  await new Promise((r) => setTimeout(r, 2000));
  const elapsed = (Date.now() - started) / 1000;
  for (const s of sockets) s.close();
  return {
    offered: i,
    delivered: counts.report,
    levelChanged: counts.level,
    perSec: Math.round((counts.report + counts.level) / elapsed),
    reportPerSec: Math.round(counts.report / elapsed),
  };
}

const raw = await startProcess('bench/raw-socket-server.ts');
const baseline = await drive(raw);
await raw.stop();
const backend = await startBackend();
const ours = await drive(backend);
await backend.stop();

const expected = ours.offered * CLIENTS;
const ratio = Math.round((ours.reportPerSec / baseline.reportPerSec) * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'fanout',
    unit: `messages delivered to ${CLIENTS} clients at ${REPORTS_PER_SEC} reports/s offered`,
    machine: machine(),
    baseline,
    backend: { ...ours, completeness: Math.round((ours.delivered / expected) * 1000) / 1000 },
    ratio,
    target: { ratio: 0.8 },
    met: ratio >= 0.8,
  }),
);
process.exit(0);
