import type { History, Report } from '#contracts';
import { buildHistory } from '../sqlite/sqlite-store.js';
import {
  StoreUnavailable,
  type CountQuery,
  type HistoryRequest,
  type ReportSearch,
  type SearchBatch,
} from '../store.js';
import { describeError, isMissingDatabase, isOutage, type InfluxConnection } from './connection.js';
import { ident, limit, msDuration, PAGE, rawSource, rowsOf, source, Where } from './influxql.js';
import type { PendingReads, SeqReport } from './pending-reads.js';
import type { TailCounts, TailRow } from './tail-counts.js';
import { planHistory, type HistoryPart } from './history.js';
import { searchReports } from './search-reads.js';
import {
  COUNTY_DAY,
  fromTagValue,
  grainStart,
  HOUR_MS,
  reportFromJson,
  ROLLUP,
  RP,
} from './schema.js';

/** How far back `recent` looks, widening until it has enough (the last step is everything). */
const RECENT_LOOKBACK_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, Number.POSITIVE_INFINITY];

/** Retry-After of a read InfluxDB had to answer while it does not. */
const RETRY_READ_S = 30;

function byNewest(a: SeqReport, b: SeqReport): number {
  return b.report.occurredAt - a.report.occurredAt || b.seq - a.seq;
}

/** The newest reports, and whether they are the store's newest (not only the spool's). */
export interface Recent {
  reports: Report[];
  complete: boolean;
}

/** A read InfluxDB did not serve, answered from the spool alone: what, and whether in full. */
export interface SpoolRead {
  what: string;
  complete: boolean;
  error: string;
}

/**
 * The ReportStore reads against InfluxDB, each merged with the spool's unshipped reports (see
 * pending-reads.ts) so a report is readable the moment it is acknowledged.
 */
/** After InfluxDB failed a read of `since`, the next ones go straight to the spool this long. */
const SINCE_OUTAGE_HOLD_MS = 15_000;

export class InfluxReads {
  private sinceOutageUntil = 0;
  private sinceOutage: unknown = null;
  constructor(
    private readonly conn: InfluxConnection,
    private readonly pending: PendingReads,
    private readonly clock: () => number,
    private readonly tail: TailCounts,
    /** Told of every read answered from the spool because InfluxDB did not answer. */
    private readonly fromSpool: (read: SpoolRead) => void = () => {},
  ) {}

  /**
   * InfluxDB did not answer `what`, and the spool cannot answer it in full: 503 with Retry-After,
   * rather than a count or a history that silently misses reports.
   */
  private unavailable(what: string, err: unknown): StoreUnavailable {
    const until = this.pending.prunedUntil;
    const held = Number.isFinite(until)
      ? `; the local spool holds only reports dated after ${new Date(until).toISOString()}`
      : '';
    return new StoreUnavailable(
      `InfluxDB is not answering (${describeError(err)}): ${what} cannot be read${held}`,
      RETRY_READ_S,
    );
  }

