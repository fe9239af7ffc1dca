import { parseDuration } from './config.js';
import type { InfluxConnection } from './connection.js';
import { ident, msTime, rowsOf, source } from './influxql.js';
import {
  COUNTY_DAY,
  CQ,
  DAY_MS,
  grainStart,
  HOUR_MS,
  MEASUREMENT,
  MINUTE_MS,
  ROLLUP,
  ROLLUP_TAGS,
  RP,
  type Grain,
} from './schema.js';
import { COUNTY_INFLUX_DAY_OFFSET } from '#contracts/county-time';

/**
 * How far back the continuous queries look each time they run. A report shipped later than this
 * after it occurred (a backfill, or the spool replaying after an outage) is "late": the adapter
 * recomputes its rollups itself (`backfillRollups`). The day CQs look back two days so the day
 * just ended is recomputed after its last hours have settled.
 */
export const CQ_WINDOW = { minute: 15 * MINUTE_MS, hour: 3 * HOUR_MS, day: 2 * DAY_MS };
export const LATE_AFTER_MS = 10 * MINUTE_MS;

export interface Retention {
  raw: string;
  minute: string;
  hour: string;
  /** Forever when not given. */
  day?: string;
}

/**
 * Shard groups of the day rollups: a year of a county's days is ~160 k points, so one shard
 * group per year instead of InfluxDB's default week makes a year's trend read 1 shard, not 53.
 * InfluxDB refuses a shard group longer than the policy keeps data: a shorter retention is its
 * own shard duration.
 */
function dayShardDuration(retention: string): string {
  const year = 52 * 7 * DAY_MS;
  return (parseDuration(retention) ?? year) >= year ? '52w' : retention;
}

/** InfluxDB prints durations the Go way (`2160h0m0s`; `0s` is forever). */
function goDurationMs(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m) return Number.NaN;
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms === 0 ? Number.POSITIVE_INFINITY : ms;
}

/** What the continuous queries write: each rollup sums the one below it. */
type Target = Grain | 'daySource' | 'dayCategory';

const ROLLUPS: Record<
  Target,
  { from: [string, string]; into: [string, string]; interval: string; tags: readonly string[] }
> = {
  minute: {
    from: [RP.raw, MEASUREMENT],
    into: [RP.minute, ROLLUP.minute],
    interval: '1m',
    tags: ROLLUP_TAGS,
  },
  hour: {
    from: [RP.minute, ROLLUP.minute],
    into: [RP.hour, ROLLUP.hour],
    interval: '1h',
    tags: ROLLUP_TAGS,
  },
  // Days start at midnight Asia/Shanghai (16:00 UTC): a -8h offset on UTC days.
  day: {
    from: [RP.hour, ROLLUP.hour],
    into: [RP.day, ROLLUP.day],
    interval: `1d, ${COUNTY_INFLUX_DAY_OFFSET}`,
    tags: ROLLUP_TAGS,
  },
  daySource: {
    from: [RP.hour, ROLLUP.hour],
    into: [RP.day, COUNTY_DAY.source],
    interval: `1d, ${COUNTY_INFLUX_DAY_OFFSET}`,
    tags: ['county', 'source'],
  },
  dayCategory: {
    from: [RP.hour, ROLLUP.hour],
    into: [RP.day, COUNTY_DAY.category],
    interval: `1d, ${COUNTY_INFLUX_DAY_OFFSET}`,
    tags: ['county', 'category'],
  },
};

const DAY_TARGETS: readonly Target[] = ['day', 'daySource', 'dayCategory'];

/** `SELECT … INTO … FROM …` then (after a WHERE, for a backfill) `GROUP BY …`. */
function rollup(db: string, target: Target, where = ''): string {
  const { from, into, interval, tags } = ROLLUPS[target];
  return (
    `SELECT sum("n") AS "n" INTO ${source(db, ...into)} FROM ${source(db, ...from)}${where}` +
    ` GROUP BY time(${interval}), ${tags.map(ident).join(', ')}`
  );
}

/**
 * Make the database what the adapter expects: the database, four retention policies (raw is the
 * default, so the write path's `rp=raw` and plain writes agree) and the five continuous queries.
 * Idempotent; run at start and whenever InfluxDB says the database is missing.
 */
