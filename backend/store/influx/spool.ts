import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Report } from '#contracts';
import { runMigrations } from '../sqlite/migrations.js';
import type { AppendResult } from '../store.js';
import { StoreUnavailable } from '../store.js';

/**
 * The spool's tables. `spool` holds accepted reports in acceptance order until InfluxDB has them
 * (and a short tail after, for reads while InfluxDB is away); `keys` is the idempotency index of
 * (source, externalId); `marks` holds the shipped watermark and the range of late reports whose
 * rollups must be recomputed; `rejected` keeps what InfluxDB refused as malformed.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE spool (
     seq          INTEGER PRIMARY KEY AUTOINCREMENT,
     id           TEXT NOT NULL,
     occurred_at  INTEGER NOT NULL,
     enqueued_at  INTEGER NOT NULL,
     region_code  TEXT NOT NULL,
     source       TEXT NOT NULL,
     category     TEXT NOT NULL,
     report       TEXT NOT NULL
   );
   CREATE TABLE keys (
     source       TEXT NOT NULL,
     external_id  TEXT NOT NULL,
     id           TEXT NOT NULL,
     received_at  INTEGER NOT NULL,
     PRIMARY KEY (source, external_id)
   ) WITHOUT ROWID;
   CREATE INDEX keys_received_at ON keys (received_at);
   CREATE TABLE marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO marks (name, value) VALUES ('shipped', 0);
   CREATE TABLE rejected (
     seq    INTEGER PRIMARY KEY,
     report TEXT NOT NULL,
     error  TEXT NOT NULL,
     at     INTEGER NOT NULL
   );`,
];

/**
 * Shipped rows kept after InfluxDB has them, so reads are answered while InfluxDB is away (a start
 * during an outage replays the last 24 h from here): every report accepted in the last 25 hours,
 * and at least the newest 1,000, but never more than 50,000 (a county's day fits many times over;
 * past that the oldest go and the reads say they could not be answered in full).
 */
const TAIL_MIN_ROWS = 1_000;
const TAIL_MAX_ROWS = 50_000;
const TAIL_KEEP_MS = 25 * 3_600_000;
/**
 * Reports may be dated a few minutes ahead of the clock (ingest takes 5): a spool that cannot
 * know what it once held vouches only for reports dated after now plus this.
 */
const AHEAD_MARGIN_MS = 10 * 60_000;

export interface SpoolRow {
  seq: number;
  occurredAt: number;
  report: string;
}

export interface TimeRange {
  from: number;
  to: number;
}

interface PendingAppend {
  reports: readonly Report[];
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/**
 * The durable local spool in front of InfluxDB: SQLite in WAL mode with synchronous=FULL, so an
 * append resolves only once its reports are on disk. Appends queued in one event-loop turn share
 * one transaction and one fsync (group commit). Bounded: an append that would take the spool past
 * `maxPending` unshipped reports is refused with StoreUnavailable (503 + Retry-After).
 */
export class Spool {
  readonly db: Database.Database;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private lastSeq: number;
  private shippedSeq: number;
  private prunedUntil: number;
  private readonly stmts;
  private readonly listeners = new Set<(inserted: readonly Report[]) => void>();
  private readonly setAsideListeners = new Set<(rows: readonly SpoolRow[]) => void>();

  constructor(
    file: string,
    private readonly options: {
      maxPending: number;
      clock: () => number;
      /** Seconds a refused sender should wait (from the drain rate and the store's health). */
      retryAfter: () => number;
    },
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    runMigrations(this.db, MIGRATIONS);
    const db = this.db;
    this.stmts = {
      insertKey: db.prepare(
        `INSERT OR IGNORE INTO keys (source, external_id, id, received_at) VALUES (?, ?, ?, ?)`,
      ),
      existingId: db.prepare(`SELECT id FROM keys WHERE source = ? AND external_id = ?`).pluck(),
      insert: db.prepare(
        `INSERT INTO spool (id, occurred_at, enqueued_at, region_code, source, category, report)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      batch: db.prepare(
        `SELECT seq, occurred_at AS occurredAt, report FROM spool WHERE seq > ? ORDER BY seq LIMIT ?`,
      ),
      oldest: db
        .prepare(`SELECT enqueued_at FROM spool WHERE seq > ? ORDER BY seq LIMIT 1`)
        .pluck(),
      mark: db.prepare(`INSERT OR REPLACE INTO marks (name, value) VALUES (?, ?)`),
      readMark: db.prepare(`SELECT value FROM marks WHERE name = ?`).pluck(),
      clearMark: db.prepare(`DELETE FROM marks WHERE name = ?`),
      prune: db.prepare(`DELETE FROM spool WHERE seq <= ?`),
      // Scans up from the oldest row: as many rows as are about to go, plus one.
      firstSince: db
        .prepare(`SELECT seq FROM spool WHERE seq <= ? AND enqueued_at >= ? ORDER BY seq LIMIT 1`)
        .pluck(),
      maxOccurred: db.prepare(`SELECT max(occurred_at) FROM spool WHERE seq <= ?`).pluck(),
      hasId: db.prepare(`SELECT 1 FROM spool WHERE id = ? LIMIT 1`).pluck(),
      reject: db.prepare(
        `INSERT OR REPLACE INTO rejected (seq, report, error, at) VALUES (?, ?, ?, ?)`,
      ),
      rejected: db.prepare(`SELECT count(*) FROM rejected`).pluck(),
      lastSeq: db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'spool'`).pluck(),
      pruneKeys: db.prepare(`DELETE FROM keys WHERE received_at < ?`),
    };
    this.shippedSeq = this.mark('shipped') ?? 0;
    this.lastSeq = this.readLastSeq();
    const until = this.mark('pruned_until') ?? this.firstPrunedUntil();
    this.prunedUntil = until < 0 ? Number.NEGATIVE_INFINITY : until;
  }

