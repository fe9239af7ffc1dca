import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, WallSnapshot } from '#contracts';
import { summarize } from './lib.js';

const RUNS = 20;

/**
 * The wall's snapshot and each panel query against a running backend, p50 and max of 20 each,
 * whatever store is behind it.
 */
export async function measureQueries(url: string) {
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
    const res = await fetch(`${url}${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.json();
  };
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}/wall`, {
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
    'trend-1h-by-minute': await time(
      get('/api/v1/stats/history?hours=1&bucketMinutes=1&by=source'),
    ),
    levels: await time(get('/api/v1/levels')),
    alerts: await time(get('/api/v1/alerts')),
  };
  socket.close();
  return queries;
}

/** Queries over their target: 200 ms for the snapshot, 50 ms for the rest. */
export function missedQueries(queries: Record<string, { p50: number }>): string[] {
  return Object.entries(queries)
    .filter(([name, q]) => q.p50 > (name === 'snapshot' ? 200 : 50))
    .map(([name]) => name);
}