  /** Tell the store a read was answered from the spool, and whether in full. */
  private spoolRead(what: string, complete: boolean, err: unknown): void {
    this.fromSpool({ what, complete, error: describeError(err) });
  }

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
    try {
      const [row] = await this.rows(`SELECT count("n") AS "n" FROM ${this.raw}${where}`, where);
      return local.value + Number(row?.n ?? 0);
    } catch (err) {
      if (!isOutage(err)) throw err;
      throw this.unavailable('the total of reports', err);
    }
  }

  /**
   * Newest first. While InfluxDB does not answer: the spool's shipped tail and what waits, which
   * are the store's newest when the spool has every report dated from the oldest of them on.
   */
  async recent(n: number): Promise<Recent> {
    const local = this.pending.recent(n);
    let stored: SeqReport[];
    try {
      stored = await this.newest(n, local.watermark);
    } catch (err) {
      if (!isOutage(err)) throw err;
      const all = this.pending.recent(n, 'all').value;
      const last = all.at(-1);
      const complete =
        all.length < n
          ? this.pending.holdsAll()
          : this.pending.covers(last?.report.occurredAt ?? 0);
      this.spoolRead(`the newest ${n} reports`, complete, err);
      return { reports: all.map((r) => r.report), complete };
    }
    const reports = [...local.value, ...stored]
      .sort(byNewest)
      .slice(0, n)
      .map((r) => r.report);
    return { reports, complete: true };
  }

  /**
   * One report by id: the spool first (every report waits there until shipped, and its tail
   * stays), then InfluxDB by its `id` field. The field is not indexed, so this scans: it serves a
   * person's click (a correction, an order's page), never a hot path.
   */
  async get(id: string): Promise<Report | null> {
    const local = this.pending.byId(id);
    if (local.value) return local.value.report;
    const where = new Where().field('id', '=', id);
    try {
      const [row] = this.reports(
        await this.rows(`SELECT "seq", "report" FROM ${this.raw}${where} LIMIT 1`, where),
      );
      return row?.report ?? null;
    } catch (err) {
      if (!isOutage(err)) throw err;
      throw this.unavailable(`report ${id}`, err);
    }
  }

  /**
   * Oldest first, read a page at a time. While InfluxDB does not answer, what the spool holds:
   * a start during an outage must come up (its replay of the last 24 h reads this), so this
   * never refuses; the store is told when the spool could not answer in full.
   */
  async since(from: number, to?: number): Promise<Report[]> {
    const end = to ?? Number.MAX_SAFE_INTEGER;
    // A warm-up reads a week an hour at a time: against an InfluxDB that accepts connections and
    // never answers, each read would wait out the request timeout (168 × 10 s before the server
    // listens). After one outage the next reads within a while go to the spool at once.
    if (Date.now() < this.sinceOutageUntil) {
      this.spoolRead(
        `reports since ${new Date(from).toISOString()}`,
        this.pending.covers(from),
        this.sinceOutage,
      );
      return this.pending.since(from, end, 'all').value.map((r) => r.report);
    }
    const local = this.pending.since(from, end);
    const where = new Where();
    if (to === undefined) where.since(Math.floor(from));
    else where.timeRange(Math.floor(from), to);
    where.field('seq', '<=', local.watermark);
    const out: SeqReport[] = [...local.value];
    try {
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
    } catch (err) {
      if (!isOutage(err)) throw err;
      this.sinceOutage = err;
      this.sinceOutageUntil = Date.now() + SINCE_OUTAGE_HOLD_MS;
      const all = this.pending.since(from, end, 'all').value;
      this.spoolRead(
        `reports since ${new Date(from).toISOString()}`,
        this.pending.covers(from),
        err,
      );
      return all.map((r) => r.report);
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

  /** One page of a search (search-reads.ts). */
  search(search: ReportSearch): Promise<SearchBatch> {
    return searchReports(
      {
        clock: this.clock,
        pending: this.pending,
        select: async (q, where) => this.reports(await this.rows(q, where)),
        raw: this.raw,
        unavailable: (what, err) => this.unavailable(what, err),
      },
      search,
    );
  }

  async counts(query: CountQuery): Promise<Array<{ key: string; count: number }>> {
    const local = this.pending.counts(query);
    let stored: Array<{ key: string; count: number }>;
    try {
      stored = await this.storedCounts(query, local.watermark);
    } catch (err) {
      if (!isOutage(err)) throw err;
      if (!this.pending.covers(query.from)) throw this.unavailable('these counts', err);
      this.spoolRead('counts', true, err);
      return sortCounts(this.pending.counts(query, 'all').value);
    }
    return sortCounts([...local.value, ...stored]);
  }

  private async storedCounts(
    query: CountQuery,
    watermark: number,
  ): Promise<Array<{ key: string; count: number }>> {
    const where = new Where()
      .timeRange(query.from, query.to)
      .region(query.regionCode)
      .field('seq', '<=', watermark);
    if (query.by === 'region') {
      // The full region code is a field (a group code would multiply the series): count it here.
      const rows = await this.rows(`SELECT "regionCode" FROM ${this.raw}${where}`, where);
      return rows.map((row) => ({ key: String(row.regionCode), count: 1 }));
    }
    const rows = await this.rows(
      `SELECT count("n") AS "n" FROM ${this.raw}${where} GROUP BY ${ident(query.by)}`,
      where,
    );
    return rows.map((row) => ({
      key: fromTagValue(String(row[query.by] ?? '')),
      count: Number(row.n),
    }));
  }

  /**
   * Each part of the range from the cheapest exact source (see planHistory), plus what waits in
   * the spool. The parts are asked for at once: they are independent, and InfluxDB answers them
   * side by side. InfluxQL's GROUP BY time() takes an offset, so buckets start at `from` (for
   * days: midnight in Asia/Shanghai).
   */
  async history(request: HistoryRequest): Promise<History> {
    try {
      return await this.storedHistory(request);
    } catch (err) {
      if (!isOutage(err)) throw err;
      if (!this.pending.covers(request.from)) throw this.unavailable('this history', err);
      this.spoolRead('a history', true, err);
      const { from, to, bucketMs, by, regionCode } = request;
      const local = this.pending.history(from, to, bucketMs, by, regionCode, 'all');
      return buildHistory(request, local.value);
    }
  }

  private async storedHistory(request: HistoryRequest): Promise<History> {
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

/** Counts per key summed, biggest first, none of zero. */
function sortCounts(
  counts: ReadonlyArray<{ key: string; count: number }>,
): Array<{ key: string; count: number }> {
  const totals = new Map<string, number>();
  for (const { key, count } of counts) totals.set(key, (totals.get(key) ?? 0) + count);
  return [...totals]
    .map(([key, count]) => ({ key, count }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
}
