import type { History, Report } from '../../../contracts/index.js';
import { buildHistory } from '../sqlite/sqlite-store.js';
import type { CountQuery, HistoryRequest } from '../store.js';
import { isMissingDatabase, type InfluxConnection } from './connection.js';
import { ident, limit, msDuration, rawSource, rowsOf, source, Where } from './influxql.js';
import type { PendingReads, SeqReport } from './pending-reads.js';
import { fromTagValue, reportFromJson, ROLLUP, RP } from './schema.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Rows per page when reading raw reports back (InfluxDB may cap rows per answer). */
const PAGE = 5_000;

/**
 * Rollup buckets older than this are final: the continuous queries have run over them (see
 * CQ_WINDOW in setup.ts); younger buckets are counted from raw reports.
 */
/** How far back `recent` looks, widening until it has enough (the last step is everything). */
const RECENT_LOOKBACK_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, Number.POSITIVE_INFINITY];
const ROLLUP_SETTLE_MS = { minute: 2 * MINUTE_MS, hour: 20 * MINUTE_MS };

type Grain = 'minute' | 'hour';

/**
 * Rollups answer whole minutes/hours for the county or a town, when the request's buckets are
 * multiples of the grain and start on its boundaries (as the SQLite store decides).
 */
function rollupGrain(request: HistoryRequest): Grain | null {
  if (request.regionCode && request.regionCode.length > 9) return null;
  if (request.bucketMs % HOUR_MS === 0 && request.from % HOUR_MS === 0) return 'hour';
  if (request.bucketMs % MINUTE_MS === 0 && request.from % MINUTE_MS === 0) return 'minute';
  return null;
}

function byNewest(a: SeqReport, b: SeqReport): number {
  return b.report.occurredAt - a.report.occurredAt || b.seq - a.seq;
}

/**
 * The ReportStore reads against InfluxDB, each merged with the spool's unshipped reports (see
 * pending-reads.ts) so a report is readable the moment it is acknowledged.
 */
export class InfluxReads {
  constructor(
    private readonly conn: InfluxConnection,
    private readonly pending: PendingReads,
    private readonly clock: () => number,
  ) {}

  private get raw(): string {
    return rawSource(this.conn.database);
  }

  /** Rows of one statement; a database not created yet holds nothing. */
  private async rows(q: string, where: Where): Promise<Array<Record<string, unknown>>> {
    try {
      return rowsOf((await this.conn.query(q, where.params))[0]);
    } catch (err) {
      if (isMissingDatabase(err)) return [];
      throw err;
    }
  }

  async total(): Promise<number> {
    const local = this.pending.total();
    const where = new Where().field('seq', '<=', local.watermark);
    const [row] = await this.rows(`SELECT count("n") AS "n" FROM ${this.raw}${where}`, where);
    return local.value + Number(row?.n ?? 0);
  }

  /** Newest first. While InfluxDB does not answer: the spool's shipped tail and what waits. */
  async recent(n: number): Promise<Report[]> {
    const local = this.pending.recent(n);
    let stored: SeqReport[];
    try {
      stored = await this.newest(n, local.watermark);
    } catch {
      return this.pending
        .recent(n, true)
        .value.sort(byNewest)
        .map((r) => r.report);
    }
    return [...local.value, ...stored]
      .sort(byNewest)
      .slice(0, n)
      .map((r) => r.report);
  }

  /** Oldest first, read a page at a time. */
  async since(from: number, to?: number): Promise<Report[]> {
    const local = this.pending.since(from, to ?? Number.MAX_SAFE_INTEGER);
    const where = new Where();
    if (to === undefined) where.since(Math.floor(from));
    else where.timeRange(Math.floor(from), to);
    where.field('seq', '<=', local.watermark);
    const out: SeqReport[] = [...local.value];
    for (let offset = 0; ; offset += PAGE) {
      const page = this.reports(
        await this.rows(
          `SELECT "seq", "report" FROM ${this.raw}${where} ORDER BY time ASC${limit(PAGE, offset)}`,
          where,
        ),
      );
      out.push(...page);
      if (page.length < PAGE) break;
    }
    return out.sort((a, b) => -byNewest(a, b)).map((r) => r.report);
  }

