import { join } from 'node:path';
import type { History, Report } from '#contracts';
import type { Logger } from '../../platform/logger.js';
import type {
  AppendResult,
  CountQuery,
  HistoryRequest,
  ReportSearch,
  ReportStore,
  SearchBatch,
  StoreStatus,
} from '../store.js';
import { parseDuration, type InfluxConfig } from './config.js';
import { InfluxConnection } from './connection.js';
import { Drainer } from './drainer.js';
import { PendingReads } from './pending-reads.js';
import { InfluxReads, type SpoolRead } from './reads.js';
import { RecentCache } from './recent-cache.js';
import { reportFromJson } from './schema.js';
import { Spool } from './spool.js';
import { TailCounts } from './tail-counts.js';

/** Reports waiting longer than this make the store `degraded` (the wall shows 时序库延迟). */
const DEGRADED_LAG_MS = 5_000;
const STATUS_EVERY_MS = 1_000;
const KEY_PRUNE_EVERY_MS = 3_600_000;
/** Retry-After while InfluxDB does not answer at all. */
const RETRY_WHILE_DOWN_S = 30;

/** What /readyz shows of this store: the spool's figures and where set-up and reads stand. */
export interface InfluxStoreStatus extends StoreStatus {
  /** The database, retention policies and continuous queries are set up (they wait for InfluxDB). */
  schemaReady: boolean;
  /**
   * The last read InfluxDB could not serve that the spool could not answer in full either (while
   * InfluxDB was down: the levels replayed at a start then may miss older reports until the next
   * replay); null when none.
   */
  partialRead: { what: string; at: number; error: string } | null;
}

export interface InfluxStoreOptions {
  config: InfluxConfig;
  /** The spool (`influx-spool.db`) lives here. */
  dataDir: string;
  log: Logger;
  clock?: () => number;
}

/**
 * Reports and their counts in InfluxDB, behind a durable local spool. `append` resolves once the
 * spool has the reports on disk; the drainer ships them to InfluxDB in order. When InfluxDB is
 * slow or away the store goes on accepting (until the spool is full) and says `degraded`.
 */
export class InfluxReportStore implements ReportStore {
  readonly kind = 'influx';
  readonly spool: Spool;
  readonly conn: InfluxConnection;
  private readonly drainer: Drainer;
  private readonly reads: InfluxReads;
  private readonly recentCache = new RecentCache();
  private readonly clock: () => number;
  private readonly listeners = new Set<(status: StoreStatus) => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private last: StoreStatus | null = null;
  private partialRead: InfluxStoreStatus['partialRead'] = null;
  private readonly log: Logger;
  private open = true;

  private constructor(options: InfluxStoreOptions) {
    const { config, log } = options;
    this.log = log;
    this.clock = options.clock ?? Date.now;
    this.conn = new InfluxConnection(config);
    this.spool = new Spool(join(options.dataDir, 'influx-spool.db'), {
      maxPending: config.spoolMax,
      clock: this.clock,
      retryAfter: () => this.retryAfterSeconds(),
    });
    this.drainer = new Drainer({
      spool: this.spool,
      conn: this.conn,
      retention: config.retention,
      clock: this.clock,
      log,
      onChange: () => this.publish(),
    });
    const tail = new TailCounts(this.clock);
    this.spool.onAppend((inserted) => tail.added(inserted));
    this.spool.onSetAside((rows) => tail.removed(rows.map((r) => reportFromJson(r.report))));
    this.reads = new InfluxReads(
      this.conn,
      new PendingReads(this.spool),
      this.clock,
      tail,
      (read) => this.readFromSpool(read),
    );
    const rawMs = parseDuration(config.retention.raw) ?? Number.POSITIVE_INFINITY;
    this.every(STATUS_EVERY_MS, () => this.publish());
    if (Number.isFinite(rawMs))
      this.every(KEY_PRUNE_EVERY_MS, () => this.spool.pruneKeys(this.clock() - rawMs));
  }

