import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { History, Report } from '#contracts';
import { HISTORY_KEYS } from '#contracts';
import type {
  AppendResult,
  CountQuery,
  HistoryRequest,
  ReportSearch,
  ReportStore,
  SearchBatch,
} from '../store.js';
import { migrate } from './migrations.js';
import { DAY_MS, HOUR_MS, RollupWriter, dayBucket, type Grain } from './rollups.js';
import { fromRow, toRow, type ReportRow } from './rows.js';
import { searchSql } from './search-sql.js';

const BUSY_WINDOW_MS = 5;
const MAX_GROUP_ROWS = 2000;

interface PendingAppend {
  reports: readonly Report[];
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/** Prefix range on region codes: a subtree is every code starting with the region's code. */
function regionRange(code: string | undefined): { lo: string; hi: string } {
  return code ? { lo: code, hi: `${code}~` } : { lo: '', hi: '~' };
}

/**
 * The embedded store: SQLite in WAL mode with synchronous=FULL, so a report is on disk before its
 * 2xx. Concurrent appends are group-committed: every append queued in one event-loop turn shares
 * one transaction and one fsync.
 */
export class SqliteReportStore implements ReportStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private pendingRows = 0;
  private lastFlushAt = -Infinity;
  private lastGroupSize = 0;
  private open = true;
  private readonly stmts;
  private readonly rollups: RollupWriter;

