/**
 * alert-latency: time from a report's POST to `alert:raised` on a connected socket.io-client,
 * p50/p99, while a background load of 1,000 reports/s runs against the same backend process.
 * Each probe is a single red incident on a fresh group. Baseline in the same run: the same probe
 * against a raw Node http + Socket.IO server that parses and emits. Target: p99 ≤ 20 ms.
 */
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { RegionFile } from '#contracts';
import { loadJsonFile } from '../backend/config/files.js';
import { KEYS } from '../tests/helpers/server.js';
import { machine, summarize } from './lib.js';
import { startBackend, startProcess, type Running } from './processes.js';
import { benchReport } from './reports.js';

const PROBES = Number(process.env.BENCH_PROBES ?? 300);
const BACKGROUND_PER_SEC = 1000;
const groups = loadJsonFile('config/regions.json', RegionFile).regions.filter(
  (r) => r.kind === 'group',
);
const auth = { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` };

/** 1,000 reports/s as 10 batches of 10 every 100 ms... spread as one batch of 10 every 10 ms. */
function background(url: string): () => Promise<void> {
  let i = 0;
  let running = true;
  const inflight = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    const body = JSON.stringify(
      Array.from({ length: BACKGROUND_PER_SEC / 100 }, () => benchReport(i++, 'bg')),
    );
    const p = fetch(url, { method: 'POST', headers: auth, body }).then((r) => r.arrayBuffer());
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }, 10);
  return async () => {
    if (!running) return;
    running = false;
    clearInterval(timer);
    await Promise.allSettled([...inflight]);
  };
}

async function probe(server: Running, path: string, event: string): Promise<number[]> {
  const socket = io(`${server.url}/wall`, { transports: ['websocket'] });
  await new Promise<void>((r) => socket.on('connect', () => r()));
  const stop = background(`${server.url}${path}`);
  await new Promise((r) => setTimeout(r, 1000)); // let the background load settle
  const samples: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const group = groups[i % groups.length]!;
    const seen = new Promise<void>((resolve) => {
      const handler = (a: { regionCode: string }) => {
        if (a.regionCode !== group.code) return;
        socket.off(event, handler);
        resolve();
      };
      socket.on(event, handler);
    });
    const body = JSON.stringify({
      ...benchReport(i, 'probe'),
      regionCode: group.code,
      text: `${group.name}有村民聚集在村委会门口讨要补偿款`,
    });
    const t0 = performance.now();
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: auth, body });
    await res.arrayBuffer();
    await seen;
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  await stop();
  socket.close();
  return samples;
}

const raw = await startProcess('bench/raw-socket-server.ts', { RAW_EVENT: 'alert:raised' });
const baseline = summarize(await probe(raw, '/api/v1/reports', 'alert:raised'));
await raw.stop();

const backend = await startBackend();
const ours = summarize(await probe(backend, '/api/v1/reports', 'alert:raised'));
await backend.stop();

console.log(
  JSON.stringify({
    bench: 'alert-latency',
    unit: 'ms from POST to alert:raised, under 1,000 reports/s background load',
    machine: machine(),
    baseline,
    backend: ours,
    target: { p99: 20 },
    met: ours.p99 <= 20,
  }),
);
