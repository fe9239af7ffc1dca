import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import type { Report } from '#contracts';
import { REPORT_DEFAULTS } from '#contracts';
import { silentLogger } from '../../backend/platform/logger.js';
import { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { ROLLUP, RP } from '../../backend/store/influx/schema.js';
import { dropDatabase } from '../../backend/store/influx/setup.js';
import { DAY_MS, HOUR_MS, dayBucket } from '../../backend/store/sqlite/rollups.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import type { HistoryRequest } from '../../backend/store/store.js';
import { StoreUnavailable } from '../../backend/store/store.js';
import { freePort } from '../helpers/influxd.js';
import { influxDatabase, influxTestConfig } from '../helpers/stores.js';

const dirs: string[] = [];
const open: InfluxReportStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) {
    await store.close();
    await dropDatabase(store.conn).catch(() => undefined);
  }
});
afterAll(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-influx-store-'));
  dirs.push(dir);
  return dir;
}

async function influxStore(url = inject('influxUrl'), spoolMax?: number, database?: string) {
  const dir = dataDir();
  const store = await InfluxReportStore.open({
    config: influxTestConfig(url, database ?? influxDatabase(dir), spoolMax),
    dataDir: dir,
    log: silentLogger,
  });
  open.push(store);
  return store;
}

let n = 0;
function report(overrides: Partial<Report> = {}): Report {
  n += 1;
  return {
    id: `id-${n}`,
    source: 'hotline',
    externalId: `ext-${n}`,
    occurredAt: Date.now(),
    receivedAt: Date.now(),
    regionCode: '611025101202',
    category: 'livelihood',
    text: `第${n}条`,
    reporterName: '张三',
    phoneMasked: '139****4321',
    phoneHash: 'abc',
    lat: 33.4,
    lng: 109.1,
    address: '回龙镇',
    level: 'blue',
    ruleId: 'r1',
    ...REPORT_DEFAULTS,
    ...overrides,
  };
}

