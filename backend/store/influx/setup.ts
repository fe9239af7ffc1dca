import { parseDuration } from './config.js';
import type { InfluxConnection } from './connection.js';
import { ident, msTime, rowsOf, source } from './influxql.js';
import { CQ, MEASUREMENT, ROLLUP, ROLLUP_TAGS, RP } from './schema.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * How far back the continuous queries look each time they run. A report shipped later than this
 * after it occurred (a backfill, or the spool replaying after an outage) is "late": the adapter
 * recomputes its rollups itself (`backfillRollups`).
 */
export const CQ_WINDOW = { minute: 15 * MINUTE_MS, hour: 3 * HOUR_MS };
export const LATE_AFTER_MS = 10 * MINUTE_MS;

export interface Retention {
  raw: string;
  minute: string;
  hour: string;
}

/** InfluxDB prints durations the Go way (`2160h0m0s`; `0s` is forever). */
function goDurationMs(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m) return Number.NaN;
  const ms = ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
  return ms === 0 ? Number.POSITIVE_INFINITY : ms;
}

const tags = ROLLUP_TAGS.map(ident).join(', ');

function rollupSelect(db: string, grain: 'minute' | 'hour'): string {
  const from =
    grain === 'minute' ? source(db, RP.raw, MEASUREMENT) : source(db, RP.minute, ROLLUP.minute);
  const into =
    grain === 'minute' ? source(db, RP.minute, ROLLUP.minute) : source(db, RP.hour, ROLLUP.hour);
  return `SELECT sum("n") AS "n" INTO ${into} FROM ${from}`;
}

function groupBy(grain: 'minute' | 'hour'): string {
  return ` GROUP BY time(${grain === 'minute' ? '1m' : '1h'}), ${tags}`;
}

/**
 * Make the database what the adapter expects: the database, three retention policies (raw is the
 * default, so the write path's `rp=raw` and plain writes agree) and the two continuous queries.
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
  const policies: Array<[string, string, boolean]> = [
    [RP.raw, retention.raw, true],
    [RP.minute, retention.minute, false],
    [RP.hour, retention.hour, false],
  ];
  for (const [name, duration, isDefault] of policies) {
    const current = existing.get(name);
    if (current?.ms === parseDuration(duration) && current.isDefault === isDefault) continue;
    const verb = current === undefined ? 'CREATE' : 'ALTER';
    const replication = verb === 'CREATE' ? ' REPLICATION 1' : '';
    await conn.query(
      `${verb} RETENTION POLICY ${ident(name)} ON ${ident(db)} DURATION ${duration}${replication}${isDefault ? ' DEFAULT' : ''}`,
      {},
      false,
    );
  }
  // One series per database, each row a query's name and text.
  const cqs = new Set<string>();
  for (const series of (await conn.query('SHOW CONTINUOUS QUERIES', {}, false))[0]?.series ?? []) {
    if (series.name === db) for (const values of series.values ?? []) cqs.add(String(values[0]));
  }
  const definitions: Array<[string, string]> = [
    [
      CQ.minute,
      `RESAMPLE EVERY 1m FOR ${CQ_WINDOW.minute / MINUTE_MS}m BEGIN ${rollupSelect(db, 'minute')}${groupBy('minute')} END`,
    ],
    [
      CQ.hour,
      `RESAMPLE EVERY 15m FOR ${CQ_WINDOW.hour / HOUR_MS}h BEGIN ${rollupSelect(db, 'hour')}${groupBy('hour')} END`,
    ],
  ];
  for (const [name, body] of definitions) {
    if (cqs.has(name)) continue;
    await conn.query(`CREATE CONTINUOUS QUERY ${ident(name)} ON ${ident(db)} ${body}`, {}, false);
  }
}

/**
 * Recompute the minute and hour rollups of whole hours covering [from, to], a day per request:
 * what a continuous query would have written had the reports arrived on time. Rewriting a bucket
 * overwrites it, so running this twice is harmless.
 */
export async function backfillRollups(
  conn: InfluxConnection,
  from: number,
  to: number,
): Promise<void> {
  const start = Math.floor(from / HOUR_MS) * HOUR_MS;
  const end = Math.floor(to / HOUR_MS) * HOUR_MS + HOUR_MS;
  for (let a = start; a < end; a += DAY_MS) {
    const b = Math.min(end, a + DAY_MS);
    const range = ` WHERE time >= ${msTime(a)} AND time < ${msTime(b)}`;
    await conn.query(
      `${rollupSelect(conn.database, 'minute')}${range}${groupBy('minute')}; ` +
        `${rollupSelect(conn.database, 'hour')}${range}${groupBy('hour')}`,
    );
  }
}

/** Drop the database (tests). */
export async function dropDatabase(conn: InfluxConnection): Promise<void> {
  await conn.query(`DROP DATABASE ${ident(conn.database)}`, {}, false);
}
