/**
 * query: a store holding one year of a county at 10,000 reports/day (3.65 M reports, seeded),
 * then the wall's snapshot and each panel query against the real backend process. Targets:
 * ≤ 50 ms each query, snapshot ≤ 200 ms. The same queries on InfluxDB: bench/query-influx.ts.
 */
import { performance } from 'node:perf_hooks';
import { machine, tempDir } from './lib.js';
import { startBackend } from './processes.js';
import { measureQueries, missedQueries } from './queries.js';
import { seedStore } from './seed.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const PER_DAY = 10_000;

const data = tempDir('minqing-query-');
const t0 = performance.now();
const stored = await seedStore(data.path, { days: DAYS, perDay: PER_DAY, endAt: Date.now() });
const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
const t1 = performance.now();
const backend = await startBackend({ DATA_DIR: data.path });
const startSeconds = Math.round((performance.now() - t1) / 100) / 10;

const queries = await measureQueries(backend.url);
await backend.stop();
data.remove();

const missed = missedQueries(queries);
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
    missed,
  }),
);
process.exit(0);
