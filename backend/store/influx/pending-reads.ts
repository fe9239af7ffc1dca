import type { Report } from '#contracts';
import type { CountBy } from '../store.js';
import { reportFromJson } from './schema.js';
import type { Spool } from './spool.js';
import type { TailReport } from './tail-counts.js';

/**
 * Reads over the spool's unshipped reports. A store read takes the shipped watermark and these
 * rows in one synchronous step, then asks InfluxDB for `seq <= watermark` only: every report is
 * counted once whether or not the drainer ships it meanwhile, and a 2xx is readable at once.
 */
export interface Pending<T> {
  watermark: number;
  value: T;
}

export interface SeqReport {
  seq: number;
  report: Report;
}

const COLUMN: Record<CountBy, string> = {
  region: 'region_code',
  category: 'category',
  source: 'source',
};

/** A region's subtree as a code range (every code starting with it), like the SQLite store. */
function regionRange(code: string | undefined): [string, string] {
  return code ? [code, `${code}~`] : ['', '~'];
}

export class PendingReads {
  constructor(private readonly spool: Spool) {}

  private read<T>(fn: (watermark: number) => T): Pending<T> {
    const watermark = this.spool.shipped;
    return { watermark, value: fn(watermark) };
  }

  total(): Pending<number> {
    return this.read(
      (w) =>
        this.spool.db.prepare(`SELECT count(*) FROM spool WHERE seq > ?`).pluck().get(w) as number,
    );
  }

  /** Newest first; `withShipped` also reads the shipped tail (InfluxDB is not answering). */
  recent(limit: number, withShipped = false): Pending<SeqReport[]> {
    return this.read((w) =>
      this.rows(
        `SELECT seq, report FROM spool WHERE seq > ? ORDER BY occurred_at DESC, seq DESC LIMIT ?`,
        withShipped ? -1 : w,
        limit,
      ),
    );
  }

  since(from: number, to: number): Pending<SeqReport[]> {
    return this.read((w) =>
      this.rows(
        `SELECT seq, report FROM spool WHERE seq > ? AND occurred_at >= ? AND occurred_at < ?
         ORDER BY occurred_at, seq`,
        w,
        from,
        to,
      ),
    );
  }

  counts(
    from: number,
    to: number,
    by: CountBy,
    regionCode?: string,
  ): Pending<Array<{ key: string; count: number }>> {
    const [lo, hi] = regionRange(regionCode);
    const column = COLUMN[by];
    return this.read(
      (w) =>
        this.spool.db
          .prepare(
            `SELECT ${column} AS key, count(*) AS count FROM spool
             WHERE seq > ? AND occurred_at >= ? AND occurred_at < ? AND region_code >= ? AND region_code < ?
             GROUP BY ${column}`,
          )
          .all(w, from, to, lo, hi) as Array<{ key: string; count: number }>,
    );
  }

  /** Counts per bucket index (`b`) and key, the shape `buildHistory` takes. */
  history(
    from: number,
    to: number,
    bucketMs: number,
    by: 'source' | 'category',
    regionCode?: string,
  ): Pending<Array<{ b: number; key: string; n: number }>> {
    const [lo, hi] = regionRange(regionCode);
    return this.read(
      (w) =>
        this.spool.db
          .prepare(
            // better-sqlite3 binds JS numbers as REAL: cast, or the bucket index has a fraction.
            `SELECT CAST((occurred_at - @from) / @bucket AS INTEGER) AS b, ${by} AS key, count(*) AS n FROM spool
             WHERE seq > @w AND occurred_at >= @from AND occurred_at < @to
               AND region_code >= @lo AND region_code < @hi
             GROUP BY b, key`,
          )
          .all({ w, from, to, bucket: bucketMs, lo, hi }) as Array<{
          b: number;
          key: string;
          n: number;
        }>,
    );
  }

  /** Waiting reports that occurred in [since, until), for the tail counts' fill. */
  tail(since: number, until: number): Pending<TailReport[]> {
    return this.read(
      (w) =>
        this.spool.db
          .prepare(
            `SELECT occurred_at AS occurredAt, region_code AS regionCode, source, category
             FROM spool WHERE seq > ? AND occurred_at >= ? AND occurred_at < ?`,
          )
          .all(w, since, until) as TailReport[],
    );
  }

  private rows(sql: string, ...args: number[]): SeqReport[] {
    return (this.spool.db.prepare(sql).all(...args) as Array<{ seq: number; report: string }>).map(
      (row) => ({ seq: row.seq, report: reportFromJson(row.report) }),
    );
  }
}
