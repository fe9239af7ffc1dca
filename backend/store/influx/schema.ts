import { Point } from '@influxdata/influxdb-client';
import type { Report } from '#contracts';
import { REPORT_DEFAULTS } from '#contracts';
import { COUNTY_OFFSET_MS, countyDayStart, DAY_MS, HOUR_MS } from '#contracts/county-time';

/**
 * The InfluxDB schema (README "## InfluxDB"). One measurement of raw reports in the `raw`
 * retention policy, and three rollups (per minute, hour and day) written by continuous queries
 * into longer policies, each summing the one below.
 */
export const MEASUREMENT = 'reports';
export const RP = { raw: 'raw', minute: 'rollup_1m', hour: 'rollup_1h', day: 'rollup_1d' } as const;
export const ROLLUP = { minute: 'reports_1m', hour: 'reports_1h', day: 'reports_1d' } as const;
/**
 * Also in the day policy: the county's days by source alone and by category alone (no town). A
 * query's cost in InfluxDB 1.x is about one step per series and time bucket, so a county's year
 * by source reads 3 series here instead of source × category × town (~430) in `reports_1d`, which
 * serves a town's days (24 series once filtered to the town).
 */
export const COUNTY_DAY = { source: 'reports_1d_source', category: 'reports_1d_category' } as const;
export const CQ = {
  minute: 'minqing_reports_1m',
  hour: 'minqing_reports_1h',
  day: 'minqing_reports_1d',
  daySource: 'minqing_reports_1d_source',
  dayCategory: 'minqing_reports_1d_category',
} as const;
export type Grain = keyof typeof ROLLUP;

export const MINUTE_MS = 60_000;
export { DAY_MS, HOUR_MS };
/**
 * Days are Asia/Shanghai days (UTC+8, no daylight saving), as the history route and the SQLite
 * store count them: a day bucket starts at 16:00 UTC, so InfluxQL groups by `time(1d, -8h)`.
 */
export const DAY_OFFSET_MS = COUNTY_OFFSET_MS;

/** The start of the grain's bucket holding `t` (days start at midnight Asia/Shanghai). */
export function grainStart(grain: Grain, t: number): number {
  if (grain === 'day') return countyDayStart(t);
  const unit = grain === 'hour' ? HOUR_MS : MINUTE_MS;
  return Math.floor(t / unit) * unit;
}

export const GRAIN_MS: Record<Grain, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };

/**
 * Tags: low cardinality, what queries filter and group by. Never an id, a phone or free text:
 * each distinct tag set is a series held in InfluxDB's index.
 */
export const TAGS = ['county', 'town', 'village', 'source', 'category', 'level'] as const;
export type Tag = (typeof TAGS)[number];
/** What the rollups keep per bucket: enough for county and town trends by source or category. */
export const ROLLUP_TAGS = ['county', 'town', 'source', 'category'] as const satisfies Tag[];

/**
 * Tag values are percent-encoded (identity for codes and the contract's enum words), so no value
 * can end in a backslash or carry a newline, which line protocol cannot escape; the client's
 * `Point` then escapes what is left. Queries bind the encoded value.
 */
export function tagValue(value: string): string {
  return encodeURIComponent(value);
}

export function fromTagValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** County (6 digits), town (9) and village (12) of a town, village or group code. */
export function regionTags(code: string): Record<'county' | 'town' | 'village', string> {
  return {
    county: code.slice(0, 6),
    town: code.length >= 9 ? code.slice(0, 9) : '',
    village: code.length >= 12 ? code.slice(0, 12) : '',
  };
}

/** Sub-millisecond slots per millisecond: the write precision is nanoseconds. */
const SLOTS = 1_000_000n;

/**
 * A point's time: the report's occurredAt in whole milliseconds plus a sub-millisecond slot from
 * its spool sequence. InfluxDB keeps one point per series and timestamp, so two reports of the
 * same series in the same millisecond would overwrite each other; the slot keeps them apart and,
 * being derived from the sequence, makes a replayed write overwrite itself (exactly once).
 * Queries read times with `epoch=ms`, so the slot never shows and never moves a report out of its
 * millisecond (and so out of its bucket).
 */
export function pointTime(occurredAt: number, seq: number): string {
  return (BigInt(Math.floor(occurredAt)) * SLOTS + (BigInt(seq) % SLOTS)).toString();
}

/** Fields. `report` is the whole Report as JSON, so any field round-trips, present or future. */
export const FIELDS = { id: 'id', regionCode: 'regionCode', seq: 'seq', n: 'n', report: 'report' };

/**
 * A line-protocol string field value: `"` and `\` escaped, as `Point.stringField` does, with one
 * native replace instead of its per-character loop (the report JSON is most of every line).
 */
export function quotedField(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * Line protocol for one report through the client's `Point` (it escapes tags and names). `json`
 * is the report as stored in the spool, so it is not serialized twice.
 */
export function toPoint(report: Report, seq: number, json = JSON.stringify(report)): Point {
  const point = new Point(MEASUREMENT);
  const tags: Record<Tag, string> = {
    ...regionTags(report.regionCode),
    source: report.source,
    category: report.category,
    level: report.level,
  };
  // An empty tag is left out; InfluxQL reads a missing tag as '' (a town-level report's village).
  for (const tag of TAGS) if (tags[tag] !== '') point.tag(tag, tagValue(tags[tag]));
  // `fields` holds escaped values (public in the client's API): the JSON is escaped above.
  point.fields[FIELDS.report] = quotedField(json);
  return point
    .stringField(FIELDS.id, report.id)
    .stringField(FIELDS.regionCode, report.regionCode)
    .intField(FIELDS.seq, seq)
    .intField(FIELDS.n, 1)
    .timestamp(pointTime(report.occurredAt, seq));
}

/**
 * Rows were written from validated reports (the spool and InfluxDB hold the same JSON); reports
 * written before a field existed get its default.
 */
export function reportFromJson(json: string): Report {
  return { ...REPORT_DEFAULTS, ...(JSON.parse(json) as Report) };
}
