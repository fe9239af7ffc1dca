import type { OrderEvent, WorkOrder } from '#contracts';
import { OPEN_ORDER_STATUSES, OrderAnswer, OrderSupervision, OrderVisit } from '#contracts';

/** An orders row as SQLite gives it. */
export interface OrderRow {
  seq: number;
  id: string;
  number: string;
  status: string;
  level: string;
  category: string;
  source: string;
  region_code: string;
  unit: string;
  unit_code: string;
  first_report: string;
  external_id: string | null;
  text: string;
  reason: string | null;
  case_id: string | null;
  opened_at: number;
  updated_at: number;
  sign_due_at: number | null;
  answer_due_at: number | null;
  supervision: string | null;
  overdue_since: number | null;
  answer: string | null;
  visit: string | null;
  closed_at: number | null;
  escalations: number;
  reopen_count: number;
  attachments: number;
  report_count: number;
}

/**
 * What an order carries before any step after 登记 touched it: no answer due, supervision,
 * lateness, answer, visit or closing yet, and nothing counted. Intake starts every order from it.
 */
export const UNWORKED_ORDER = {
  answerDueAt: null,
  supervision: null,
  overdueSince: null,
  answer: null,
  visit: null,
  closedAt: null,
  escalations: 0,
  reopenCount: 0,
  attachments: 0,
} as const satisfies Partial<WorkOrder>;

/** What the store keeps beside the order: the sender's own number, for the call centre. */
export interface StoredOrder extends WorkOrder {
  externalId: string | null;
}

const json = <T>(text: string | null, parse: (v: unknown) => T): T | null =>
  text === null ? null : parse(JSON.parse(text));

/** A row back into the contract's order; `place` names come from the region tree. */
export function fromRow(
  row: OrderRow,
  reportIds: string[],
  place: (code: string) => string,
): StoredOrder {
  return {
    id: row.id,
    number: row.number,
    status: row.status as WorkOrder['status'],
    level: row.level as WorkOrder['level'],
    category: row.category as WorkOrder['category'],
    source: row.source as WorkOrder['source'],
    regionCode: row.region_code,
    place: place(row.region_code),
    unit: row.unit as WorkOrder['unit'],
    unitCode: row.unit_code,
    unitPlace: place(row.unit_code),
    reportIds: reportIds.length ? reportIds : [row.first_report],
    reportCount: Math.max(row.report_count, reportIds.length, 1),
    text: row.text,
    reason: row.reason,
    caseId: row.case_id,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    signDueAt: row.sign_due_at,
    answerDueAt: row.answer_due_at,
    supervision: json(row.supervision, (v) => OrderSupervision.parse(v)),
    overdueSince: row.overdue_since,
    answer: json(row.answer, (v) => OrderAnswer.parse(v)),
    visit: json(row.visit, (v) => OrderVisit.parse(v)),
    closedAt: row.closed_at,
    escalations: row.escalations,
    reopenCount: row.reopen_count,
    attachments: row.attachments,
    externalId: row.external_id,
  };
}

export function isOpen(status: WorkOrder['status']): boolean {
  return (OPEN_ORDER_STATUSES as readonly string[]).includes(status);
}

/** The deadline that runs now: 签收 before signing, then 答复, or a 督办's if sooner. */
export function dueAt(o: WorkOrder): number | null {
  if (!isOpen(o.status)) return null;
  const waitingSign = ['registered', 'dispatched', 'returned'].includes(o.status);
  const dues = [waitingSign ? o.signDueAt : null, o.answerDueAt, o.supervision?.dueAt ?? null];
  const running = dues.filter((d): d is number => d !== null);
  return running.length ? Math.min(...running) : null;
}

/** Named parameters for an insert or update of every column. */
export function toParams(o: StoredOrder): Record<string, unknown> {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    level: o.level,
    category: o.category,
    source: o.source,
    region_code: o.regionCode,
    unit: o.unit,
    unit_code: o.unitCode,
    first_report: o.reportIds[0],
    external_id: o.externalId,
    text: o.text,
    reason: o.reason,
    case_id: o.caseId,
    opened_at: o.openedAt,
    updated_at: o.updatedAt,
    sign_due_at: o.signDueAt,
    answer_due_at: o.answerDueAt,
    supervision: o.supervision ? JSON.stringify(o.supervision) : null,
    overdue_since: o.overdueSince,
    answer: o.answer ? JSON.stringify(o.answer) : null,
    visit: o.visit ? JSON.stringify(o.visit) : null,
    closed_at: o.closedAt,
    escalations: o.escalations,
    reopen_count: o.reopenCount,
    attachments: o.attachments,
    report_count: o.reportCount,
    open: isOpen(o.status) ? 1 : 0,
    due_at: dueAt(o),
  };
}

export interface EventRow {
  seq: number;
  order_id: string;
  at: number;
  actor_id: string | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: string | null;
  address: string | null;
}

export function eventFromRow(row: EventRow): OrderEvent {
  return {
    seq: row.seq,
    orderId: row.order_id,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action as OrderEvent['action'],
    from: row.from_status as OrderEvent['from'],
    to: row.to_status as OrderEvent['to'],
    note: row.note,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    address: row.address,
  };
}
