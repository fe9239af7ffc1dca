import type { Logger } from '../../platform/logger.js';
import { parseDuration } from './config.js';
import {
  describeError,
  isMissingDatabase,
  isRejection,
  isTooLarge,
  type InfluxConnection,
} from './connection.js';
import { InfluxQueryError, source } from './influxql.js';
import { RP, toPoint, reportFromJson } from './schema.js';
import { backfillRollups, ensureSchema, LATE_AFTER_MS, type Retention } from './setup.js';
import type { Spool, SpoolRow, TimeRange } from './spool.js';

const BATCH_ROWS = 2_000;
/** InfluxDB 1.x refuses bodies over 25 MB by default; stay well under. */
const BATCH_BYTES = 8 * 1024 * 1024;
const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 5_000;
/** Late reports' rollups are recomputed once the backlog is this small, at most every 10 s. */
const BACKFILL_BELOW = 500;
const BACKFILL_EVERY_MS = 10_000;
/** How long `stop()` waits for a write in flight; the spool sends it again after a restart. */
const STOP_WAIT_MS = 2_000;
/** Not sent when this close to expiring: InfluxDB would drop it by the time it arrives. */
const EXPIRY_MARGIN_MS = 60_000;

export interface DrainState {
  /** The last attempt to reach InfluxDB failed (null error: it worked). */
  lastError: string | null;
  /** Reports shipped per second over the last successful batches, for Retry-After. */
  rate: number;
  /**
   * Database, retention policies and continuous queries are set up (and a new spool numbered
   * after what the database holds). False until InfluxDB first answers: the drainer sets them up
   * then, before it ships anything.
   */
  schemaReady: boolean;
}

/**
 * Replays the spool into InfluxDB, oldest first, one batch at a time: a batch's watermark moves
 * only after InfluxDB answered 204, so nothing is skipped, and a batch sent again after a lost
 * answer overwrites itself (the point times come from the sequence), so nothing is doubled.
 * While InfluxDB fails it retries with backoff (200 ms doubling to 5 s), for as long as it takes.
 */
export class Drainer {
  readonly state: DrainState = { lastError: null, rate: 0, schemaReady: false };
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** False while backing off: new reports must not make a failing InfluxDB be asked at once. */
  private wakeable = true;
  private lastBackfillAt = -Infinity;
  private readonly rawRetentionMs: number;
  /** Halved while InfluxDB refuses a batch as malformed, to find the one bad report. */
  private limit = BATCH_ROWS;

