import { ASSESSMENT_MAX_DAYS, DAY_MS, countyFields, parseCountyLocal } from '#contracts';
import { ActionError } from '../http/answer.js';

/** A period of county-time days, both inclusive, and the instants [fromAt, toAt) it covers. */
export interface Period {
  from: string;
  to: string;
  fromAt: number;
  toAt: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-01: the county-time day of an instant. */
export function countyDay(ms: number): string {
  const f = countyFields(ms);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
}

/** Midnight, county time, of a day written YYYY-MM-DD (already validated). */
function dayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return parseCountyLocal(y, m, d);
}

/** The first day of the month holding `day`. */
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** The last day of the month holding `day`. */
function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return countyDay(parseCountyLocal(y, m + 1, 1) - DAY_MS);
}

/**
 * The period asked for: neither day, this month (county time); no `to`, up to today; no
 * `from`, from the first of `to`'s month. 400 when it runs backwards or is longer than allowed.
 */
export function resolvePeriod(q: { from?: string; to?: string }, now: number): Period {
  const today = countyDay(now);
  const from = q.from ?? monthStart(q.to ?? today);
  const to = q.to ?? (q.from ? today : monthEnd(today));
  const fromAt = dayStart(from);
  const toAt = dayStart(to) + DAY_MS;
  if (toAt <= fromAt) {
    throw new ActionError(400, 'invalid_query', `考核周期的开始晚于结束 / from is after to`, [
      { path: 'from', message: `${from} is after ${to}` },
    ]);
  }
  const days = Math.round((toAt - fromAt) / DAY_MS);
  if (days > ASSESSMENT_MAX_DAYS) {
    throw new ActionError(
      400,
      'invalid_query',
      `考核周期最长 ${ASSESSMENT_MAX_DAYS} 天 / at most ${ASSESSMENT_MAX_DAYS} days`,
      [{ path: 'to', message: `${days} days from ${from} to ${to}` }],
    );
  }
  return { from, to, fromAt, toAt };
}
