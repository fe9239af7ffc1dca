import type { OrderDueKind } from '#contracts/work-order-vocabulary';
import { ORDER_DUE_LABEL_ZH } from '#contracts/work-order-vocabulary';

/** The deadlines of an order as the queue and the order page show them. */
export interface Deadline {
  kind: OrderDueKind;
  label: string;
  at: number;
}

/** What `deadlinesOf` reads: the three due times of a WorkOrder. */
export interface Dues {
  signDueAt: number | null;
  answerDueAt: number | null;
  supervision: { dueAt: number } | null;
  closedAt: number | null;
}

/**
 * The deadlines still running: 签收 while unsigned, 答复 while unanswered, and the 督办's own
 * time when a higher level pressed; none once closed. Nearest first.
 */
export function deadlinesOf(order: Dues): Deadline[] {
  if (order.closedAt !== null) return [];
  const out: Deadline[] = [];
  const add = (kind: OrderDueKind, at: number | null | undefined) => {
    if (at !== null && at !== undefined) out.push({ kind, label: ORDER_DUE_LABEL_ZH[kind], at });
  };
  add('sign', order.signDueAt);
  add('answer', order.answerDueAt);
  add('supervise', order.supervision?.dueAt);
  return out.sort((a, b) => a.at - b.at);
}

export { countdown, formatWhen } from '../shared/time.js';

/** 1.2 MB, 340 KB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The level of the unit that holds an order, as staff say it next to the place. */
export const UNIT_LEVEL_ZH = { village: '村级', town: '镇级', county: '县级' } as const;

/** 87% */
export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}
