/**
 * query-influx: the query benchmark on InfluxDB. A year of a county at 10,000 reports/day, as
 * InfluxDB would hold it after a year: raw reports for the raw retention (90 days), written
 * through the adapter itself (spool, then InfluxDB) into the data dir the backend then opens; the
 * hour rollups (what the continuous queries write) for the older days written directly; the minute
 * and hour rollups of the raw days recomputed by the adapter's own backfill. Then the same
 * snapshot and panel queries as `query` against the real backend with STORE=influx. Starts its
 * own influxd.
 */
import { performance } from 'node:perf_hooks';
import type { Report } from '../contracts/index.js';
import { InfluxConnection } from '../backend/store/influx/connection.js';
import { silentLogger } from '../backend/logger.js';
import { InfluxReportStore } from '../backend/store/influx/influx-store.js';
import { ROLLUP, RP, regionTags } from '../backend/store/influx/schema.js';
import { backfillRollups } from '../backend/store/influx/setup.js';
import { startInfluxd } from '../tests/helpers/influxd.js';
import { machine, tempDir } from './lib.js';
import { startBackend } from './processes.js';
import { measureQueries, missedQueries } from './queries.js';
import { seedReports } from './seed.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RAW_DAYS = 90;
const PER_DAY = 10_000;
const LINES_PER_WRITE = 5_000;
const HOUR_MS = 3_600_000;
const DATABASE = 'minqing_bench';

const influxd = await startInfluxd();
const env = { STORE: 'influx', INFLUX_URL: influxd.url, INFLUX_DB: DATABASE };
const data = tempDir('minqing-query-influx-');
const APPEND_BATCH = 1_000;

async function write(rp: string, lines: string[]): Promise<void> {
  const res = await fetch(`${influxd.url}/write?db=${DATABASE}&rp=${rp}&precision=ns`, {
    method: 'POST',
    body: lines.join('\n'),
  });
  if (res.status !== 204) throw new Error(`write ${rp}: ${res.status} ${await res.text()}`);
}

/** One hour rollup row per hour, town, source and category, as the continuous query writes. */
function hourKey(r: Report): string {
  const { county, town } = regionTags(r.regionCode);
  const hour = Math.floor(r.occurredAt / HOUR_MS) * HOUR_MS;
  return `${hour}|${county}|${town}|${r.source}|${r.category}`;
}

function hourLine(key: string, n: number): string {
  const [hour, county, town, source, category] = key.split('|');
  return (
    `${ROLLUP.hour},category=${category},county=${county},source=${source},town=${town} ` +
    `n=${n}i ${BigInt(hour ?? 0) * 1_000_000n}`
  );
}

const endAt = Date.now();
const rawFrom = endAt - RAW_DAYS * 86_400_000;
const t0 = performance.now();
// The adapter makes the database, its retention policies and continuous queries, and ships.
const adapter = await InfluxReportStore.open({
  config: {
    url: influxd.url,
    database: DATABASE,
    retention: { raw: `${RAW_DAYS}d`, minute: '730d', hour: 'INF' },
    spoolMax: 10_000_000,
  },
  dataDir: data.path,
  log: silentLogger,
});
let stored = 0;
let rawPoints = 0;
let batch: Report[] = [];
const hours = new Map<string, number>();
for (const report of seedReports({ days: DAYS, perDay: PER_DAY, endAt })) {
  stored += 1;
  if (report.occurredAt < rawFrom) {
    const key = hourKey(report);
    hours.set(key, (hours.get(key) ?? 0) + 1);
    continue;
  }
  rawPoints += 1;
  batch.push(report);
  if (batch.length === APPEND_BATCH) {
    await adapter.append(batch);
    batch = [];
  }
}
if (batch.length) await adapter.append(batch);
await adapter.drained(300_000);
await adapter.close();
const hourLines = [...hours].map(([key, n]) => hourLine(key, n));
for (let i = 0; i < hourLines.length; i += LINES_PER_WRITE) {
  await write(RP.hour, hourLines.slice(i, i + LINES_PER_WRITE));
}
const conn = new InfluxConnection({ url: influxd.url, database: DATABASE });
await backfillRollups(conn, rawFrom, endAt);
const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;

const t1 = performance.now();
const backend = await startBackend({ ...env, DATA_DIR: data.path });
const startSeconds = Math.round((performance.now() - t1) / 100) / 10;
const queries = await measureQueries(backend.url);
await backend.stop();
data.remove();
await influxd.stop();

const missed = missedQueries(queries);
console.log(
  JSON.stringify({
    bench: 'query-influx',
    unit: 'ms per query (p50 and max of 20), InfluxDB',
    machine: machine(),
    stored,
    rawPoints,
    hourRollupRows: hourLines.length,
    seedSeconds,
    backendStartSeconds: startSeconds,
    queries,
    target: { queryMs: 50, snapshotMs: 200 },
    met: missed.length === 0,
    missed,
  }),
);
process.exit(0);