  constructor(
    private readonly deps: {
      spool: Spool;
      conn: InfluxConnection;
      retention: Retention;
      clock: () => number;
      log: Logger;
      /** The state may have changed (ok ↔ failing, or the backlog moved). */
      onChange: () => void;
    },
  ) {
    deps.spool.onAppend(() => this.poke());
    this.rawRetentionMs = parseDuration(deps.retention.raw) ?? Number.POSITIVE_INFINITY;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeable = true;
    this.poke();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.loop,
      new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  /** Something was appended: go on if idle (not while backing off). */
  poke(): void {
    if (!this.wakeable) return;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Set up the schema once now (start-up); false when InfluxDB is not there yet. */
  async prepare(): Promise<boolean> {
    try {
      await this.ensureSchema();
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  private async run(): Promise<void> {
    let backoff = BACKOFF_MIN_MS;
    while (this.running) {
      try {
        const worked = await this.step();
        this.succeed();
        backoff = BACKOFF_MIN_MS;
        if (!worked) await this.idle(1_000, true);
      } catch (err) {
        if (!this.running) return;
        this.fail(err);
        await this.idle(backoff, false);
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
      }
    }
  }

  /** One unit of work; false when there was none. */
  private async step(): Promise<boolean> {
    if (!this.state.schemaReady) await this.ensureSchema();
    const { spool } = this.deps;
    const late = spool.lateRange();
    const now = this.deps.clock();
    if (late && spool.pending < BACKFILL_BELOW && now - this.lastBackfillAt >= BACKFILL_EVERY_MS) {
      this.lastBackfillAt = now;
      await backfillRollups(this.deps.conn, late.from, late.to);
      spool.clearLate(late);
      return true;
    }
    const rows = spool.next(this.limit, BATCH_BYTES);
    if (rows.length === 0) return false;
    await this.ship(rows);
    return true;
  }

  private async ship(rows: SpoolRow[]): Promise<void> {
    const started = performance.now();
    // InfluxDB drops points older than the raw retention policy (and answers 400): set them aside.
    const oldest = this.deps.clock() - this.rawRetentionMs + EXPIRY_MARGIN_MS;
    const expired = rows.filter((r) => r.occurredAt < oldest);
    const fresh = expired.length > 0 ? rows.filter((r) => r.occurredAt >= oldest) : rows;
    try {
      if (fresh.length > 0)
        await this.deps.conn.write(
          fresh.map((r) => toPoint(reportFromJson(r.report), r.seq, r.report)),
        );
    } catch (err) {
      if (isTooLarge(err) && rows.length > 1) {
        this.limit = Math.max(1, Math.floor(rows.length / 2));
        return;
      }
      if (!isRejection(err)) throw err;
      this.refused(rows, err);
      return;
    }
    // Stopped while writing: the spool (maybe closed now) sends these again after a restart.
    if (!this.running) return;
    if (expired.length > 0) {
      const why = `occurred before the raw retention (${this.deps.retention.raw}) keeps reports`;
      this.deps.log.error(`influx: ${expired.length} report(s) set aside: ${why}`);
      this.deps.spool.setAside(expired, why);
    }
    const last = rows.at(-1) as SpoolRow;
    this.deps.spool.markShipped(last.seq, this.lateOf(fresh));
    this.limit = Math.min(BATCH_ROWS, this.limit * 2);
    // The backlog moved: the store tells the wall at once (it only speaks when something changed).
    this.deps.onChange();
    const seconds = Math.max(0.001, (performance.now() - started) / 1000);
    this.state.rate = Math.round(rows.length / seconds);
  }

  /**
   * InfluxDB refused the batch (400: a line it cannot take). Halve the batch until the one report
   * it refuses is alone, then set that report aside in `rejected` and go on. The good lines of a
   * refused batch may already be written; sending them again overwrites them.
   */
  private refused(rows: SpoolRow[], err: unknown): void {
    const [row] = rows;
    if (rows.length > 1 || !row) {
      this.limit = Math.max(1, Math.floor(rows.length / 2));
      return;
    }
    const message = describeError(err);
    this.deps.log.error(`influx: report seq ${row.seq} refused, set aside: ${message}`);
    if (!this.running) return;
    this.deps.spool.setAside([row], message);
    this.deps.spool.markShipped(row.seq, null);
  }

  /** The occurrence range of reports the continuous queries have already passed by. */
  private lateOf(rows: SpoolRow[]): TimeRange | null {
    const cutoff = this.deps.clock() - LATE_AFTER_MS;
    const late = rows.map((r) => r.occurredAt).filter((t) => t < cutoff);
    return late.length > 0 ? { from: Math.min(...late), to: Math.max(...late) } : null;
  }

  /**
   * Database, retention policies and continuous queries are InfluxDB 1.x InfluxQL. A server that
   * refuses the statements themselves (2.x/3.x: buckets and DBRP mappings are made there) still
   * takes writes and queries: say so once and go on. Not answering, or refusing us, is retried.
   */
  private async ensureSchema(): Promise<void> {
    try {
      await ensureSchema(this.deps.conn, this.deps.retention);
    } catch (err) {
      const refused = err instanceof InfluxQueryError || isRejection(err);
      if (!refused || isMissingDatabase(err)) throw err;
      this.deps.log.warn(
        `influx: schema set-up refused (${describeError(err)}); create the database, retention ` +
          'policies and rollups by hand (README "## InfluxDB")',
      );
    }
    await this.adoptExisting();
    this.state.schemaReady = true;
  }

  /**
   * A brand-new spool (a new data dir) in front of a database that already holds reports: reads
   * ask InfluxDB for `seq <= watermark`, so start the spool's sequence and watermark after the
   * highest one stored, or the wall would show none of them. What this spool took while InfluxDB
   * was down at its start is numbered after them too. Not when the highest report stored is
   * this spool's own (a first batch whose 204 was lost): sending it again overwrites it.
   */
  private async adoptExisting(): Promise<void> {
    const { spool, conn } = this.deps;
    if (spool.shipped !== 0) return;
    const [result] = await conn.query(
      `SELECT max("seq") AS "seq", "id" FROM ${source(conn.database, RP.raw)}`,
    );
    const [, seq, id] = result?.series?.[0]?.values?.[0] ?? [];
    const max = Number(seq ?? 0);
    if (max <= 0 || (typeof id === 'string' && spool.hasId(id))) return;
    const waiting = spool.pending;
    if (spool.adopt(max)) {
      const after = waiting > 0 ? `; the ${waiting} it took meanwhile are numbered after them` : '';
      this.deps.log.info(
        `influx: new spool continues after the ${max} reports already stored${after}`,
      );
    }
  }

  private succeed(): void {
    if (this.state.lastError === null) return;
    this.deps.log.info('influx: InfluxDB answers again; replaying the spool');
    this.state.lastError = null;
    this.deps.onChange();
  }

  private fail(err: unknown): void {
    if (isMissingDatabase(err)) this.state.schemaReady = false;
    const message = describeError(err);
    if (this.state.lastError === null)
      this.deps.log.warn(`influx: ${message}; reports wait in the spool`);
    const changed = this.state.lastError === null;
    this.state.lastError = message;
    if (changed) this.deps.onChange();
  }

  /** Sleep until `ms` pass or (when `wakeable`) something is appended. */
  private idle(ms: number, wakeable: boolean): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.wakeable = wakeable;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        this.wakeable = true;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wakeable = true;
        resolve();
      };
    });
  }
}