  constructor(dataDir: string, file = 'minqing.db') {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, file));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('cache_size = -65536'); // 64 MiB of page cache: indexes stay hot
    migrate(this.db);
    this.rollups = new RollupWriter(this.db);
    this.stmts = {
      insert: this.db.prepare(
        `INSERT OR IGNORE INTO reports (id, source, external_id, occurred_at, received_at, region_code,
           category, text, reporter_name, phone_masked, phone_hash, lat, lng, address, level, rule_id,
           category_inferred, urgency, negativity, repeat_of, triage, judgement)
         VALUES (@id, @source, @external_id, @occurred_at, @received_at, @region_code, @category,
           @text, @reporter_name, @phone_masked, @phone_hash, @lat, @lng, @address, @level, @rule_id,
           @category_inferred, @urgency, @negativity, @repeat_of, @triage, @judgement)`,
      ),
      byId: this.db.prepare(`SELECT * FROM reports WHERE id = ?`),
      existingId: this.db
        .prepare(`SELECT id FROM reports WHERE source = ? AND external_id = ?`)
        .pluck(),
      recent: this.db.prepare(`SELECT * FROM reports ORDER BY occurred_at DESC, seq DESC LIMIT ?`),
      since: this.db.prepare(
        `SELECT * FROM reports WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, seq`,
      ),
      total: this.db.prepare(`SELECT count(*) FROM reports`).pluck(),
    };
  }

  append(reports: readonly Report[]): Promise<AppendResult> {
    if (!this.open) return Promise.reject(new Error('store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ reports, resolve, reject });
      this.pendingRows += reports.length;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Under concurrent load (the last commit was shared and finished moments ago) wait a
        // millisecond so more requests share this commit and its fsync; else commit at once.
        const busy =
          this.lastGroupSize > 1 && performance.now() - this.lastFlushAt < BUSY_WINDOW_MS;
        if (busy && this.pendingRows < MAX_GROUP_ROWS) setTimeout(() => this.flush(), 1);
        else setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    this.pendingRows = 0;
    this.lastGroupSize = batch.length;
    if (batch.length === 0) return;
    try {
      const results = this.db.transaction(() => {
        const done = batch.map((p) => this.insertAll(p.reports));
        this.rollups.add(done.flatMap((r) => r.inserted));
        return done;
      })();
      batch.forEach((p, i) => p.resolve(results[i] as AppendResult));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.lastFlushAt = performance.now();
    }
  }

  private insertAll(reports: readonly Report[]): AppendResult {
    const result: AppendResult = { ids: [], inserted: [], duplicates: 0 };
    for (const report of reports) {
      const info = this.stmts.insert.run(toRow(report));
      if (info.changes === 1) {
        result.ids.push(report.id);
        result.inserted.push(report);
      } else {
        result.duplicates++;
        const id = this.stmts.existingId.get(report.source, report.externalId) as
          string | undefined;
        result.ids.push(id ?? report.id);
      }
    }
    return result;
  }

  async get(id: string): Promise<Report | null> {
    const row = this.stmts.byId.get(id) as ReportRow | undefined;
    return row ? fromRow(row) : null;
  }

  async recent(limit: number): Promise<Report[]> {
    return (this.stmts.recent.all(limit) as ReportRow[]).map(fromRow);
  }

  async since(from: number, to = Number.MAX_SAFE_INTEGER): Promise<Report[]> {
    return (this.stmts.since.all(from, to) as ReportRow[]).map(fromRow);
  }

  /** One page of a search, on an index (see searchSql for the plans and their cost). */
  async search(query: ReportSearch): Promise<SearchBatch> {
    if (query.regions.length === 0 || query.limit <= 0) return { reports: [], next: null };
    const { sql, params } = searchSql(query);
    const reports = (this.db.prepare(sql).all(params) as ReportRow[]).map(fromRow);
    const last = reports.at(-1);
    return {
      reports,
      next:
        last && reports.length === query.limit
          ? { occurredAt: last.occurredAt, id: last.id }
          : null,
    };
  }

  async counts(query: CountQuery): Promise<Array<{ key: string; count: number }>> {
    const column = { region: 'region_code', category: 'category', source: 'source' }[query.by];
    const { lo, hi } = regionRange(query.regionCode);
    const rows = this.db
      .prepare(
        `SELECT ${column} AS key, count(*) AS count FROM reports
         WHERE occurred_at >= ? AND occurred_at < ? AND region_code >= ? AND region_code < ?
         GROUP BY ${column} ORDER BY count DESC`,
      )
      .all(query.from, query.to, lo, hi) as Array<{ key: string; count: number }>;
    return rows;
  }

  async history(request: HistoryRequest): Promise<History> {
    const grain = rollupGrain(request);
    if (grain) return this.historyFromRollups(request, grain);
    const column = request.by === 'source' ? 'source' : 'category';
    const { lo, hi } = regionRange(request.regionCode);
    const rows = this.db
      .prepare(
        // better-sqlite3 binds JS numbers as REAL: cast, or the bucket index has a fraction.
        `SELECT CAST((occurred_at - @from) / @bucket AS INTEGER) AS b, ${column} AS key, count(*) AS n FROM reports
         WHERE occurred_at >= @from AND occurred_at < @to AND region_code >= @lo AND region_code < @hi
         GROUP BY b, key`,
      )
      .all({ from: request.from, to: request.to, bucket: request.bucketMs, lo, hi }) as Array<{
      b: number;
      key: string;
      n: number;
    }>;
    return buildHistory(request, rows);
  }

  private historyFromRollups(request: HistoryRequest, grain: Grain): History {
    const column = request.by === 'source' ? 'source' : 'category';
    const scope = request.regionCode ?? this.countyCode();
    const rows = this.db
      .prepare(
        // Cast as for raw reports: bound as REAL, a day in a two-day bucket would land at 0.5.
        `SELECT CAST((bucket - @from) / @bucket AS INTEGER) AS b, ${column} AS key, sum(n) AS n FROM rollups
         WHERE grain = @grain AND scope = @scope AND bucket >= @from AND bucket < @to
         GROUP BY b, key`,
      )
      .all({
        grain,
        scope,
        from: request.from,
        to: request.to,
        bucket: request.bucketMs,
      }) as Array<{
      b: number;
      key: string;
      n: number;
    }>;
    return buildHistory(request, rows);
  }

  private countyCode(): string {
    return (
      (this.db.prepare(`SELECT substr(region_code, 1, 6) FROM reports LIMIT 1`).pluck().get() as
        string | undefined) ?? ''
    );
  }

  async total(): Promise<number> {
    return this.stmts.total.get() as number;
  }

  isReady(): boolean {
    return this.open && this.db.open;
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.flush();
    this.open = false;
    this.db.close();
  }
}

/**
 * Rollups answer whole hours/days for the county or a town, when the request's buckets are
 * multiples of the grain and start on its boundaries.
 */
function rollupGrain(request: HistoryRequest): Grain | null {
  if (request.regionCode && request.regionCode.length > 9) return null;
  if (request.bucketMs % DAY_MS === 0 && request.from === dayBucket(request.from)) return 'day';
  if (request.bucketMs % HOUR_MS === 0 && request.from % HOUR_MS === 0) return 'hour';
  return null;
}

export function buildHistory(
  request: HistoryRequest,
  rows: ReadonlyArray<{ b: number; key: string; n: number }>,
): History {
  const bucketCount = Math.ceil((request.to - request.from) / request.bucketMs);
  const buckets = Array.from(
    { length: bucketCount },
    (_, i) => request.from + i * request.bucketMs,
  );
  const keys: readonly string[] = HISTORY_KEYS[request.by];
  const series = new Map(keys.map((k) => [k, new Array<number>(bucketCount).fill(0)]));
  for (const row of rows) {
    const counts = series.get(row.key);
    if (counts && row.b >= 0 && row.b < bucketCount) counts[row.b] = (counts[row.b] ?? 0) + row.n;
  }
  return {
    from: request.from,
    to: request.to,
    bucketMinutes: request.bucketMs / 60_000,
    by: request.by,
    buckets,
    series: [...series].map(([key, counts]) => ({ key, counts })),
  };
}
