/**
 * query: a store holding one year of a county at 10,000 reports/day (3.65 M reports, seeded),
 * then the wall's snapshot and each panel query against the real backend process. Targets:
 * ≤ 50 ms each query, snapshot ≤ 200 ms. (InfluxDB: see bench/influx-write.ts and the README.)
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  WallSnapshot,
} from '../contracts/index.js';
import { machine, summarize, tempDir } from './lib.js';
import { startBackend } from './processes.js';
import { seedStore } from './seed.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const PER_DAY = 10_000;
const RUNS = 20;

const data = tempDir('minqing-query-');
const t0 = performance.now();
const stored = await seedStore(data.path, { days: DAYS, perDay: PER_DAY, endAt: Date.now() });
const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
const t1 = performance.now();
const backend = await startBackend({ DATA_DIR: data.path });
const startSeconds = Math.round((performance.now() - t1) / 100) / 10;

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  return { p50: s.p50, max: s.max };
}

const get = (path: string) => async () => {
  const res = await fetch(`${backend.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  await res.json();
};
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${backend.url}/wall`, {
  transports: ['websocket'],
});
await new Promise<void>((r) => socket.on('connect', () => r()));
const snapshot = () =>
  new Promise<WallSnapshot>((resolve, reject) =>
    socket.emit('snapshot:get', (r) =>
      'data' in r ? resolve(r.data) : reject(new Error(r.error)),
    ),
  );

const queries = {
  snapshot: await time(snapshot),
  'trend-24h-by-source': await time(
    get('/api/v1/stats/history?hours=24&bucketMinutes=60&by=source'),
  ),
  'trend-24h-by-category': await time(
    get('/api/v1/stats/history?hours=24&bucketMinutes=60&by=category'),
  ),
  'trend-24h-town': await time(
    get('/api/v1/stats/history?hours=24&bucketMinutes=60&by=source&regionCode=611025101'),
  ),
  'trend-30d-by-category': await time(
    get('/api/v1/stats/history?hours=720&bucketMinutes=1440&by=category'),
  ),
  'trend-1y-by-source': await time(
    get('/api/v1/stats/history?hours=8760&bucketMinutes=1440&by=source'),
  ),
  'trend-1h-by-minute': await time(get('/api/v1/stats/history?hours=1&bucketMinutes=1&by=source')),
  levels: await time(get('/api/v1/levels')),
  alerts: await time(get('/api/v1/alerts')),
};
socket.close();
await backend.stop();
data.remove();

const missed = Object.entries(queries).filter(
  ([name, q]) => q.p50 > (name === 'snapshot' ? 200 : 50),
);
console.log(
  JSON.stringify({
    bench: 'query',
    unit: 'ms per query (p50 and max of 20), SQLite',
    machine: machine(),
    stored,
    seedSeconds,
    backendStartSeconds: startSeconds,
    queries,
    target: { queryMs: 50, snapshotMs: 200 },
    met: missed.length === 0,
    missed: missed.map(([name]) => name),
  }),
);
process.exit(0);
