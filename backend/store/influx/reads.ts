import type { History, Report } from '#contracts';
import { buildHistory } from '../sqlite/sqlite-store.js';
import type { CountQuery, HistoryRequest } from '../store.js';
import { isMissingDatabase, type InfluxConnection } from './connection.js';
import { ident, limit, msDuration, rawSource, rowsOf, source, Where } from './influxql.js';
import type { PendingReads, SeqReport } from './pending-reads.js';
import type { TailCounts, TailRow } from './tail-counts.js';
import { planHistory, type HistoryPart } from './history.js';
import {
  COUNTY_DAY,
  fromTagValue,
  grainStart,
  HOUR_MS,
  reportFromJson,
  ROLLUP,
  RP,
} from './schema.js';

/** Rows per page when reading raw reports back (InfluxDB may cap rows per answer). */
const PAGE = 5_000;

/** How far back `recent` looks, widening until it has enough (the last step is everything). */
const RECENT_LOOKBACK_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, Number.POSITIVE_INFINITY];

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
    private readonly tail: TailCounts,
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
   * Each part of the range from the cheapest exact source (see planHistory), plus what waits in
   * the spool. The parts are asked for at once: they are independent, and InfluxDB answers them
   * side by side. InfluxQL's GROUP BY time() takes an offset, so buckets start at `from` (for
   * days: midnight in Asia/Shanghai).
   */
  async history(request: HistoryRequest): Promise<History> {
    const { from, to, bucketMs, by, regionCode } = request;
    const parts = planHistory(request, this.clock());
    const last = parts.at(-1);
    // The unsettled minutes from memory rather than a raw-report query (see TailCounts).
    let tail: HistoryPart | undefined;
    if (last?.source === 'raw' && this.tail.suits(request)) {
      await this.tail.fill((since, until) => this.fillTail(since, until));
      if (this.tail.covers(request, last.from)) tail = parts.pop();
    }
    // Synchronous from here to the queries: the spool, its watermark and the tail at one instant.
    const local = this.pending.history(from, tail?.from ?? to, bucketMs, by, regionCode);
    const rows = [...local.value, ...(tail ? this.tail.history(request, tail.from) : [])];
    const answers = await Promise.all(parts.map((part) => this.historyPart(request, part, local)));
    return buildHistory(request, [...rows, ...answers.flat()]);
  }

  /** Stored reports in [since, until) per minute and region, and the spool's, at one instant. */
  private async fillTail(since: number, until: number): Promise<TailRow[]> {
    const local = this.pending.tail(since, until);
    const where = new Where().timeRange(since, until).field('seq', '<=', local.watermark);
    const rows = await this.rows(
      `SELECT count("n") AS "n" FROM ${this.raw}${where} ` +
        `GROUP BY time(1m), "county", "town", "source", "category" fill(none)`,
      where,
    );
    const stored = rows.map((row) => ({
      minute: Number(row.time),
      region: fromTagValue(String(row.town || row.county || '')),
      source: fromTagValue(String(row.source ?? '')),
      category: fromTagValue(String(row.category ?? '')),
      n: Number(row.n),
    }));
    const waiting = local.value.map((r) => ({
      minute: grainStart('minute', r.occurredAt),
      region: r.regionCode.slice(0, 9),
      source: r.source,
      category: r.category,
      n: 1,
    }));
    return [...stored, ...waiting];
  }

  private async historyPart(
    request: HistoryRequest,
    part: HistoryPart,
    local: { watermark: number },
  ): Promise<Array<{ b: number; key: string; n: number }>> {
    const { from, bucketMs, by, regionCode } = request;
    const group = ` GROUP BY time(${msDuration(bucketMs)}, ${from % bucketMs}ms), ${ident(by)} fill(none)`;
    const where = new Where().timeRange(part.from, part.to).region(regionCode);
    let q: string;
    if (part.source === 'raw') {
      // Reports still in the spool are counted from there (local), not twice.
      where.field('seq', '<=', local.watermark);
      q = `SELECT count("n") AS "n" FROM ${this.raw}${where}${group}`;
    } else {
      // A county's (or the whole database's) days: the rollup of this dimension alone.
      const county = part.source === 'day' && (regionCode ?? '').length <= 6;
      const measurement = county ? COUNTY_DAY[by] : ROLLUP[part.source];
      const rollup = source(this.conn.database, RP[part.source], measurement);
      q = `SELECT sum("n") AS "n" FROM ${rollup}${where}${group}`;
    }
    return this.buckets(await this.rows(q, where), request);
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
