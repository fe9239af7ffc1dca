/**
 * ingest-batch: 100 reports per POST through the full ingest path on the embedded store, against
 * the raw Node http server parsing the same bodies. Target ≥ 100,000 reports/s.
 */
import { KEYS } from '../tests/helpers/server.js';
import { load } from './load.js';
import { startBackend, startRawHttp } from './processes.js';
import { benchReport } from './reports.js';
import { machine } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 100;
const body = (i: number) =>
  JSON.stringify(Array.from({ length: BATCH }, (_, j) => benchReport(i * BATCH + j, 'batch')));

const raw = await startRawHttp();
const baseline = await load({ url: raw.url, body, seconds, connections: 8 });
await raw.stop();

const backend = await startBackend();
const ours = await load({
  url: `${backend.url}/api/v1/reports`,
  headers: { authorization: `Bearer ${KEYS.hotline}` },
  body,
  seconds,
  connections: 8,
});
await backend.stop();

const reportsPerSec = ours.requestsPerSec * BATCH;
console.log(
  JSON.stringify({
    bench: 'ingest-batch',
    unit: 'reports/s (100 per request)',
    machine: machine(),
    baseline: { ...baseline, reportsPerSec: baseline.requestsPerSec * BATCH },
    backend: { ...ours, reportsPerSec },
    ratio: Math.round((ours.requestsPerSec / baseline.requestsPerSec) * 100) / 100,
    target: { reportsPerSec: 100_000 },
    met: reportsPerSec >= 100_000 && ours.non2xx === 0,
  }),
);
