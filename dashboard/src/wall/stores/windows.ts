import type { Category, History, ReportView, Source } from '#contracts';
import { CATEGORIES, SOURCES } from '#contracts/vocabulary';

/**
 * The wall's 24-hour count windows, as plain values: built from a history answer, then kept
 * current by counting live reports in. Pure functions; the stores hold the values.
 */

/** Reports per source per bucket over the last day, oldest bucket first. */
export interface Trend {
  bucketMinutes: number;
  buckets: readonly number[];
  counts: Readonly<Record<Source, readonly number[]>>;
  fetchedAt: number;
}

/** Reports per category per bucket over the last day, oldest bucket first. */
export interface CategoryTrend {
  bucketMinutes: number;
  buckets: readonly number[];
  counts: Readonly<Record<Category, readonly number[]>>;
}

/** One series per key of `keys` (zeros for a key the answer lacks), aligned to the buckets. */
function seriesByKey<K extends string>(history: History, keys: readonly K[]): Record<K, number[]> {
  const counts = Object.fromEntries(keys.map((k) => [k, history.buckets.map(() => 0)])) as Record<
    K,
    number[]
  >;
  for (const series of history.series) {
    if ((keys as readonly string[]).includes(series.key)) {
      counts[series.key as K] = history.buckets.map((_, i) => series.counts[i] ?? 0);
    }
  }
  return counts;
}

export function trendFromHistory(history: History, fetchedAt: number): Trend {
  return {
    bucketMinutes: history.bucketMinutes,
    buckets: history.buckets,
    counts: seriesByKey(history, SOURCES),
    fetchedAt,
  };
}

export function categoryTrendFromHistory(history: History): CategoryTrend {
  return {
    bucketMinutes: history.bucketMinutes,
    buckets: history.buckets,
    counts: seriesByKey(history, CATEGORIES),
  };
}

/**
 * Count live reports into their buckets by the time they happened. A report past the last
 * bucket rolls the window forward; one before the first is already history. Returns `current`
 * itself when nothing was counted.
 */
export function countIntoTrend(current: Trend, reports: readonly ReportView[]): Trend {
  if (reports.length === 0 || current.buckets.length === 0) return current;
  const width = current.bucketMinutes * 60_000;
  let buckets = [...current.buckets];
  const counts = Object.fromEntries(SOURCES.map((s) => [s, [...current.counts[s]]])) as Record<
    Source,
    number[]
  >;
  let changed = false;
  for (const report of reports) {
    const first = buckets[0]!;
    let slot = Math.floor((report.occurredAt - first) / width);
    if (slot < 0) continue;
    const shift = slot - buckets.length + 1;
    if (shift > 0) {
      const kept = Math.max(0, buckets.length - shift);
      buckets = buckets.map((start) => start + shift * width);
      for (const source of SOURCES) {
        const zeros = Array<number>(buckets.length - kept).fill(0);
        counts[source] = [...counts[source].slice(buckets.length - kept), ...zeros];
      }
      slot = buckets.length - 1;
    }
    counts[report.source][slot]! += 1;
    changed = true;
  }
  return changed ? { ...current, buckets, counts } : current;
}

/**
 * Count live reports into their category buckets. Reports past the last bucket wait for the
 * next history answer (a minute at most), which rolls the window forward. Returns `current`
 * itself when nothing was counted.
 */
export function countIntoCategories(
  current: CategoryTrend,
  reports: readonly ReportView[],
): CategoryTrend {
  if (reports.length === 0 || current.buckets.length === 0) return current;
  const width = current.bucketMinutes * 60_000;
  const first = current.buckets[0]!;
  const counts = { ...current.counts } as Record<Category, number[]>;
  let changed = false;
  for (const report of reports) {
    const slot = Math.floor((report.occurredAt - first) / width);
    if (slot < 0 || slot >= current.buckets.length) continue;
    counts[report.category] = [...counts[report.category]];
    counts[report.category][slot]! += 1;
    changed = true;
  }
  return changed ? { ...current, counts } : current;
}

/** Total reports in the window, all sources. */
export function trendTotal(t: Trend): number {
  let total = 0;
  for (const source of SOURCES) for (const n of t.counts[source]) total += n;
  return total;
}

/** Reports per category over the whole window, largest first (the distribution chart). */
export function categoryTotalsOf(
  trend: CategoryTrend | null,
): { category: Category; total: number }[] {
  if (!trend) return [];
  return CATEGORIES.map((category) => ({
    category,
    total: trend.counts[category].reduce((a, b) => a + b, 0),
  })).sort((a, b) => b.total - a.total);
}