  /**
   * A spool from before `pruned_until` was kept: it vouches for nothing it may have pruned. One
   * that never held a report, or still holds its first, has pruned nothing.
   */
  private firstPrunedUntil(): number {
    const first = this.db.prepare(`SELECT min(seq) FROM spool`).pluck().get() as number | null;
    const value = this.lastSeq === 0 || first === 1 ? -1 : this.options.clock() + AHEAD_MARGIN_MS;
    this.stmts.mark.run('pruned_until', value);
    return value;
  }

  /**
   * Every report dated after this is still in the spool (or was set aside): the latest date of a
   * report pruned from it, or of reports InfluxDB held before this spool (see `adopt`); -Infinity
   * (stored as -1) when the spool has every report it took. A read over a range starting later is answered in full
   * from the spool alone.
   */
  get prunedUntilAt(): number {
    return this.prunedUntil;
  }

  /** The spool holds a report with this id (shipped or not). */
  hasId(id: string): boolean {
    return this.stmts.hasId.get(id) !== undefined;
  }

  /** Unshipped reports: acknowledged, on local disk, not yet in InfluxDB. */
  get pending(): number {
    return this.lastSeq - this.shippedSeq;
  }

  /** Every sequence at or below this is in InfluxDB (or in `rejected`). */
  get shipped(): number {
    return this.shippedSeq;
  }

  /** After every commit that added reports, with them, in the commit's own synchronous step. */
  onAppend(listener: (inserted: readonly Report[]) => void): void {
    this.listeners.add(listener);
  }

  /** Called with the reports set aside (they will never be in InfluxDB). */
  onSetAside(listener: (rows: readonly SpoolRow[]) => void): void {
    this.setAsideListeners.add(listener);
  }

