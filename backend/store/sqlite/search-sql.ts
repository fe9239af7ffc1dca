import { foldAscii } from '#contracts';
import type { ReportSearch } from '../store.js';

/** Region codes of a village (12 digits) or a group (15): a subtree small enough to sort. */
const NARROW_REGION = 12;

/** The index a search walks: which of the two plans below. */
export function searchIndex(query: Pick<ReportSearch, 'regions'>): string {
  const narrow = query.regions.every((code) => code.length >= NARROW_REGION);
  return narrow ? 'reports_region_time' : 'reports_time_id';
}

/**
 * The statement of one page of a search (GET /api/v1/reports), newest first, on one of two plans
 * chosen by the regions (`INDEXED BY`, so the plan does not depend on statistics):
 *
 * - Wide (some region is the county or a town): walk `reports_time_id` (occurred_at, id)
 *   backwards from the cursor (`(occurred_at, id) < (?, ?)` is an index range, and so are
 *   `from`/`to`), test each row's other filters, stop at `limit` rows. No sort.
 *   O(log n + k): k rows walked until `limit` match. Filters that match many stop it early (the
 *   first page of a county's reports reads ~limit rows); filters that match few walk up to every
 *   row of [from, min(to, cursor)) (500k rows: ~150 ms; give `from` to bound a rare word).
 * - Narrow (only villages and groups: a village user, or a village's regionCode): the regions'
 *   code ranges in `reports_region_time`, the other filters on each, then the newest `limit` by a
 *   top-N sort. O(log n + m log limit): m the reports of those subtrees (a village's years:
 *   thousands, ~5 ms), however rare the filters, never the rest of the county's.
 *
 * Words are `instr(lower(text), ?)`: a substring per word (Chinese has no spaces), ASCII letters
 * folded on both sides (SQLite's lower() folds only those, as `foldAscii` does). Every value is a
 * bound parameter, so a word or a code is only ever data.
 */
export function searchSql(query: ReportSearch): {
  sql: string;
  params: Record<string, string | number>;
} {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: query.limit };
  const bind = (value: string | number) => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `@${name}`;
  };
  const oneOf = (column: string, values: readonly string[]) =>
    `${column} IN (${values.map(bind).join(', ')})`;
  // A subtree is every code starting with its code: the range [code, code + '~').
  const ranges = query.regions.map(
    (code) => `(region_code >= ${bind(code)} AND region_code < ${bind(`${code}~`)})`,
  );
  where.push(ranges.length ? `(${ranges.join(' OR ')})` : '0');
  if (query.from !== undefined) where.push(`occurred_at >= ${bind(query.from)}`);
  if (query.to !== undefined) where.push(`occurred_at < ${bind(query.to)}`);
  if (query.after) {
    where.push(`(occurred_at, id) < (${bind(query.after.occurredAt)}, ${bind(query.after.id)})`);
  }
  if (query.sources) where.push(oneOf('source', query.sources));
  // Reports a correction moved into the asked categories or colours pass by id.
  const also = query.alsoIds?.length
    ? ` OR id IN (SELECT value FROM json_each(${bind(JSON.stringify(query.alsoIds))}))`
    : '';
  if (query.categories) where.push(`(${oneOf('category', query.categories)}${also})`);
  if (query.levels) where.push(`(${oneOf('level', query.levels)}${also})`);
  for (const word of query.words ?? []) {
    where.push(`instr(lower(text), ${bind(foldAscii(word))}) > 0`);
  }
  return {
    sql: `SELECT * FROM reports INDEXED BY ${searchIndex(query)} WHERE ${where.join(' AND ')}
      ORDER BY occurred_at DESC, id DESC LIMIT @limit`,
    params,
  };
}
