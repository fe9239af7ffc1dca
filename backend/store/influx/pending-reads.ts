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

/**
 * Which rows a read takes: those still waiting (`seq > watermark`), or, while InfluxDB does not
 * answer, every row the spool still has (waiting and the shipped tail) but those set aside.
 */
export type Rows = 'waiting' | 'all';

/** `seq > ?` with the watermark, or every row not set aside (bound to -1, which every seq passes). */
function scope(rows: Rows): string {
  return rows === 'all' ? `seq > ? AND seq NOT IN (SELECT seq FROM rejected)` : `seq > ?`;
}

export class PendingReads {
  constructor(private readonly spool: Spool) {}

  private read<T>(fn: (watermark: number) => T): Pending<T> {
    const watermark = this.spool.shipped;
    return { watermark, value: fn(watermark) };
  }

  /** What `rows` binds `seq > ?` to. */
  private lowerSeq(rows: Rows, watermark: number): number {
    return rows === 'all' ? -1 : watermark;
  }

  /**
   * The spool alone answers a read over reports dated from `from` in full: it has every report
   * dated after the latest it pruned (see Spool.prunedUntilAt).
   */
  covers(from: number): boolean {
    return from > this.spool.prunedUntilAt;
  }

  /** The latest date of a report the spool no longer has; -Infinity when none. */
  get prunedUntil(): number {
    return this.spool.prunedUntilAt;
  }

  /** The spool has every report it ever took (it pruned none and adopted no older database). */
  holdsAll(): boolean {
    return this.spool.prunedUntilAt === Number.NEGATIVE_INFINITY;
  }

  total(): Pending<number> {
    return this.read(
      (w) =>
        this.spool.db.prepare(`SELECT count(*) FROM spool WHERE seq > ?`).pluck().get(w) as number,
    );
  }

  /** Newest first. */
  recent(limit: number, rows: Rows = 'waiting'): Pending<SeqReport[]> {
    return this.read((w) =>
      this.rows(
        `SELECT seq, report FROM spool WHERE ${scope(rows)} ORDER BY occurred_at DESC, seq DESC LIMIT ?`,
        this.lowerSeq(rows, w),
        limit,
      ),
    );
  }

  since(from: number, to: number, rows: Rows = 'waiting'): Pending<SeqReport[]> {
    return this.read((w) =>
      this.rows(
        `SELECT seq, report FROM spool WHERE ${scope(rows)} AND occurred_at >= ? AND occurred_at < ?
         ORDER BY occurred_at, seq`,
        this.lowerSeq(rows, w),
        from,
        to,
      ),
    );
  }

  counts(
    query: { from: number; to: number; by: CountBy; regionCode?: string },
    rows: Rows = 'waiting',
  ): Pending<Array<{ key: string; count: number }>> {
    const [lo, hi] = regionRange(query.regionCode);
    const column = COLUMN[query.by];
    return this.read(
      (w) =>
        this.spool.db
          .prepare(
            `SELECT ${column} AS key, count(*) AS count FROM spool
             WHERE ${scope(rows)} AND occurred_at >= ? AND occurred_at < ? AND region_code >= ? AND region_code < ?
             GROUP BY ${column}`,
          )
          .all(this.lowerSeq(rows, w), query.from, query.to, lo, hi) as Array<{
          key: string;
          count: number;
        }>,
    );
  }

  /** Counts per bucket index (`b`) and key, the shape `buildHistory` takes. */
  history(
    from: number,
    to: number,
    bucketMs: number,
    by: 'source' | 'category',
    regionCode?: string,
    rows: Rows = 'waiting',
  ): Pending<Array<{ b: number; key: string; n: number }>> {
    const [lo, hi] = regionRange(regionCode);
    const notRejected = rows === 'all' ? 'AND seq NOT IN (SELECT seq FROM rejected)' : '';
    return this.read(
      (w) =>
        this.spool.db
          .prepare(
            // better-sqlite3 binds JS numbers as REAL: cast, or the bucket index has a fraction.
            `SELECT CAST((occurred_at - @from) / @bucket AS INTEGER) AS b, ${by} AS key, count(*) AS n FROM spool
             WHERE seq > @w ${notRejected} AND occurred_at >= @from AND occurred_at < @to
               AND region_code >= @lo AND region_code < @hi
             GROUP BY b, key`,
          )
          .all({ w: this.lowerSeq(rows, w), from, to, bucket: bucketMs, lo, hi }) as Array<{
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

  /** The report with this id, also when already shipped (the spool keeps a shipped tail). */
  byId(id: string): Pending<SeqReport | null> {
    return this.read(() => {
      const row = this.spool.db
        .prepare(`SELECT seq, report FROM spool WHERE id = ? LIMIT 1`)
        .get(id) as { seq: number; report: string } | undefined;
      return row ? { seq: row.seq, report: reportFromJson(row.report) } : null;
    });
  }

  private rows(sql: string, ...args: number[]): SeqReport[] {
    return (this.spool.db.prepare(sql).all(...args) as Array<{ seq: number; report: string }>).map(
      (row) => ({ seq: row.seq, report: reportFromJson(row.report) }),
    );
  }
}
