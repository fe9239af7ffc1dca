/**
 * ingest-batch: 100 reports per POST through the full ingest path on the embedded store, against
 * the raw Node http server parsing the same bodies. Target ≥ 100,000 reports/s.
 * Two more baselines: express answering 202 without the work (`framework`), and raw
 * better-sqlite3 inserting the same number of reports per commit into the same schema
 * (`sqliteCeiling`, rows/s): no ingest path on the embedded store can beat the second.
 */
import { KEYS } from '../tests/helpers/server.js';
import { load } from './load.js';
import { startBackend, startExpressFloor, startRawHttp } from './processes.js';
import { sqliteCeiling } from './sqlite-ceiling.js';
import { benchReport } from './reports.js';
import { machine } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 100;
const body = (i: number) =>
  JSON.stringify(Array.from({ length: BATCH }, (_, j) => benchReport(i * BATCH + j, 'batch')));

const raw = await startRawHttp();
const baseline = await load({ url: raw.url, body, seconds, connections: 8 });
await raw.stop();

const floor = await startExpressFloor();
const framework = await load({ url: `${floor.url}/api/v1/reports`, body, seconds, connections: 8 });
await floor.stop();

// Per 100 (one request's commit) and per 1,000 (what group commit makes of 8 concurrent ones).
const ceiling = {
  per100: sqliteCeiling({ reports: 100_000, batch: BATCH }).rowsPerSec,
  per1000: sqliteCeiling({ reports: 100_000, batch: 1000 }).rowsPerSec,
};

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
    framework: { ...framework, reportsPerSec: framework.requestsPerSec * BATCH },
    sqliteCeiling: ceiling,
    backend: { ...ours, reportsPerSec },
    ratio: Math.round((ours.requestsPerSec / baseline.requestsPerSec) * 100) / 100,
    ratioToSqliteCeiling: Math.round((reportsPerSec / ceiling.per1000) * 100) / 100,
    target: { reportsPerSec: 100_000 },
    met: reportsPerSec >= 100_000 && ours.non2xx === 0,
  }),
);
