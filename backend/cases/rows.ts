import type {
  Case,
  CaseAction,
  CaseEvent,
  CaseStatus,
  Category,
  FollowUp,
  Level,
  Unit,
} from '#contracts';
import { countyYear } from '#contracts/county-time';

export interface CaseRow {
  seq: number;
  id: string;
  alert_id: string;
  alert_status: string;
  title: string;
  region_code: string;
  place: string;
  category: string | null;
  rule_id: string;
  rule_key: string;
  level: string;
  status: string;
  unit: string;
  unit_code: string;
  assignee_id: string | null;
  assignee_name: string | null;
  opened_at: number;
  updated_at: number;
  ack_due_at: number | null;
  resolve_due_at: number | null;
  supervised_at: number | null;
  escalate_due_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  closed_at: number | null;
  follow_up: string | null;
  escalations: number;
  reopen_count: number;
  silenced: number;
}

export interface EventRow {
  seq: number;
  case_id: string;
  at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: string | null;
  address: string | null;
  user_agent: string | null;
}

/** 2026-000123: the year (China time) the case opened and its sequence number. */
export function caseNumber(seq: number, openedAt: number): string {
  const year = countyYear(openedAt);
  return `${year}-${String(seq).padStart(6, '0')}`;
}

/** Rows were written from validated cases, so the enum columns are trusted here. */
export function caseFromRow(row: CaseRow): Case {
  return {
    id: row.id,
    number: caseNumber(row.seq, row.opened_at),
    alertId: row.alert_id,
    alertStatus: row.alert_status as Case['alertStatus'],
    title: row.title,
    regionCode: row.region_code,
    place: row.place,
    category: row.category as Category | null,
    ruleId: row.rule_id,
    ruleKey: row.rule_key,
    level: row.level as Exclude<Level, 'none'>,
    status: row.status as CaseStatus,
    unit: row.unit as Unit,
    unitCode: row.unit_code,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    ackDueAt: row.ack_due_at,
    resolveDueAt: row.resolve_due_at,
    supervisedAt: row.supervised_at,
    escalateDueAt: row.escalate_due_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    followUp: row.follow_up ? (JSON.parse(row.follow_up) as FollowUp) : null,
    escalations: row.escalations,
    reopenCount: row.reopen_count,
    silenced: row.silenced === 1,
  };
}

export function caseToRow(c: Case): Omit<CaseRow, 'seq'> {
  return {
    id: c.id,
    alert_id: c.alertId,
    alert_status: c.alertStatus,
    title: c.title,
    region_code: c.regionCode,
    place: c.place,
    category: c.category,
    rule_id: c.ruleId,
    rule_key: c.ruleKey,
    level: c.level,
    status: c.status,
    unit: c.unit,
    unit_code: c.unitCode,
    assignee_id: c.assigneeId,
    assignee_name: c.assigneeName,
    opened_at: c.openedAt,
    updated_at: c.updatedAt,
    ack_due_at: c.ackDueAt,
    resolve_due_at: c.resolveDueAt,
    supervised_at: c.supervisedAt,
    escalate_due_at: c.escalateDueAt,
    acknowledged_at: c.acknowledgedAt,
    acknowledged_by: c.acknowledgedBy,
    resolved_at: c.resolvedAt,
    closed_at: c.closedAt,
    follow_up: c.followUp ? JSON.stringify(c.followUp) : null,
    escalations: c.escalations,
    reopen_count: c.reopenCount,
    silenced: c.silenced ? 1 : 0,
  };
}

export function eventFromRow(row: EventRow): CaseEvent {
  return {
    seq: row.seq,
    caseId: row.case_id,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action as CaseAction,
    from: row.from_status as CaseStatus | null,
    to: row.to_status as CaseStatus | null,
    note: row.note,
    data: row.data ? (JSON.parse(row.data) as Record<string, unknown>) : null,
    address: row.address,
    userAgent: row.user_agent,
  };
}
