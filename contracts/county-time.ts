/**
 * The county's clock. Every day, hour bucket and printed time in this product is China Standard
 * Time (Asia/Shanghai), whatever zone the server or the browser runs in. CST has had no daylight
 * saving since 1991, so a fixed offset is exact; this is the one place that offset is written.
 * Free of zod and of Node APIs, so the wall imports it too.
 */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Milliseconds from UTC to county time (UTC+8). */
export const COUNTY_OFFSET_MS = 8 * HOUR_MS;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The county-time calendar fields of an instant, read with the UTC getters of a shifted Date. */
export function countyFields(ms: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  const d = new Date(ms + COUNTY_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** Midnight (county time) of the day holding `ms`, as epoch ms. */
export function countyDayStart(ms: number): number {
  return Math.floor((ms + COUNTY_OFFSET_MS) / DAY_MS) * DAY_MS - COUNTY_OFFSET_MS;
}

/** The start of the hour holding `ms` (hours align in UTC and CST alike). */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * The start of a bucket of `bucketMs` holding `ms`: buckets of whole days start at county
 * midnight, shorter ones on the epoch grid.
 */
export function countyBucketStart(ms: number, bucketMs: number): number {
  const offset = bucketMs % DAY_MS === 0 ? COUNTY_OFFSET_MS : 0;
  return Math.floor((ms + offset) / bucketMs) * bucketMs - offset;
}

/** The hour of day (0–23) in county time. */
export function countyHour(ms: number): number {
  return countyFields(ms).hour;
}

/** 2026-11-22T09:30:00+08:00: an instant as the county's systems stamp it. */
export function countyIso(ms: number): string {
  const f = countyFields(ms);
  return (
    `${f.year}-${pad(f.month)}-${pad(f.day)}T` +
    `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}+08:00`
  );
}

/** 2026-11-22T09:30:00.123+08:00: with milliseconds. */
export function countyIsoMs(ms: number): string {
  return `${new Date(ms + COUNTY_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** 261122: the county calendar day as six digits (request numbers start with it). */
export function countyDayCode(ms: number): string {
  const f = countyFields(ms);
  return `${pad(f.year % 100)}${pad(f.month)}${pad(f.day)}`;
}

/** The county-time calendar year of an instant. */
export function countyYear(ms: number): number {
  return countyFields(ms).year;
}

/** A wall-clock time written without a zone (`2026-11-22 09:30:00`) read as county time. */
export function parseCountyLocal(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - COUNTY_OFFSET_MS;
}

/** 11/22 18:30: a deadline as people read it in a message (county time). */
export function countyShortTime(ms: number): string {
  const f = countyFields(ms);
  return `${f.month}/${f.day} ${pad(f.hour)}:${pad(f.minute)}`;
}

/** InfluxQL's GROUP BY offset that makes a `time(1d)` bucket a county day: `-8h`. */
export const COUNTY_INFLUX_DAY_OFFSET = `-${COUNTY_OFFSET_MS / HOUR_MS}h`;
