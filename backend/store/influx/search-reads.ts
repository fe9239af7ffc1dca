import type { Report } from '#contracts';
import { newestFirst, positionOf, searchMatcher } from '../search.js';
import type { ReportSearch, SearchBatch, StoreUnavailable } from '../store.js';
import { isOutage } from './connection.js';
import { limit, PAGE, Where } from './influxql.js';
import type { PendingReads, SeqReport } from './pending-reads.js';
import { HOUR_MS } from './schema.js';

/**
 * A search reads time windows newest first: the first reaches an hour back, each next one is
 * sized so it holds about SEARCH_WINDOW_ROWS reports at the density of the one before, and a
 * search stops looking after SEARCH_BUDGET_ROWS (its page then ends short, with a cursor).
 */
const SEARCH_FIRST_WINDOW_MS = HOUR_MS;
const SEARCH_MIN_WINDOW_MS = 60_000;
const SEARCH_WINDOW_ROWS = 2_000;
const SEARCH_BUDGET_ROWS = 20_000;
/** InfluxDB's times are int64 nanoseconds: a window end past these is left open. */
const INFLUX_MAX_MS = 9_223_372_036_853;
const INFLUX_MIN_MS = -INFLUX_MAX_MS;
/** Ids of corrected reports asked for in InfluxQL; past this many they are checked in process. */
const SEARCH_MAX_BOUND_IDS = 100;

/** What a search needs of the InfluxDB reads (reads.ts). */
export interface SearchReads {
  clock: () => number;
  /** The spool's unshipped reports, readable the moment they are acknowledged. */
  pending: PendingReads;
  /** The stored reports one statement returns (none while the database does not exist). */
  select: (q: string, where: Where) => Promise<SeqReport[]>;
  /** The raw measurement's source, for FROM. */
  raw: string;
  /** The error to answer when InfluxDB does not answer. */
  unavailable: (what: string, err: unknown) => StoreUnavailable;
}

/**
 * One page of a search, by time windows read newest first. Each window is one bounded InfluxQL
 * query on time (`occurredAt`: the point time) and the tags (regions, sources, categories,
 * levels), with every value a bound parameter, never spliced in; the text's words, the cursor
 * within its millisecond and everything else are checked in process on what comes back (and on
 * the spool's unshipped reports of the window). Cost: the tag-matching reports of the windows
 * read, at most about SEARCH_BUDGET_ROWS + one window's per call; when the budget runs out
 * first the page ends short with a position to go on from.
 */
export async function searchReports(io: SearchReads, search: ReportSearch): Promise<SearchBatch> {
  if (search.regions.length === 0 || search.limit <= 0) return { reports: [], next: null };
  const matches = searchMatcher(search);
  const ends = [search.to, search.after && search.after.occurredAt + 1];
  // Exclusive upper end of the next window; Infinity: open (reports dated a little ahead too).
  let hi = Math.min(...ends.map((t) => t ?? Number.POSITIVE_INFINITY));
  const floor = search.from ?? 0;
  let width = SEARCH_FIRST_WINDOW_MS;
  let scanned = 0;
  const found: Report[] = [];
  try {
    for (;;) {
      // The window reaches `width` back from its end, or from now when the end is later.
      const top = Math.min(hi, io.clock());
      // Below the floor: from `from`, or (none given) everything older, in one last window.
      const lo = top - width > floor ? top - width : (search.from ?? null);
      const rows = await searchWindow(io, search, lo, hi);
      scanned += rows.length;
      for (const report of rows) if (matches(report)) found.push(report);
      if (found.length >= search.limit) {
        const reports = found.sort(newestFirst).slice(0, search.limit);
        return { reports, next: positionOf(reports.at(-1) as Report) };
      }
      if (lo === null || lo <= floor) return { reports: found.sort(newestFirst), next: null };
      if (scanned >= SEARCH_BUDGET_ROWS) {
        return { reports: found.sort(newestFirst), next: { occurredAt: lo, id: '' } };
      }
      hi = lo;
      if (rows.length < SEARCH_WINDOW_ROWS / 2) width *= 4;
      else if (rows.length > SEARCH_WINDOW_ROWS * 2)
        width = Math.max(SEARCH_MIN_WINDOW_MS, Math.floor(width / 2));
    }
  } catch (err) {
    if (!isOutage(err)) throw err;
    throw io.unavailable('this search', err);
  }
}

/** Reports dated in [lo, hi) (null / Infinity: open) that match the search's tags. */
async function searchWindow(
  io: SearchReads,
  search: ReportSearch,
  lo: number | null,
  hi: number,
): Promise<Report[]> {
  const local = io.pending.since(
    lo ?? Number.MIN_SAFE_INTEGER,
    Number.isFinite(hi) ? hi : Number.MAX_SAFE_INTEGER,
  );
  const where = new Where();
  if (lo !== null && lo > INFLUX_MIN_MS) where.since(lo);
  if (hi < INFLUX_MAX_MS) where.before(hi);
  where.field('seq', '<=', local.watermark);
  where.anyOf(search.regions, (w, code) => w.region(code));
  if (search.sources) where.anyOf(search.sources, (w, s) => w.tag('source', s));
  const ids = search.alsoIds ?? [];
  if (ids.length <= SEARCH_MAX_BOUND_IDS) {
    // A corrected report passes whatever its stored tag says: its id is asked for too.
    const oneOf = (tag: string, values: readonly string[]) =>
      where.anyOf([...values.map((v) => [tag, v]), ...ids.map((id) => ['id', id])], (w, [k, v]) =>
        k === 'id' ? w.field('id', '=', v as string) : w.tag(k as string, v as string),
      );
    if (search.categories) oneOf('category', search.categories);
    if (search.levels) oneOf('level', search.levels);
  }
  const out: SeqReport[] = [...local.value];
  for (let offset = 0; ; offset += PAGE) {
    const page = await io.select(
      `SELECT "seq", "report" FROM ${io.raw}${where} ORDER BY time ASC${limit(PAGE, offset)}`,
      where,
    );
    out.push(...page);
    if (page.length < PAGE) break;
  }
  return out.map((r) => r.report);
}
