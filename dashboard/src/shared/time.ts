import { COUNTY_TIME_ZONE } from '#contracts/county-time';

/*
 * Every time the pages print is the county's (China Standard Time, contracts/county-time.ts),
 * whatever zone the browser runs in.
 */

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: COUNTY_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'long',
});

function parts(format: Intl.DateTimeFormat, ms: number): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const part of format.formatToParts(ms)) out[part.type] = part.value;
  return out;
}

/** 18:30:05 */
export function formatTime(ms: number): string {
  const p = parts(timeFormat, ms);
  return `${p.hour ?? '--'}:${p.minute ?? '--'}:${p.second ?? '--'}`;
}

/** 18:30 */
export function formatHourMinute(ms: number): string {
  const p = parts(timeFormat, ms);
  return `${p.hour ?? '--'}:${p.minute ?? '--'}`;
}

/** 2026年11月22日 星期日 */
export function formatDate(ms: number): string {
  const p = parts(dateFormat, ms);
  return `${p.year ?? ''}年${p.month ?? ''}月${p.day ?? ''}日 ${p.weekday ?? ''}`;
}

/** 2026年11月22日 星期日 18:30:05 */
export function formatClock(ms: number): string {
  return `${formatDate(ms)} ${formatTime(ms)}`;
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
