import { COUNTY_TIME_ZONE } from '#contracts/county-time';
import type { OrderDueKind } from '#contracts/work-order-vocabulary';
import { ORDER_DUE_LABEL_ZH } from '#contracts/work-order-vocabulary';
import { formatHourMinute } from '../shared/time.js';

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

/** 剩余 2:05:09, or 已超时 3天4小时; minutes and seconds when near. */
export function countdown(due: number, now: number): { text: string; late: boolean } {
  const late = now > due;
  let s = Math.floor(Math.abs(due - now) / 1000);
  const days = Math.floor(s / 86_400);
  s -= days * 86_400;
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  const body = days > 0 ? `${days}天${hh}小时` : hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
  return { text: late ? `已超时 ${body}` : `剩余 ${body}`, late };
}

const dayFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: COUNTY_TIME_ZONE,
  month: 'numeric',
  day: 'numeric',
});

/** 11/22 18:30, county time whatever the browser's zone. */
export function formatWhen(ms: number): string {
  return `${dayFormat.format(ms)} ${formatHourMinute(ms)}`;
}

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
