import type { HistoryRequest } from '../store.js';
import { grainStart, MINUTE_MS } from './schema.js';

/**
 * Minutes kept. The part of a history the rollups cannot answer yet is the last unsettled
 * minutes (ROLLUP_SETTLE_MS.minute plus the current one), well inside this.
 */
const KEEP_MS = 10 * MINUTE_MS;
/**
 * How far ahead the fill reads (InfluxQL's GROUP BY time() stops at now() unless told): reports
 * stamped ahead of the clock count too. Requests ending later are not answered here.
 */
const AHEAD_MS = 365 * 24 * 60 * MINUTE_MS;

/** What a report is counted under: its minute, region (town, or county), source and category. */
export interface TailReport {
  occurredAt: number;
  regionCode: string;
  source: string;
  category: string;
}

/** Counts per minute already grouped, as the fill's InfluxDB query returns them. */
export interface TailRow {
  minute: number;
  region: string;
  source: string;
  category: string;
  n: number;
}

/**
 * Per-minute counts of every stored report that occurred since `since`, kept in memory: the
 * unsettled minutes of a history would otherwise be a raw-report query, which costs InfluxDB a
 * cursor per village, source, category and level of the day's shard (~25 ms on a county) however
 * few minutes it spans. Filled once from InfluxDB and the spool at one instant, then kept
 * current from the spool's commits (this backend is the only writer of its database) and what
 * the drainer sets aside (never in InfluxDB). It counts the spool's waiting reports too, so a
 * history answered from it takes the spool only for the part before it.
 */
export class TailCounts {
  /** Minute start → `region|source|category` → reports. */
  private readonly minutes = new Map<number, Map<string, number>>();
  /** Null until filled: every report occurring in [since, until) is counted. */
  private since: number | null = null;
  private until = 0;
  /** Commits and set-asides while a fill is in flight, after its instant: applied once it lands. */
  private during: { added: TailReport[]; removed: TailReport[] } | null = null;
  private filling: Promise<void> | null = null;

  constructor(private readonly clock: () => number) {}

  /**
   * Fill once. `read` takes the spool's part synchronously (before its first await) and then
   * InfluxDB's below the spool's watermark; commits from then on are buffered meanwhile.
   */
  async fill(read: (since: number, until: number) => Promise<TailRow[]>): Promise<void> {
    if (this.since !== null) return;
    this.filling ??= (async () => {
      const now = this.clock();
      const since = grainStart('minute', now - KEEP_MS);
      const until = grainStart('minute', now + AHEAD_MS);
      const during: { added: TailReport[]; removed: TailReport[] } = { added: [], removed: [] };
      this.during = during;
      try {
        const rows = await read(since, until);
        for (const row of rows) this.bump(row.minute, key(row), row.n);
        this.since = since;
        this.until = until;
        this.change(during.added, 1);
        this.change(during.removed, -1);
      } finally {
        this.during = null;
        this.filling = null;
      }
    })();
    await this.filling;
  }

  /** Newly committed reports (synchronously with the spool's commit). */
  added(reports: readonly TailReport[]): void {
    if (this.during) this.during.added.push(...reports);
    else this.change(reports, 1);
  }

  /**
   * Reports set aside: never in InfluxDB. Each was counted once, by the spool's part of the fill
   * (it waited then) or as a commit since, so it is taken off once.
   */
  removed(reports: readonly TailReport[]): void {
    if (this.during) this.during.removed.push(...reports);
    else this.change(reports, -1);
  }

  /** Requests whose minutes fall whole into buckets, for the county or a town (as counted). */
  suits(request: HistoryRequest): boolean {
    return (
      request.from % MINUTE_MS === 0 &&
      request.bucketMs % MINUTE_MS === 0 &&
      (request.regionCode ?? '').length <= 9
    );
  }

  /** Whether [at, request.to) can be counted here. */
  covers(request: HistoryRequest, at: number): boolean {
    this.prune();
    return (
      this.since !== null &&
      this.suits(request) &&
      at >= this.since &&
      at % MINUTE_MS === 0 &&
      request.to <= this.until
    );
  }

  /** Counts of [at, request.to) per bucket index and key, the shape `buildHistory` takes. */
  history(request: HistoryRequest, at: number): Array<{ b: number; key: string; n: number }> {
    const rows: Array<{ b: number; key: string; n: number }> = [];
    const region = request.regionCode ?? '';
    for (const [minute, counts] of this.minutes) {
      if (minute < at || minute >= request.to) continue;
      const b = Math.floor((minute - request.from) / request.bucketMs);
      for (const [k, n] of counts) {
        const [code = '', source = '', category = ''] = k.split('|');
        if (!code.startsWith(region)) continue;
        rows.push({ b, key: request.by === 'source' ? source : category, n });
      }
    }
    return rows;
  }

  private change(reports: readonly TailReport[], sign: 1 | -1): void {
    if (this.since === null) return;
    // Here too, not only when asked: a quiet wall must not let the minutes pile up.
    this.prune();
    for (const r of reports) {
      const minute = grainStart('minute', r.occurredAt);
      if (minute >= this.since && minute < this.until) this.bump(minute, key(tailKey(r)), sign);
    }
  }

  private bump(minute: number, k: string, n: number): void {
    let counts = this.minutes.get(minute);
    if (!counts) this.minutes.set(minute, (counts = new Map()));
    counts.set(k, (counts.get(k) ?? 0) + n);
  }

  /** Drop minutes too old to be asked for; what is kept still covers everything since `since`. */
  private prune(): void {
    if (this.since === null) return;
    const keepFrom = grainStart('minute', this.clock() - KEEP_MS);
    if (keepFrom <= this.since) return;
    for (const minute of this.minutes.keys()) if (minute < keepFrom) this.minutes.delete(minute);
    this.since = keepFrom;
  }
}

/** Region of a report's code as the rollups see it: its town, or its county. */
function tailKey(r: TailReport): Omit<TailRow, 'minute' | 'n'> {
  return { region: r.regionCode.slice(0, 9), source: r.source, category: r.category };
}

function key(row: Omit<TailRow, 'minute' | 'n'>): string {
  return `${row.region}|${row.source}|${row.category}`;
}
