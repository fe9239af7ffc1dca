import { COUNTY_TIME_ZONE } from '#contracts/county-time';
import { formatHourMinute } from '../shared/time.js';

/** 12:34 left, or 05:10 late; hours and days when far away. */
export function countdown(due: number | null, now: number): { text: string; late: boolean } {
  if (due === null) return { text: '—', late: false };
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

/** 11/22 18:30, China time. */
export function formatWhen(ms: number): string {
  return `${dayFormat.format(ms)} ${formatHourMinute(ms)}`;
}

/** Robot messages link to /leader#case=<id>: that case opens once logged in. */
export function linkedCaseId(): string | null {
  return /^#case=([\w-]+)$/.exec(window.location.hash)?.[1] ?? null;
}