  /**
   * The newest `n` stored reports. ORDER BY time DESC without a time bound makes InfluxDB merge
   * every series over the whole raw retention (seconds on a busy year), so look back an hour
   * first and widen only when that holds fewer than `n`.
   */
  private async newest(n: number, watermark: number): Promise<SeqReport[]> {
    const now = this.clock();
    for (const back of RECENT_LOOKBACK_MS) {
      const where = new Where();
      if (Number.isFinite(back)) where.since(Math.floor(now - back));
      where.field('seq', '<=', watermark);
      const found = this.reports(
        await this.rows(
          `SELECT "seq", "report" FROM ${this.raw}${where} ORDER BY time DESC${limit(n)}`,
          where,
        ),
      );
      if (found.length >= n || !Number.isFinite(back)) return found;
    }
    return [];
  }

  async counts(query: CountQuery): Promise<Array<{ key: string; count: number }>> {
    const local = this.pending.counts(query.from, query.to, query.by, query.regionCode);
    const where = new Where()
      .timeRange(query.from, query.to)
      .region(query.regionCode)
      .field('seq', '<=', local.watermark);
    const totals = new Map(local.value.map((c) => [c.key, c.count]));
    const add = (key: string, n: number) => totals.set(key, (totals.get(key) ?? 0) + n);
    if (query.by === 'region') {
      // The full region code is a field (a group code would multiply the series): count it here.
      const rows = await this.rows(`SELECT "regionCode" FROM ${this.raw}${where}`, where);
      for (const row of rows) add(String(row.regionCode), 1);
    } else {
      const rows = await this.rows(
        `SELECT count("n") AS "n" FROM ${this.raw}${where} GROUP BY ${ident(query.by)}`,
        where,
      );
      for (const row of rows) add(fromTagValue(String(row[query.by] ?? '')), Number(row.n));
    }
    return [...totals]
      .map(([key, count]) => ({ key, count }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count);
  }

  /**
   * Buckets from the rollups where they are final, from raw reports for the recent rest, plus
   * what waits in the spool. InfluxQL's GROUP BY time() takes an offset, so buckets start at
   * `from` (for days: midnight in Asia/Shanghai).
   */
  async history(request: HistoryRequest): Promise<History> {
    const { from, to, bucketMs, by, regionCode } = request;
    const local = this.pending.history(from, to, bucketMs, by, regionCode);
    const grain = rollupGrain(request);
    const now = this.clock();
    let split = from;
    if (grain) {
      const unit = grain === 'hour' ? HOUR_MS : MINUTE_MS;
      const settled = Math.floor((now - ROLLUP_SETTLE_MS[grain]) / unit) * unit;
      split = Math.max(from, Math.min(to, settled));
    }
    const rows = [...local.value];
    const group = ` GROUP BY time(${msDuration(bucketMs)}, ${from % bucketMs}ms), ${ident(by)} fill(none)`;
    if (grain && split > from) {
      const rollup =
        grain === 'hour'
          ? source(this.conn.database, RP.hour, ROLLUP.hour)
          : source(this.conn.database, RP.minute, ROLLUP.minute);
      const where = new Where().timeRange(from, split).region(regionCode);
      rows.push(
        ...this.buckets(
          await this.rows(`SELECT sum("n") AS "n" FROM ${rollup}${where}${group}`, where),
          request,
        ),
      );
    }
    if (split < to) {
      const where = new Where()
        .timeRange(split, to)
        .region(regionCode)
        .field('seq', '<=', local.watermark);
      rows.push(
        ...this.buckets(
          await this.rows(`SELECT count("n") AS "n" FROM ${this.raw}${where}${group}`, where),
          request,
        ),
      );
    }
    return buildHistory(request, rows);
  }

  private buckets(
    rows: Array<Record<string, unknown>>,
    request: HistoryRequest,
  ): Array<{ b: number; key: string; n: number }> {
    return rows.map((row) => ({
      b: Math.floor((Number(row.time) - request.from) / request.bucketMs),
      key: fromTagValue(String(row[request.by] ?? '')),
      n: Number(row.n ?? 0),
    }));
  }

  private reports(rows: Array<Record<string, unknown>>): SeqReport[] {
    return rows.map((row) => ({
      seq: Number(row.seq),
      report: reportFromJson(String(row.report)),
    }));
  }
}
