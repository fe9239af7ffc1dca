/**
 * ingest-single: one report per POST, stored durably (SQLite, synchronous=FULL, group commit) and
 * evaluated by the rules, against a raw Node http server that only parses JSON and answers 202.
 * Both run as their own process; autocannon drives them from this one. Target ratio ≥ 0.5.
 * A second baseline, express answering 202 without the work (`framework`), shows how much of
 * the gap is the framework and how much the work.
 */
import { KEYS } from '../tests/helpers/server.js';
import { load } from './load.js';
import { startBackend, startExpressFloor, startRawHttp } from './processes.js';
import { benchReport } from './reports.js';
import { machine } from './lib.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const body = (i: number) => JSON.stringify(benchReport(i, 'single'));

const raw = await startRawHttp();
const baseline = await load({ url: raw.url, body, seconds });
await raw.stop();

const floor = await startExpressFloor();
const framework = await load({ url: `${floor.url}/api/v1/reports`, body, seconds });
await floor.stop();

const backend = await startBackend();
const ours = await load({
  url: `${backend.url}/api/v1/reports`,
  headers: { authorization: `Bearer ${KEYS.hotline}` },
  body,
  seconds,
});
await backend.stop();

const ratio = Math.round((ours.requestsPerSec / baseline.requestsPerSec) * 100) / 100;
console.log(
  JSON.stringify({
    bench: 'ingest-single',
    unit: 'requests/s (1 report each)',
    machine: machine(),
    baseline,
    framework: {
      ...framework,
      ratio: Math.round((framework.requestsPerSec / baseline.requestsPerSec) * 100) / 100,
    },
    backend: ours,
    ratio,
    target: { ratio: 0.5 },
    met: ratio >= 0.5 && ours.non2xx === 0,
  }),
);
