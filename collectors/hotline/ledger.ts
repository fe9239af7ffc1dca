import type Database from 'better-sqlite3';
import { openDurableDb } from '../../backend/platform/durable-db.js';

/** One answer on its way to the call centre. */
export interface Delivery {
  /** Stable across retries: the Idempotency-Key the call centre drops repeats by. */
  id: string;
  /** The call centre's own 工单编号. */
  workOrderNumber: string;
  /** answered, reopened or closed. */
  event: string;
  /** The JSON body, fixed when it was queued: every attempt sends the same bytes. */
  body: string;
  attempts: number;
  nextAttemptAt: number;
}

export type DeliveryStatus = 'pending' | 'sent' | 'dead';

interface DeliveryRow {
  id: string;
  order_no: string;
  event: string;
  body: string;
  attempts: number;
  next_attempt_at: number;
}

/** Schema steps, run once each by the migration runner; never edit a shipped step. */
const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS calls (
  order_no TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS calls_report ON calls (report_id);
CREATE TABLE IF NOT EXISTS callbacks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  order_no TEXT NOT NULL,
  event TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS callbacks_due ON callbacks (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS callbacks_order ON callbacks (order_no, status, seq);`,
];

/** SQLite allows 999 bound parameters in older builds; stay well under. */
const IN_CHUNK = 500;

/**
 * hotline.db, the hotline collector's own file: which report each call-centre 工单编号 became
 * (so its work order is found even when the report joined another order as a repeat), and the
 * outbox of answers going back to the call centre. Rows are marked sent or dead, never deleted.
 * WAL with `synchronous=FULL`; in memory without a data dir.
 */
export class HotlineLedger {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDir: string | undefined) {
    this.db = openDurableDb(dataDir, 'hotline.db', MIGRATIONS);
    this.stmts = {
      remember: this.db.prepare(
        'INSERT OR IGNORE INTO calls (order_no, report_id, received_at) VALUES (?, ?, ?)',
      ),
      reportOf: this.db.prepare('SELECT report_id FROM calls WHERE order_no = ?').pluck(),
      enqueue: this.db.prepare(
        `INSERT OR IGNORE INTO callbacks (id, order_no, event, body, next_attempt_at, created_at)
         VALUES (@id, @orderNo, @event, @body, @now, @now)`,
      ),
      // The oldest pending delivery of each call-centre order only: the call centre hears of its
      // order's steps in the order they happened, even across retries.
      due: this.db.prepare(
        `SELECT * FROM callbacks c WHERE c.status = 'pending' AND c.next_attempt_at <= ?
           AND NOT EXISTS (SELECT 1 FROM callbacks p WHERE p.order_no = c.order_no
             AND p.status = 'pending' AND p.seq < c.seq)
         ORDER BY c.next_attempt_at, c.seq LIMIT ?`,
      ),
      nextDue: this.db
        .prepare(`SELECT min(next_attempt_at) FROM callbacks WHERE status = 'pending'`)
        .pluck(),
      sent: this.db.prepare(
        `UPDATE callbacks SET status = 'sent', attempts = attempts + 1, sent_at = @now,
           last_error = NULL WHERE id = @id AND status = 'pending'`,
      ),
      failed: this.db.prepare(
        `UPDATE callbacks SET status = @status, attempts = attempts + 1, next_attempt_at = @next,
           last_error = @error WHERE id = @id AND status = 'pending'`,
      ),
      count: this.db.prepare('SELECT count(*) FROM callbacks WHERE status = ?').pluck(),
    };
  }

  /** Which report each 工单编号 became (a repeat keeps the first: the store answered with it). */
  remember(calls: ReadonlyArray<{ orderNo: string; reportId: string }>, at: number): void {
    this.db.transaction(() => {
      for (const call of calls) this.stmts.remember.run(call.orderNo, call.reportId, at);
    })();
  }

  reportOf(orderNo: string): string | undefined {
    return this.stmts.reportOf.get(orderNo) as string | undefined;
  }

  /** The call centre's numbers whose reports are among these (an order and its repeats). */
  numbersOf(reportIds: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < reportIds.length; i += IN_CHUNK) {
      const chunk = reportIds.slice(i, i + IN_CHUNK);
      const rows = this.db
        .prepare(
          `SELECT order_no FROM calls WHERE report_id IN (${chunk.map(() => '?').join(',')})
           ORDER BY received_at, order_no`,
        )
        .pluck()
        .all(...chunk) as string[];
      out.push(...rows);
    }
    return out;
  }

  /** Queue a delivery, due now; false when that delivery was queued before (a repeat). */
  enqueue(d: { id: string; workOrderNumber: string; event: string; body: string }, now: number) {
    const info = this.stmts.enqueue.run({
      id: d.id,
      orderNo: d.workOrderNumber,
      event: d.event,
      body: d.body,
      now,
    });
    return info.changes === 1;
  }

  due(now: number, limit = 20): Delivery[] {
    return (this.stmts.due.all(now, limit) as DeliveryRow[]).map((r) => ({
      id: r.id,
      workOrderNumber: r.order_no,
      event: r.event,
      body: r.body,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
    }));
  }

  /** When the next pending delivery is due; null when none waits. */
  nextDueAt(): number | null {
    return (this.stmts.nextDue.get() as number | null) ?? null;
  }

  markSent(id: string, now: number): void {
    this.stmts.sent.run({ id, now });
  }

  /** A failed attempt: try again at `next`, or give up (dead) when `next` is null. */
  markFailed(id: string, error: string, next: number | null, now: number): void {
    this.stmts.failed.run({
      id,
      status: next === null ? 'dead' : 'pending',
      next: next ?? now,
      error: error.slice(0, 500),
    });
  }

  count(status: DeliveryStatus): number {
    return this.stmts.count.get(status) as number;
  }

  close(): void {
    this.db.close();
  }
}
