import type { Case, CaseEvent } from '#contracts';
import { ACTIVE_CASE_STATUSES } from '#contracts';
import type { CasesDb } from './db.js';
import { caseFromRow, caseToRow, eventFromRow, type CaseRow, type EventRow } from './rows.js';

export type NewCaseEvent = Omit<CaseEvent, 'seq'>;

export interface CaseFilter {
  statuses?: readonly string[];
  levels?: readonly string[];
  /** Cases whose region is in any of these subtrees (code prefixes). */
  within?: readonly string[];
  assigneeId?: string;
  limit: number;
}

const ACTIVE = ACTIVE_CASE_STATUSES.map((s) => `'${s}'`).join(',');
const COLUMNS = Object.keys(caseToRow({} as Case));

/** SQL for cases and their audit. Callers wrap multi-step changes in `transaction`. */
export class CaseRepository {
  private readonly stmts;

  constructor(private readonly db: CasesDb) {
    this.stmts = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO cases (${COLUMNS.join(', ')})
         VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
      ),
      update: db.prepare(
        `UPDATE cases SET ${COLUMNS.filter((c) => c !== 'id')
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE id = @id`,
      ),
      byId: db.prepare(`SELECT * FROM cases WHERE id = ?`),
      byAlert: db.prepare(`SELECT * FROM cases WHERE alert_id = ?`),
      activeFor: db.prepare(
        `SELECT * FROM cases WHERE region_code = ? AND rule_key = ? AND alert_status = 'active'
           AND status != 'closed' ORDER BY seq DESC LIMIT 1`,
      ),
      due: db.prepare(
        `SELECT * FROM cases WHERE status IN (${ACTIVE}) AND (
           (status = 'open' AND ack_due_at <= @now) OR
           (supervised_at IS NULL AND resolve_due_at <= @now) OR
           (escalate_due_at <= @now)) ORDER BY seq`,
      ),
      nextDue: db
        .prepare(
          `SELECT min(coalesce(CASE WHEN status = 'open' THEN ack_due_at END, 1e18),
             coalesce(CASE WHEN supervised_at IS NULL THEN resolve_due_at END, 1e18),
             coalesce(escalate_due_at, 1e18)) FROM cases WHERE status IN (${ACTIVE})`,
        )
        .pluck(),
      openAssigned: db
        .prepare(`SELECT count(*) FROM cases WHERE assignee_id = ? AND status IN (${ACTIVE})`)
        .pluck(),
      appendEvent: db.prepare(
        `INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_status, to_status, note, data, address, user_agent)
         VALUES (@case_id, @at, @actor_id, @actor_name, @action, @from_status, @to_status, @note, @data, @address, @user_agent)`,
      ),
      events: db.prepare(`SELECT * FROM case_events WHERE case_id = ? ORDER BY seq`),
      awaitingAck: db
        .prepare(`SELECT alert_id FROM cases WHERE status = 'open' AND silenced = 0`)
        .pluck(),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Insert unless a case for the same alert exists; returns the stored case either way. */
  insert(c: Case): { case: Case; created: boolean } {
    const info = this.stmts.insert.run(caseToRow(c));
    const stored = this.byAlert(c.alertId);
    if (!stored) throw new Error(`case for alert ${c.alertId} vanished`);
    return { case: stored, created: info.changes === 1 };
  }

  update(c: Case): Case {
    this.stmts.update.run(caseToRow(c));
    const stored = this.get(c.id);
    if (!stored) throw new Error(`case ${c.id} vanished`);
    return stored;
  }

  get(id: string): Case | undefined {
    const row = this.stmts.byId.get(id) as CaseRow | undefined;
    return row ? caseFromRow(row) : undefined;
  }

  byAlert(alertId: string): Case | undefined {
    const row = this.stmts.byAlert.get(alertId) as CaseRow | undefined;
    return row ? caseFromRow(row) : undefined;
  }

  /** The open case of a region + rule whose alert is still active (a rebuilt alert's case). */
  activeFor(regionCode: string, ruleKey: string): Case | undefined {
    const row = this.stmts.activeFor.get(regionCode, ruleKey) as CaseRow | undefined;
    return row ? caseFromRow(row) : undefined;
  }

  /** Active cases with a deadline at or before `now`. */
  due(now: number): Case[] {
    return (this.stmts.due.all({ now }) as CaseRow[]).map(caseFromRow);
  }

  /** The earliest deadline still ahead of any active case, or null. */
  nextDeadline(): number | null {
    const value = this.stmts.nextDue.get() as number | null;
    return value === null || value >= 1e18 ? null : value;
  }

  openAssignedCount(userId: string): number {
    return this.stmts.openAssigned.get(userId) as number;
  }

  /**
   * Alerts whose case waits for 签收 and rings: a silenced case (its latest raise fell in a
   * silence) is worked as usual but takes over no wall.
   */
  awaitingAckAlertIds(): string[] {
    return this.stmts.awaitingAck.all() as string[];
  }

  list(filter: CaseFilter): Case[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (column: string, values: readonly string[]) => {
      where.push(`${column} IN (${values.map(() => '?').join(',')})`);
      params.push(...values);
    };
    if (filter.statuses?.length) inList('status', filter.statuses);
    if (filter.levels?.length) inList('level', filter.levels);
    if (filter.assigneeId) {
      where.push('assignee_id = ?');
      params.push(filter.assigneeId);
    }
    if (filter.within) {
      if (filter.within.length === 0) return [];
      where.push(`(${filter.within.map(() => 'region_code LIKE ?').join(' OR ')})`);
      params.push(...filter.within.map((code) => `${code}%`));
    }
    const sql = `SELECT * FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit) as CaseRow[]).map(caseFromRow);
  }

  appendEvent(event: NewCaseEvent): void {
    this.stmts.appendEvent.run({
      case_id: event.caseId,
      at: event.at,
      actor_id: event.actor.id,
      actor_name: event.actor.name,
      action: event.action,
      from_status: event.from,
      to_status: event.to,
      note: event.note,
      data: event.data ? JSON.stringify(event.data) : null,
      address: event.address ?? null,
      user_agent: event.userAgent ?? null,
    });
  }

  events(caseId: string): CaseEvent[] {
    return (this.stmts.events.all(caseId) as EventRow[]).map(eventFromRow);
  }
}
