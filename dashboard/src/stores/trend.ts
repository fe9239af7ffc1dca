import { shallowRef } from 'vue';
import type { History, ReportView, Source } from '../../../contracts/index.js';
import { SOURCES } from '../../../contracts/vocabulary.js';

/** Reports per source per bucket over the last day, oldest bucket first. */
export interface Trend {
  bucketMinutes: number;
  buckets: readonly number[];
  counts: Readonly<Record<Source, readonly number[]>>;
  fetchedAt: number;
}

/** Null until the first history answer. Replaced whole, so readers see one consistent picture. */
export const trend = shallowRef<Trend | null>(null);

export function setHistory(history: History, fetchedAt = Date.now()): void {
  const empty = history.buckets.map(() => 0);
  const counts = Object.fromEntries(SOURCES.map((s) => [s, empty])) as Record<Source, number[]>;
  for (const series of history.series) {
    if ((SOURCES as readonly string[]).includes(series.key)) {
      counts[series.key as Source] = history.buckets.map((_, i) => series.counts[i] ?? 0);
    }
  }
  trend.value = {
    bucketMinutes: history.bucketMinutes,
    buckets: history.buckets,
    counts,
    fetchedAt,
  };
}

/**
 * Count live reports into their buckets between fetches, by the time they happened. A report
 * past the last bucket rolls the window forward; one before the first is already history.
 */
export function countReports(reports: readonly ReportView[]): void {
  const current = trend.value;
  if (!current || reports.length === 0 || current.buckets.length === 0) return;
  const width = current.bucketMinutes * 60_000;
  let buckets = [...current.buckets];
  const counts = Object.fromEntries(SOURCES.map((s) => [s, [...current.counts[s]]])) as Record<
    Source,
    number[]
  >;
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
  }
  trend.value = { ...current, buckets, counts };
}

/** Total reports in the window, all sources. */
export function trendTotal(t: Trend): number {
  let total = 0;
  for (const source of SOURCES) for (const n of t.counts[source]) total += n;
  return total;
}