export async function ensureSchema(conn: InfluxConnection, retention: Retention): Promise<void> {
  const db = conn.database;
  await conn.query(`CREATE DATABASE ${ident(db)}`, {}, false);
  const existing = new Map(
    rowsOf((await conn.query(`SHOW RETENTION POLICIES ON ${ident(db)}`))[0]).map((r) => [
      String(r.name),
      { ms: goDurationMs(String(r.duration)), isDefault: r.default === true },
    ]),
  );
  const days = retention.day ?? 'INF';
  const policies: Array<[string, string, boolean, string]> = [
    [RP.raw, retention.raw, true, ''],
    [RP.minute, retention.minute, false, ''],
    [RP.hour, retention.hour, false, ''],
    [RP.day, days, false, ` SHARD DURATION ${dayShardDuration(days)}`],
  ];
  for (const [name, duration, isDefault, shards] of policies) {
    const current = existing.get(name);
    if (current?.ms === parseDuration(duration) && current.isDefault === isDefault) continue;
    const verb = current === undefined ? 'CREATE' : 'ALTER';
    const replication = verb === 'CREATE' ? ' REPLICATION 1' : '';
    await conn.query(
      `${verb} RETENTION POLICY ${ident(name)} ON ${ident(db)} DURATION ${duration}${replication}${shards}${isDefault ? ' DEFAULT' : ''}`,
      {},
      false,
    );
  }
  // One series per database, each row a query's name and text.
  const cqs = new Set<string>();
  for (const series of (await conn.query('SHOW CONTINUOUS QUERIES', {}, false))[0]?.series ?? []) {
    if (series.name === db) for (const values of series.values ?? []) cqs.add(String(values[0]));
  }
  const definitions: Array<[Target, string]> = [
    ['minute', `RESAMPLE EVERY 1m FOR ${CQ_WINDOW.minute / MINUTE_MS}m`],
    ['hour', `RESAMPLE EVERY 15m FOR ${CQ_WINDOW.hour / HOUR_MS}h`],
    ['day', `RESAMPLE EVERY 15m FOR ${CQ_WINDOW.day / DAY_MS}d`],
    ['daySource', `RESAMPLE EVERY 15m FOR ${CQ_WINDOW.day / DAY_MS}d`],
    ['dayCategory', `RESAMPLE EVERY 15m FOR ${CQ_WINDOW.day / DAY_MS}d`],
  ];
  // A database from before the day rollups: its days are summed from the hours it already
  // holds, before their CQs exist (so an interrupted start does this again).
  if (!DAY_TARGETS.every((t) => cqs.has(CQ[t]))) await backfillAllDays(conn);
  for (const [target, resample] of definitions) {
    if (cqs.has(CQ[target])) continue;
    await conn.query(
      `CREATE CONTINUOUS QUERY ${ident(CQ[target])} ON ${ident(db)} ${resample} BEGIN ${rollup(db, target)} END`,
      {},
      false,
    );
  }
}

/** The day rollups of every hour rollup held (nothing on a new database). */
async function backfillAllDays(conn: InfluxConnection): Promise<void> {
  const hours = source(conn.database, RP.hour, ROLLUP.hour);
  const [first] = rowsOf((await conn.query(`SELECT first("n") FROM ${hours}`))[0]);
  const [last] = rowsOf((await conn.query(`SELECT last("n") FROM ${hours}`))[0]);
  if (first && last) await backfillDays(conn, Number(first.time), Number(last.time));
}

/**
 * Recompute the rollups covering [from, to]: the minute and hour rollups of its whole hours, a
 * day per request, then the day rollups of its whole (Shanghai) days from those hours. What the
 * continuous queries would have written had the reports arrived on time. Rewriting a bucket
 * overwrites it, so running this twice is harmless.
 */
export async function backfillRollups(
  conn: InfluxConnection,
  from: number,
  to: number,
): Promise<void> {
  const db = conn.database;
  const start = grainStart('hour', from);
  const end = grainStart('hour', to) + HOUR_MS;
  for (let a = start; a < end; a += DAY_MS) {
    const range = timeRange(a, Math.min(end, a + DAY_MS));
    await conn.query(`${rollup(db, 'minute', range)}; ${rollup(db, 'hour', range)}`);
  }
  // Days only after their hours: they read the hour rollups just rewritten.
  await backfillDays(conn, from, to);
}

/** Days per request when recomputing day rollups: a month of hours is a quick query. */
const DAYS_PER_REQUEST = 31;

/** Recompute the day rollups of the whole (Shanghai) days covering [from, to] from the hours. */
async function backfillDays(conn: InfluxConnection, from: number, to: number): Promise<void> {
  const end = grainStart('day', to) + DAY_MS;
  for (let a = grainStart('day', from); a < end; a += DAYS_PER_REQUEST * DAY_MS) {
    const range = timeRange(a, Math.min(end, a + DAYS_PER_REQUEST * DAY_MS));
    await conn.query(DAY_TARGETS.map((t) => rollup(conn.database, t, range)).join('; '));
  }
}

function timeRange(from: number, to: number): string {
  return ` WHERE time >= ${msTime(from)} AND time < ${msTime(to)}`;
}

/** Drop the database (tests). */
export async function dropDatabase(conn: InfluxConnection): Promise<void> {
  await conn.query(`DROP DATABASE ${ident(conn.database)}`, {}, false);
}