describe('InfluxDB store', () => {
  it('a new data dir in front of a database that holds reports shows them, and goes on after', async () => {
    const first = await influxStore();
    const database = first.conn.database;
    const before = [report(), report(), report()];
    await first.append(before);
    await first.drained(10_000);
    await first.close();
    open.splice(open.indexOf(first), 1);

    // The data dir (and its spool) is gone; InfluxDB kept everything.
    const second = await influxStore(undefined, undefined, database);
    expect(await second.total()).toBe(3);
    expect((await second.recent(3)).map((r) => r.id).sort()).toEqual(
      before.map((r) => r.id).sort(),
    );
    const after = report();
    await second.append([after]);
    await second.drained(10_000);
    expect(await second.total()).toBe(4);
    expect((await second.recent(1)).map((r) => r.id)).toEqual([after.id]);
  });

  it('reads every report back, whole, the moment it is acknowledged, and once', async () => {
    const store = await influxStore();
    const at = Date.now() - 1000;
    // Same series and the same millisecond: must not overwrite each other.
    const reports = Array.from({ length: 30 }, () => report({ occurredAt: at }));
    const first = await store.append([...reports, { ...reports[0]!, id: 'other' }]);
    expect(first.duplicates).toBe(1);
    expect(first.ids[30]).toBe(reports[0]!.id);
    expect(await store.total()).toBe(30);
    await store.drained();
    expect(await store.total()).toBe(30);
    const again = await store.append(reports.slice(0, 5));
    expect(again).toMatchObject({ duplicates: 5, inserted: [] });
    expect(await store.since(at)).toEqual(reports);
    expect(await store.recent(3)).toEqual(reports.slice(-3).reverse());
    const counts = await store.counts({ from: at, to: at + 1, by: 'region' });
    expect(counts).toEqual([{ key: '611025101202', count: 30 }]);
    expect(store.status()).toMatchObject({ kind: 'influx', state: 'ok', spooled: 0 });
  });

  it('answers history from the rollups with the same counts as the SQLite store', async () => {
    const store = await influxStore();
    const sqliteDir = dataDir();
    const sqlite = new SqliteReportStore(sqliteDir);
    const start = dayBucket(Date.now()) - 3 * DAY_MS;
    const reports = Array.from({ length: 500 }, (_, i) =>
      report({
        occurredAt: start + ((i * 7_919_000) % (3 * DAY_MS)),
        regionCode: i % 3 ? '611025101202' : '611025102201001',
        source: i % 2 ? 'hotline' : 'grid',
        category: i % 5 ? 'livelihood' : 'dispute',
      }),
    );
    await store.append(reports);
    await sqlite.append(reports);
    await store.drained();
    // Days-old reports came too late for the continuous queries: the store recomputes them.
    const deadline = Date.now() + 20_000;
    while (store.spool.lateRange() && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(store.spool.lateRange()).toBeNull();
    const [rolled] = await store.conn.query(
      `SELECT sum("n") AS "n" FROM "${store.conn.database}"."${RP.hour}"."${ROLLUP.hour}"`,
    );
    expect(rolled?.series?.[0]?.values?.[0]?.[1]).toBe(500);

    const requests: HistoryRequest[] = [
      { from: start, to: start + 3 * DAY_MS, bucketMs: HOUR_MS, by: 'source' },
      { from: start, to: start + 3 * DAY_MS, bucketMs: DAY_MS, by: 'category' },
      {
        from: start,
        to: start + 3 * DAY_MS,
        bucketMs: DAY_MS,
        by: 'source',
        regionCode: '611025101',
      },
      // Raw paths: a village, and buckets that are not whole hours.
      {
        from: start,
        to: start + DAY_MS,
        bucketMs: 10 * 60_000,
        by: 'source',
        regionCode: '611025102201',
      },
      { from: start + 7, to: start + DAY_MS, bucketMs: 90 * 60_000, by: 'category' },
    ];
    for (const request of requests) {
      expect(await store.history(request)).toEqual(await sqlite.history(request));
    }
    const range = { from: start, to: start + 3 * DAY_MS };
    for (const by of ['source', 'category', 'region'] as const) {
      expect(await store.counts({ ...range, by, regionCode: '611025101' })).toEqual(
        await sqlite.counts({ ...range, by, regionCode: '611025101' }),
      );
    }
    await sqlite.close();
  });

  it('sets aside what InfluxDB refuses or would drop, says so, and goes on', async () => {
    const store = await influxStore();
    await store.drained();
    // A point of the same measurement whose `seq` is a string: InfluxDB refuses our integer `seq`
    // in that day's shard with a 400 (field type conflict).
    const day = Date.now() - 5 * DAY_MS;
    const res = await fetch(
      `${inject('influxUrl')}/write?db=${store.conn.database}&rp=raw&precision=ms`,
      { method: 'POST', body: `reports,source=x seq="conflict" ${day}` },
    );
    expect(res.status).toBe(204);
    const good = [report(), report()];
    const conflicting = report({ occurredAt: day + 1 });
    const expired = report({ occurredAt: Date.now() - 100 * DAY_MS });
    await store.append([good[0]!, conflicting, expired, good[1]!]);
    await store.drained();
    expect(store.status()).toMatchObject({ state: 'ok', rejected: 2, spooled: 0 });
    expect((await store.recent(10)).map((r) => r.id)).toEqual([good[1]!.id, good[0]!.id]);
  });

  it('keeps accepting while InfluxDB is away, then refuses with Retry-After when the spool is full', async () => {
    const url = `http://127.0.0.1:${await freePort()}`; // nothing listens there
    const store = await influxStore(url, 100);
    const status = store.status();
    expect(status).toMatchObject({ state: 'degraded', spooled: 0 });
    expect(status.lastError).toMatch(/ECONNREFUSED|connect/);
    const accepted = await store.append(Array.from({ length: 100 }, () => report()));
    expect(accepted.inserted).toHaveLength(100);
    const refused = await store.append([report()]).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StoreUnavailable);
    expect((refused as StoreUnavailable).retryAfterSeconds).toBeGreaterThan(0);
    expect(store.status()).toMatchObject({ state: 'degraded', spooled: 100 });
    // While InfluxDB is away the newest reports still come from the spool.
    expect(await store.recent(2)).toHaveLength(2);
  });
});
