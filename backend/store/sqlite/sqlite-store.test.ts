import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { SqliteReportStore } from './sqlite-store.js';
import { DAY_MS, HOUR_MS, dayBucket } from './rollups.js';
import { storedReport } from '#test-helpers/stored-report';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(): SqliteReportStore {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  dirs.push(dir);
  return new SqliteReportStore(dir);
}

function report(
  i: number,
  occurredAt: number,
  regionCode: string,
  source: Report['source'],
): Report {
  return storedReport({ id: `id-${i}`, externalId: `ext-${i}`, occurredAt, regionCode, source });
}

describe('SqliteReportStore history', () => {
  const start = dayBucket(Date.parse('2026-11-01T00:00:00+08:00'));
  const reports = Array.from({ length: 500 }, (_, i) =>
    report(
      i,
      start + ((i * 7_919_000) % (3 * DAY_MS)),
      i % 3 ? '611025101202' : '611025102201001',
      i % 2 ? 'hotline' : 'grid',
    ),
  );

  it('answers hourly and daily buckets from rollups with the same counts as the raw reports', async () => {
    const s = store();
    await s.append(reports);
    const hourly = await s.history({
      from: start,
      to: start + 3 * DAY_MS,
      bucketMs: HOUR_MS,
      by: 'source',
    });
    const daily = await s.history({
      from: start,
      to: start + 3 * DAY_MS,
      bucketMs: DAY_MS,
      by: 'source',
    });
    const town = await s.history({
      from: start,
      to: start + 3 * DAY_MS,
      bucketMs: DAY_MS,
      by: 'source',
      regionCode: '611025101',
    });
    // The same counts computed from the reports themselves.
    const expectHourly = new Array(72).fill(0);
    const expectDaily = new Array(3).fill(0);
    const expectTown = new Array(3).fill(0);
    for (const r of reports.filter((x) => x.source === 'hotline')) {
      expectHourly[Math.floor((r.occurredAt - start) / HOUR_MS)] += 1;
      expectDaily[Math.floor((r.occurredAt - start) / DAY_MS)] += 1;
      if (r.regionCode.startsWith('611025101'))
        expectTown[Math.floor((r.occurredAt - start) / DAY_MS)] += 1;
    }
    expect(hourly.series.find((x) => x.key === 'hotline')?.counts).toEqual(expectHourly);
    expect(daily.series.find((x) => x.key === 'hotline')?.counts).toEqual(expectDaily);
    expect(town.series.find((x) => x.key === 'hotline')?.counts).toEqual(expectTown);
    await s.close();
  });

  it('puts every day in its bucket when a bucket spans several days', async () => {
    const s = store();
    await s.append(reports);
    const twoDays = await s.history({
      from: start,
      to: start + 4 * DAY_MS,
      bucketMs: 2 * DAY_MS,
      by: 'source',
    });
    const expected = [0, 0];
    for (const r of reports.filter((x) => x.source === 'hotline')) {
      expected[Math.floor((r.occurredAt - start) / (2 * DAY_MS))]! += 1;
    }
    expect(twoDays.series.find((x) => x.key === 'hotline')?.counts).toEqual(expected);
    await s.close();
  });

  it('does not count a duplicate twice in the rollups', async () => {
    const s = store();
    await s.append(reports.slice(0, 10));
    await s.append(reports.slice(0, 10));
    const daily = await s.history({
      from: start,
      to: start + 3 * DAY_MS,
      bucketMs: DAY_MS,
      by: 'category',
    });
    const sum = daily.series.flatMap((x) => x.counts).reduce((a, b) => a + b, 0);
    expect(sum).toBe(10);
    await s.close();
  });
});
