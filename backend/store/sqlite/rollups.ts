import type Database from 'better-sqlite3';
import type { Report } from '#contracts';
import { countyDayStart, DAY_MS, HOUR_MS, hourStart } from '#contracts/county-time';

export { DAY_MS, HOUR_MS };

export function hourBucket(t: number): number {
  return hourStart(t);
}

/** Days are county days: the county reads "yesterday" by its own clock. */
export function dayBucket(t: number): number {
  return countyDayStart(t);
}

export type Grain = 'hour' | 'day';

/**
 * Keeps the hourly and daily counts in step with the reports, inside the same transaction: one
 * upsert per distinct (grain, scope, bucket, source, category) of a commit, not one per report.
 */
export class RollupWriter {
  private readonly upsert;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO rollups (grain, bucket, scope, source, category, n) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (grain, scope, bucket, source, category) DO UPDATE SET n = n + excluded.n`,
    );
  }

  add(reports: readonly Report[]): void {
    const counts = new Map<string, number>();
    for (const r of reports) {
      const county = r.regionCode.slice(0, 6);
      const town = r.regionCode.slice(0, 9);
      const h = hourBucket(r.occurredAt);
      const d = dayBucket(r.occurredAt);
      for (const key of [
        `hour|${h}|${county}`,
        `hour|${h}|${town}`,
        `day|${d}|${county}`,
        `day|${d}|${town}`,
      ]) {
        const k = `${key}|${r.source}|${r.category}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    for (const [key, n] of counts) {
      const [grain, bucket, scope, source, category] = key.split('|');
      this.upsert.run(grain, Number(bucket), scope, source, category, n);
    }
  }
}