  /**
   * Open the spool, set up the database (when InfluxDB answers; otherwise the drainer keeps
   * trying, and sets it up once InfluxDB is back) and start replaying whatever the spool still
   * holds. Never fails for InfluxDB being away: reports are accepted into the spool at once.
   */
  static async open(options: InfluxStoreOptions): Promise<InfluxReportStore> {
    const store = new InfluxReportStore(options);
    await store.drainer.prepare();
    store.drainer.start();
    return store;
  }

  async append(reports: readonly Report[]): Promise<AppendResult> {
    if (!this.open) throw new Error('store is closed');
    const result = await this.spool.append(reports);
    this.recentCache.add(result.inserted);
    return result;
  }

  /** Newest first; while InfluxDB does not answer, the newest the spool holds. */
  async recent(limit: number): Promise<Report[]> {
    const cached = this.recentCache.get(limit);
    if (cached) return cached;
    return this.recentCache.filling(limit, () => this.reads.recent(limit));
  }

  get(id: string): Promise<Report | null> {
    return this.reads.get(id);
  }

  since(from: number, to?: number): Promise<Report[]> {
    return this.reads.since(from, to);
  }

  counts(query: CountQuery): Promise<Array<{ key: string; count: number }>> {
    return this.reads.counts(query);
  }

  history(request: HistoryRequest): Promise<History> {
    return this.reads.history(request);
  }

  search(query: ReportSearch): Promise<SearchBatch> {
    return this.reads.search(query);
  }

  total(): Promise<number> {
    return this.reads.total();
  }

  isReady(): boolean {
    return this.open && this.spool.db.open;
  }

  /**
   * `degraded` while InfluxDB fails (`lastError` says how, also before it ever answered: then
   * `schemaReady` is false) or reports wait longer than 5 s.
   */
  status(): InfluxStoreStatus {
    const oldest = this.open ? this.spool.oldestPendingAt() : null;
    const lagMs = oldest === null ? null : Math.max(0, this.clock() - oldest);
    const { lastError, schemaReady } = this.drainer.state;
    return {
      kind: this.kind,
      state: lastError !== null || (lagMs ?? 0) > DEGRADED_LAG_MS ? 'degraded' : 'ok',
      spooled: this.open ? this.spool.pending : 0,
      lagMs,
      lastError,
      rejected: this.open ? this.spool.rejectedCount() : 0,
      schemaReady,
      partialRead: this.partialRead,
    };
  }

  onStatus(listener: (status: StoreStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every report acknowledged so far is in InfluxDB (tests, benchmarks). */
  async drained(timeoutMs = 30_000): Promise<void> {
    const deadline = this.clock() + timeoutMs;
    while (this.spool.pending > 0) {
      if (this.clock() > deadline) throw new Error(`${this.spool.pending} reports still spooled`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const timer of this.timers) clearInterval(timer);
    await this.drainer.stop();
    this.spool.close();
    this.conn.close();
  }

  /**
   * Tell listeners when the state flips, and while degraded when the backlog or its age (in whole
   * seconds) moves, so the wall's "积压 N 条" stays current without a message per report.
   */
  private publish(): void {
    if (!this.open || this.listeners.size === 0) return;
    const status = this.status();
    const prev = this.last;
    const changed =
      !prev ||
      prev.state !== status.state ||
      (status.state === 'degraded' &&
        (prev.spooled !== status.spooled ||
          Math.floor((prev.lagMs ?? 0) / 1000) !== Math.floor((status.lagMs ?? 0) / 1000)));
    this.last = status;
    if (changed) for (const listener of this.listeners) listener(status);
  }

  /** A read answered from the spool while InfluxDB does not answer: say so once it was partial. */
  private readFromSpool(read: SpoolRead): void {
    if (read.complete) return;
    this.partialRead = { what: read.what, at: this.clock(), error: read.error };
    this.log.warn(
      `influx: InfluxDB is not answering (${read.error}); ${read.what} read from the local spool, ` +
        'which no longer holds every report of that range: what is built from it may miss older ones',
    );
  }

  private retryAfterSeconds(): number {
    if (this.drainer.state.lastError !== null) return RETRY_WHILE_DOWN_S;
    const rate = Math.max(1, this.drainer.state.rate);
    return Math.min(300, Math.max(1, Math.ceil(this.spool.pending / rate)));
  }

  private every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
