import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '#contracts';
import { silentLogger } from '../../backend/platform/logger.js';
import { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { ident, source } from '../../backend/store/influx/influxql.js';
import {
  COUNTY_DAY,
  CQ,
  DAY_MS,
  grainStart,
  HOUR_MS,
  MINUTE_MS,
  ROLLUP,
  RP,
} from '../../backend/store/influx/schema.js';
import { dropDatabase, ensureSchema } from '../../backend/store/influx/setup.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import type { HistoryRequest } from '../../backend/store/store.js';
import { influxDatabase, influxTestConfig } from '../helpers/stores.js';
import { storedReport } from '../helpers/stored-report.js';

const dirs: string[] = [];
afterAll(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-influx-history-'));
  dirs.push(dir);
  return dir;
}

let n = 0;
function report(overrides: Partial<Report>): Report {
  n += 1;
  return storedReport({
    id: `h-${n}`,
    occurredAt: 0,
    receivedAt: Date.now(),
    text: `第${n}条`,
    ...overrides,
  });
}

/** Buckets as the history route makes them: ending after now, days on Shanghai midnight. */
function request(hours: number, bucketMs: number, by: 'source' | 'category', regionCode?: string) {
  const offset = bucketMs % DAY_MS === 0 ? 8 * HOUR_MS : 0;
  const to = Math.ceil((Date.now() + 1 + offset) / bucketMs) * bucketMs - offset;
  const from = to - Math.ceil((hours * HOUR_MS) / bucketMs) * bucketMs;
  return { from, to, bucketMs, by, regionCode } satisfies HistoryRequest;
}

/** Sum of a day rollup per day start, straight from InfluxDB. */
async function dayRollup(
  store: InfluxReportStore,
  measurement: string = ROLLUP.day,
): Promise<Map<number, number>> {
  const since = Date.now() - 60 * DAY_MS;
  const [result] = await store.conn.query(
    `SELECT sum("n") AS "n" FROM ${source(store.conn.database, RP.day, measurement)} ` +
      `WHERE time >= ${since}ms GROUP BY time(1d, -8h) fill(none)`,
  );
  const values = (result?.series?.[0]?.values ?? []) as Array<[number, number]>;
  return new Map(values);
}

describe('InfluxDB history over days', () => {
  it('counts Shanghai days from the day rollup exactly as the SQLite store does', async () => {
    const dir = dataDir();
    const store = await InfluxReportStore.open({
      config: influxTestConfig(inject('influxUrl'), influxDatabase(dir)),
      dataDir: dir,
      log: silentLogger,
    });
    const sqlite = new SqliteReportStore(dataDir());
    try {
      // 45 days of reports, all older than the CQs' reach (late: the adapter backfills them).
      const now = Date.now();
      const today = grainStart('day', now);
      const reports = Array.from({ length: 700 }, (_, i) =>
        report({
          occurredAt: now - 20 * MINUTE_MS - ((i * 5_558_977) % (45 * DAY_MS)),
          regionCode: i % 3 ? '611025101202' : '611025102201001',
          source: i % 2 ? 'hotline' : 'grid',
          category: i % 5 ? 'livelihood' : 'dispute',
        }),
      );
      // Either side of Shanghai midnight (16:00 UTC): a UTC-day rollup would put them together.
      const midnight = today - 10 * DAY_MS;
      reports.push(
        report({ occurredAt: midnight, source: 'app', category: 'security' }),
        report({ occurredAt: midnight + 1, source: 'app', category: 'security' }),
        report({ occurredAt: midnight - 1, source: 'app', category: 'agency' }),
        report({ occurredAt: midnight + 7 * HOUR_MS + 59 * MINUTE_MS, source: 'app' }),
      );
      await store.append(reports);
      await sqlite.append(reports);
      await store.drained();
      const deadline = Date.now() + 30_000;
      while (store.spool.lateRange() && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(store.spool.lateRange()).toBeNull();

      // The day rollups themselves hold each Shanghai day's count.
      const expected = new Map<number, number>();
      for (const r of reports) {
        const day = grainStart('day', r.occurredAt);
        expected.set(day, (expected.get(day) ?? 0) + 1);
      }
      const days = await dayRollup(store);
      expect(days).toEqual(expected);
      expect(days.get(midnight)).toBe(expected.get(midnight));
      expect(days.get(midnight - DAY_MS)).toBe(expected.get(midnight - DAY_MS));
      expect(await dayRollup(store, COUNTY_DAY.source)).toEqual(expected);
      expect(await dayRollup(store, COUNTY_DAY.category)).toEqual(expected);

      const requests: HistoryRequest[] = [
        request(45 * 24, DAY_MS, 'source'),
        request(45 * 24, DAY_MS, 'category', '611025101'),
        request(24 * 30, DAY_MS, 'category'),
        request(24, HOUR_MS, 'category'),
        request(1, MINUTE_MS, 'source'),
        // A village: raw reports only.
        request(24 * 40, DAY_MS, 'source', '611025102201'),
      ];
      for (const r of requests) expect(await store.history(r)).toEqual(await sqlite.history(r));

      // A database from before the day rollup (no day CQ yet): its days are summed from the
      // hour rollups it holds when the schema is brought up to date.
      const db = ident(store.conn.database);
      for (const cq of [CQ.day, CQ.daySource, CQ.dayCategory])
        await store.conn.query(`DROP CONTINUOUS QUERY ${ident(cq)} ON ${db}`, {}, false);
      for (const measurement of [ROLLUP.day, COUNTY_DAY.source, COUNTY_DAY.category])
        await store.conn.query(`DROP MEASUREMENT ${ident(measurement)}`);
      expect((await dayRollup(store)).size).toBe(0);
      await ensureSchema(store.conn, influxTestConfig('', '').retention);
      expect(await dayRollup(store)).toEqual(expected);
      expect(await dayRollup(store, COUNTY_DAY.source)).toEqual(expected);
      expect(await dayRollup(store, COUNTY_DAY.category)).toEqual(expected);
      for (const r of requests) expect(await store.history(r)).toEqual(await sqlite.history(r));
    } finally {
      await sqlite.close();
      await store.close();
      await dropDatabase(store.conn).catch(() => undefined);
    }
  });

  it('counts the newest minutes, stored or still in the spool, exactly', async () => {
    const database = influxDatabase(dataDir());
    const open = async () => {
      const dir = dataDir();
      return InfluxReportStore.open({
        config: influxTestConfig(inject('influxUrl'), database),
        dataDir: dir,
        log: silentLogger,
      });
    };
    const sqlite = new SqliteReportStore(dataDir());
    const recent = (i: number) =>
      report({
        // The last minutes (and one stamped a little ahead of the clock), never settled yet.
        occurredAt: Date.now() - (i % 4) * 25_000 + (i % 7 === 0 ? 60_000 : 0),
        regionCode: i % 3 ? '611025101202' : '611025102',
        source: i % 2 ? 'hotline' : 'app',
        category: i % 5 ? 'livelihood' : 'dispute',
      });
    const requests: HistoryRequest[] = [
      request(1, MINUTE_MS, 'source'),
      request(24, HOUR_MS, 'category'),
      request(24, HOUR_MS, 'source', '611025101'),
      request(24 * 30, DAY_MS, 'source'),
    ];
    let second: InfluxReportStore | undefined;
    try {
      // Stored before this store starts: its tail is filled from InfluxDB.
      const first = await open();
      const stored = Array.from({ length: 40 }, (_, i) => recent(i));
      await first.append(stored);
      await sqlite.append(stored);
      await first.drained();
      await first.close();
      second = await open();
      for (const r of requests) expect(await second.history(r)).toEqual(await sqlite.history(r));

      // Accepted since: counted from the spool's commits, waiting or shipped, once.
      const more = Array.from({ length: 30 }, (_, i) => recent(i + 1));
      await second.append(more);
      await sqlite.append(more);
      for (const r of requests) expect(await second.history(r)).toEqual(await sqlite.history(r));
      await second.drained();
      for (const r of requests) expect(await second.history(r)).toEqual(await sqlite.history(r));
    } finally {
      await sqlite.close();
      await second?.close();
      if (second) await dropDatabase(second.conn).catch(() => undefined);
    }
  });
});
