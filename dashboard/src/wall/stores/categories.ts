import { computed, shallowRef } from 'vue';
import type { History } from '#contracts';
import { categoryTotalsOf, categoryTrendFromHistory, type CategoryTrend } from './windows.js';

export type { CategoryTrend } from './windows.js';

/**
 * Reports per category over the last day. Null until the first history answer; replaced whole
 * (by the history poller, and by `apply.ts` as live reports are counted in).
 */
export const categoryTrend = shallowRef<CategoryTrend | null>(null);

export function setCategoryHistory(history: History): void {
  categoryTrend.value = categoryTrendFromHistory(history);
}

/** Reports per category over the whole window, largest first (the distribution chart). */
export const categoryTotals = computed(() => categoryTotalsOf(categoryTrend.value));
