/**
 * query-influx: the query benchmark on InfluxDB. A year of a county at 10,000 reports/day, as
 * InfluxDB would hold it after a year: raw reports for the raw retention (90 days), written
 * through the adapter itself (spool, then InfluxDB) into the data dir the backend then opens; for
 * the older days the hour and day rollups written directly, each row the sum its continuous query
 * would write (hours per UTC hour and days per Asia/Shanghai day, per county, town, source and
 * category; the county's days also per county and source, and per county and category); the
 * minute, hour and day rollups of the raw days recomputed by the adapter's own backfill (reports
 * days old are late for the continuous queries), awaited before the backend starts so it does
 * not run under the measurements. Then the same snapshot and panel queries as `query` against
 * the real backend with STORE=influx. Starts its own influxd.
 */
import { performance } from 'node:perf_hooks';
import type { Report } from '#contracts';
import { silentLogger } from '../backend/platform/logger.js';
import { InfluxReportStore } from '../backend/store/influx/influx-store.js';
import {
  COUNTY_DAY,
  grainStart,
  ROLLUP,
  RP,
  regionTags,
  type Grain,
} from '../backend/store/influx/schema.js';
import { startInfluxd } from '../tests/helpers/influxd.js';
import { machine, tempDir } from './lib.js';
import { startBackend } from './processes.js';
import { measureQueries, missedQueries } from './queries.js';
import { seedReports } from './seed.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RAW_DAYS = 90;
const PER_DAY = 10_000;
const LINES_PER_WRITE = 5_000;
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

type Tag = 'category' | 'county' | 'source' | 'town';
const ALL: Tag[] = ['category', 'county', 'source', 'town'];
/** The rollups a CQ writes per bucket: policy, measurement, grain and the tags it groups by. */
const ROLLUPS = {
  hour: { rp: RP.hour, measurement: ROLLUP.hour, grain: 'hour', tags: ALL },
  day: { rp: RP.day, measurement: ROLLUP.day, grain: 'day', tags: ALL },
  daySource: {
    rp: RP.day,
    measurement: COUNTY_DAY.source,
    grain: 'day',
    tags: ['county', 'source'],
  },
  dayCategory: {
    rp: RP.day,
    measurement: COUNTY_DAY.category,
    grain: 'day',
    tags: ['category', 'county'],
  },
} as const satisfies Record<string, { rp: string; measurement: string; grain: Grain; tags: Tag[] }>;
type Rollup = keyof typeof ROLLUPS;

/**
 * One rollup row per bucket and tag set, as the continuous queries write them (the day CQs sum
 * the hours of a Shanghai day: its reports). The key is the row's time and line-protocol tags.
 */
function rollupKey(rollup: Rollup, r: Report): string {
  const { county, town } = regionTags(r.regionCode);
  const values: Record<Tag, string> = { category: r.category, county, source: r.source, town };
  const { grain, tags } = ROLLUPS[rollup];
  const tagSet = (tags as readonly Tag[]).map((t) => `${t}=${values[t]}`).join(',');
  return `${grainStart(grain, r.occurredAt)} ${tagSet}`;
}

function rollupLine(rollup: Rollup, key: string, n: number): string {
  const [at = '0', tagSet] = key.split(' ');
  return `${ROLLUPS[rollup].measurement},${tagSet} n=${n}i ${BigInt(at) * 1_000_000n}`;
}

async function writeRollup(rollup: Rollup, counts: Map<string, number>): Promise<number> {
  const lines = [...counts].map(([key, n]) => rollupLine(rollup, key, n));
  for (let i = 0; i < lines.length; i += LINES_PER_WRITE) {
    await write(ROLLUPS[rollup].rp, lines.slice(i, i + LINES_PER_WRITE));
  }
  return lines.length;
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
const counts: Record<Rollup, Map<string, number>> = {
  hour: new Map(),
  day: new Map(),
  daySource: new Map(),
  dayCategory: new Map(),
};
const rollupRows: Partial<Record<Rollup, number>> = {};
for (const report of seedReports({ days: DAYS, perDay: PER_DAY, endAt })) {
  stored += 1;
  if (report.occurredAt < rawFrom) {
    for (const [rollup, count] of Object.entries(counts) as Array<[Rollup, Map<string, number>]>) {
      const key = rollupKey(rollup, report);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
    continue;
  }
  // Oldest first: the older rollups are complete here, and are written before any raw report so
  // the adapter's backfill of the raw days recomputes the day straddling rawFrom from all of its
  // hours, as the day CQ would.
  if (rawPoints === 0) {
    for (const [rollup, count] of Object.entries(counts) as Array<[Rollup, Map<string, number>]>)
      rollupRows[rollup] = await writeRollup(rollup, count);
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
// The adapter recomputes the late reports' rollups itself (every 10 s once the backlog is small).
while (adapter.spool.lateRange()) await new Promise((r) => setTimeout(r, 200));
await adapter.close();
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
    rollupRows,
    seedSeconds,
    backendStartSeconds: startSeconds,
    queries,
    target: { queryMs: 50, snapshotMs: 200 },
    met: missed.length === 0,
    missed,
  }),
);
process.exit(0);