  append(reports: readonly Report[]): Promise<AppendResult> {
    if (!this.db.open) return Promise.reject(new Error('spool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ reports, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commit every queued append in one transaction (one fsync), then answer each. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let pending = this.pending;
    try {
      const results = this.db.transaction(() =>
        batch.map((p) => {
          // Counted before duplicates are known: a full spool refuses a batch of repeats too.
          if (pending + p.reports.length > this.options.maxPending) return null;
          const result = this.insertAll(p.reports);
          pending += result.inserted.length;
          return result;
        }),
      )();
      this.lastSeq = this.readLastSeq();
      batch.forEach((p, i) => {
        const result = results[i];
        if (result) p.resolve(result);
        else p.reject(this.full());
      });
      const inserted = results.flatMap((r) => r?.inserted ?? []);
      if (inserted.length > 0) for (const l of this.listeners) l(inserted);
    } catch (err) {
      this.lastSeq = this.readLastSeq();
      for (const p of batch) p.reject(err);
    }
  }

  private insertAll(reports: readonly Report[]): AppendResult {
    const result: AppendResult = { ids: [], inserted: [], duplicates: 0 };
    const now = this.options.clock();
    for (const r of reports) {
      const added = this.stmts.insertKey.run(r.source, r.externalId, r.id, r.receivedAt);
      if (added.changes === 1) {
        this.stmts.insert.run(
          r.id,
          r.occurredAt,
          now,
          r.regionCode,
          r.source,
          r.category,
          JSON.stringify(r),
        );
        result.ids.push(r.id);
        result.inserted.push(r);
      } else {
        result.duplicates++;
        const id = this.stmts.existingId.get(r.source, r.externalId) as string | undefined;
        result.ids.push(id ?? r.id);
      }
    }
    return result;
  }

  private full(): StoreUnavailable {
    return new StoreUnavailable(
      `the InfluxDB spool is full (${this.pending} of ${this.options.maxPending} reports wait for InfluxDB)`,
      this.options.retryAfter(),
    );
  }

  /** The next unshipped rows in order: at most `limit` rows and about `maxBytes` of JSON. */
  next(limit: number, maxBytes: number): SpoolRow[] {
    const rows = this.stmts.batch.all(this.shippedSeq, limit) as SpoolRow[];
    let bytes = 0;
    const out: SpoolRow[] = [];
    for (const row of rows) {
      bytes += row.report.length * 3; // UTF-8 takes at most 3 bytes per UTF-16 unit
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(row);
    }
    return out;
  }

  /**
   * Continue after `seq`: InfluxDB already holds reports up to it that this spool never sent (a
   * new data dir in front of an old database). Only while this spool has shipped nothing; what
   * it took meanwhile (InfluxDB was down when it started) is numbered after them, in its order.
   * True when it moved.
   */
  adopt(seq: number): boolean {
    if (this.shippedSeq !== 0 || seq <= 0) return false;
    this.db.transaction(() => {
      // Through negatives, so that no two rows ever share a sequence on the way.
      this.db.prepare(`UPDATE spool SET seq = -seq`).run();
      this.db.prepare(`UPDATE spool SET seq = ? - seq`).run(seq);
      this.db.prepare(`DELETE FROM sqlite_sequence WHERE name = 'spool'`).run();
      this.db
        .prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('spool', ?)`)
        .run(this.lastSeq + seq);
      this.stmts.mark.run('shipped', seq);
      // Nothing InfluxDB held before is here: vouch only for what comes after it.
      this.prunedUntil = this.options.clock() + AHEAD_MARGIN_MS;
      this.stmts.mark.run('pruned_until', this.prunedUntil);
    })();
    this.lastSeq += seq;
    this.shippedSeq = seq;
    return true;
  }

  /** InfluxDB has every row up to `seq`: move the watermark and remember late reports' range. */
  markShipped(seq: number, late: TimeRange | null): void {
    this.db.transaction(() => {
      this.stmts.mark.run('shipped', seq);
      if (late) {
        const range = this.lateRange();
        this.stmts.mark.run('late_from', Math.min(late.from, range?.from ?? late.from));
        this.stmts.mark.run('late_to', Math.max(late.to, range?.to ?? late.to));
      }
      this.pruneShipped(seq);
    })();
    this.shippedSeq = seq;
  }

  /**
   * Drop shipped rows no read will need while InfluxDB is away (see TAIL_KEEP_MS), and remember
   * the latest date among them: reads from later on can still be answered here in full.
   */
  private pruneShipped(shipped: number): void {
    const mayGo = shipped - TAIL_MIN_ROWS;
    if (mayGo <= 0) return;
    const recent = this.stmts.firstSince.get(mayGo, this.options.clock() - TAIL_KEEP_MS) as
      number | undefined;
    const cut = Math.max(shipped - TAIL_MAX_ROWS, recent === undefined ? mayGo : recent - 1);
    const until = this.stmts.maxOccurred.get(cut) as number | null;
    if (until === null) return;
    this.stmts.prune.run(cut);
    if (until > this.prunedUntil) {
      this.prunedUntil = until;
      this.stmts.mark.run('pruned_until', until);
    }
  }

  /** Rows InfluxDB cannot take (malformed, or older than the raw retention): kept aside here,
   * never dropped silently. The caller then moves the watermark past them. */
  setAside(rows: readonly SpoolRow[], error: string): void {
    const at = this.options.clock();
    this.db.transaction(() => {
      for (const row of rows) this.stmts.reject.run(row.seq, row.report, error, at);
    })();
    for (const l of this.setAsideListeners) l(rows);
  }

  rejectedCount(): number {
    return this.stmts.rejected.get() as number;
  }

  /** When the oldest unshipped report was accepted; null when none waits. */
  oldestPendingAt(): number | null {
    return (this.stmts.oldest.get(this.shippedSeq) as number | undefined) ?? null;
  }

  /** Occurrence times of shipped reports that came too late for the continuous queries. */
  lateRange(): TimeRange | null {
    const from = this.mark('late_from');
    const to = this.mark('late_to');
    return from === null || to === null ? null : { from, to };
  }

  /** The rollups of `range` were recomputed; forget it unless later reports widened it. */
  clearLate(range: TimeRange): void {
    this.db.transaction(() => {
      const now = this.lateRange();
      if (now && now.from === range.from && now.to === range.to) {
        this.stmts.clearMark.run('late_from');
        this.stmts.clearMark.run('late_to');
      }
    })();
  }

  /** Forget idempotency keys older than the raw retention (their reports are gone too). */
  pruneKeys(before: number): void {
    this.stmts.pruneKeys.run(before);
  }

  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }

  private mark(name: string): number | null {
    return (this.stmts.readMark.get(name) as number | undefined) ?? null;
  }

  private readLastSeq(): number {
    return (this.stmts.lastSeq.get() as number | undefined) ?? 0;
  }
}
