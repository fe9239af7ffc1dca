/**
 * Write throughput into InfluxDB: reports/s through the adapter (durable spool, then the drainer's
 * line-protocol batches) against raw line-protocol POSTs to /write of the same reports, on the
 * same influxd in the same run. Starts its own influxd (tests/helpers/influxd.ts).
 * `npm run bench:influx`; prints one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Report } from '#contracts';
import { REPORT_DEFAULTS } from '#contracts';
import { silentLogger } from '../backend/platform/logger.js';
import { InfluxReportStore } from '../backend/store/influx/influx-store.js';
import { startInfluxd } from '../tests/helpers/influxd.js';
import { machine, tempDir } from './lib.js';

const REPORTS = Number(process.env.BENCH_REPORTS ?? 30_000);
/** Like HTTP ingest: many small appends in flight at once. */
const APPEND_BATCH = 100;
const CONCURRENCY = 8;
/** The raw baseline sends what the drainer sends at most: 2,000 lines per request. */
const RAW_BATCH = 2_000;

const VILLAGES = ['611025101202', '611025102201', '611025103201', '611025104200', '611025110201'];
const CATEGORIES = ['infrastructure', 'livelihood', 'dispute', 'industry', 'leftBehind'] as const;
const SOURCES = ['hotline', 'app', 'grid'] as const;

function reports(tag: string): Report[] {
  const now = Date.now();
  return Array.from({ length: REPORTS }, (_, i) => ({
    id: `${tag}-${i}`,
    source: SOURCES[i % SOURCES.length] as Report['source'],
    externalId: `${tag}-${i}`,
    occurredAt: now - (REPORTS - i) * 10,
    receivedAt: now,
    regionCode: `${VILLAGES[i % VILLAGES.length]}00${(i % 4) + 1}`,
    category: CATEGORIES[i % CATEGORIES.length] as Report['category'],
    text: `通组公路塌方，车辆无法通行，请尽快处理（第${i}条）`,
    reporterName: null,
    phoneMasked: null,
    phoneHash: null,
    lat: 33.42,
    lng: 109.15,
    address: null,
    level: 'none',
    ruleId: null,
    ...REPORT_DEFAULTS,
  }));
}

/** The same measurement, tags and fields as the adapter, written by hand: no escaping needed. */
function rawLine(r: Report, seq: number): string {
  const [county, town, village] = [6, 9, 12].map((n) => r.regionCode.slice(0, n));
  const json = JSON.stringify(r).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return (
    `reports,category=${r.category},county=${county},level=${r.level},source=${r.source},town=${town},village=${village} ` +
    `id="${r.id}",regionCode="${r.regionCode}",seq=${seq}i,n=1i,report="${json}" ` +
    `${BigInt(r.occurredAt) * 1_000_000n + BigInt(seq)}`
  );
}

interface AdapterResult {
  acknowledgedPerSec: number;
  reportsPerSec: number;
  acknowledgedMs: number;
  inInfluxMs: number;
}

async function throughAdapter(url: string): Promise<AdapterResult> {
  const dir = tempDir('minqing-bench-influx-');
  const store = await InfluxReportStore.open({
    config: {
      url,
      database: 'bench_adapter',
      retention: { raw: '90d', minute: '730d', hour: 'INF' },
      spoolMax: REPORTS * 2,
    },
    dataDir: dir.path,
    log: silentLogger,
  });
  const all = reports('a');
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < all.length) {
        const batch = all.slice(next, next + APPEND_BATCH);
        next += APPEND_BATCH;
        await store.append(batch);
      }
    }),
  );
  const acknowledged = performance.now() - started;
  await store.drained(300_000);
  const drained = performance.now() - started;
  const stored = await store.total();
  await store.close();
  dir.remove();
  if (stored !== REPORTS) throw new Error(`adapter stored ${stored} of ${REPORTS}`);
  return {
    acknowledgedPerSec: Math.round(REPORTS / (acknowledged / 1000)),
    reportsPerSec: Math.round(REPORTS / (drained / 1000)),
    acknowledgedMs: Math.round(acknowledged),
    inInfluxMs: Math.round(drained),
  };
}

async function rawLineProtocol(url: string): Promise<{ reportsPerSec: number; ms: number }> {
  const query = (q: string) =>
    fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q }) });
  await query('CREATE DATABASE bench_raw');
  const lines = reports('r').map(rawLine);
  const started = performance.now();
  for (let i = 0; i < lines.length; i += RAW_BATCH) {
    const res = await fetch(`${url}/write?db=bench_raw&precision=ns`, {
      method: 'POST',
      body: lines.slice(i, i + RAW_BATCH).join('\n'),
    });
    if (res.status !== 204) throw new Error(`raw write: ${res.status} ${await res.text()}`);
  }
  const ms = performance.now() - started;
  return { reportsPerSec: Math.round(REPORTS / (ms / 1000)), ms: Math.round(ms) };
}

const influxd = await startInfluxd();
try {
  const raw = await rawLineProtocol(influxd.url);
  const adapter = await throughAdapter(influxd.url);
  const version = spawnSync('influxd', ['version'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    JSON.stringify({
      bench: 'influx-write',
      influxd: version,
      reports: REPORTS,
      adapter: { ...adapter, appendBatch: APPEND_BATCH, concurrency: CONCURRENCY },
      raw: { ...raw, batch: RAW_BATCH },
      adapterVsRaw: Math.round((adapter.reportsPerSec / raw.reportsPerSec) * 100) / 100,
      note: 'adapter: acknowledged = on local disk (spool, fsync); reportsPerSec = all in InfluxDB',
      machine: machine(),
    }),
  );
} finally {
  await influxd.stop();
}
