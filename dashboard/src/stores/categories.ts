import { computed, shallowRef } from 'vue';
import type { Category, History, ReportView } from '../../../contracts/index.js';
import { CATEGORIES } from '../../../contracts/vocabulary.js';

/** Reports per category per bucket over the last day, oldest bucket first. */
export interface CategoryTrend {
  bucketMinutes: number;
  buckets: readonly number[];
  counts: Readonly<Record<Category, readonly number[]>>;
}

/** Null until the first history answer; replaced whole so charts see one consistent picture. */
export const categoryTrend = shallowRef<CategoryTrend | null>(null);

export function setCategoryHistory(history: History): void {
  const counts = Object.fromEntries(
    CATEGORIES.map((c) => [c, history.buckets.map(() => 0)]),
  ) as Record<Category, number[]>;
  for (const series of history.series) {
    if ((CATEGORIES as readonly string[]).includes(series.key)) {
      counts[series.key as Category] = history.buckets.map((_, i) => series.counts[i] ?? 0);
    }
  }
  categoryTrend.value = { bucketMinutes: history.bucketMinutes, buckets: history.buckets, counts };
}

/**
 * Count live reports into their bucket between fetches. Reports past the last bucket wait for
 * the next fetch (a minute at most), which rolls the window forward.
 */
export function countCategories(reports: readonly ReportView[]): void {
  const current = categoryTrend.value;
  if (!current || reports.length === 0 || current.buckets.length === 0) return;
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
  if (changed) categoryTrend.value = { ...current, counts };
}

/** Reports per category over the whole window, largest first (the distribution chart). */
export const categoryTotals = computed(() => {
  const trend = categoryTrend.value;
  if (!trend) return [];
  return CATEGORIES.map((category) => ({
    category,
    total: trend.counts[category].reduce((a, b) => a + b, 0),
  })).sort((a, b) => b.total - a.total);
});
