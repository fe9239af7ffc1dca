import { countyDayCode, countyIso } from '#contracts/county-time';

/** 2026-11-22T09:30:00+08:00: what Open311 clients get, in the county's own time. */
export function isoCst(ms: number): string {
  return countyIso(ms);
}

/** 261122: the county's calendar day, the first six digits of a request number. */
export function dayCst(ms: number): string {
  return countyDayCode(ms);
}
