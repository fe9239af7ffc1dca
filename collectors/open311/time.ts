/** The county's clock: China Standard Time has no daylight saving, so a fixed offset is exact. */
const CST_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 2026-11-22T09:30:00+08:00: what Open311 clients get, in the county's own time. */
export function isoCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${date}T${time}+08:00`;
}

/** 261122: the county's calendar day, the first six digits of a request number. */
export function dayCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS);
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}
