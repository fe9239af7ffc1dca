import { shallowRef } from 'vue';
import type { History } from '#contracts';
import { trendFromHistory, type Trend } from './windows.js';

export type { Trend } from './windows.js';

/**
 * Reports per source over the last day. Null until the first history answer; replaced whole
 * (by the history poller, and by `apply.ts` as live reports are counted in), so readers see
 * one consistent picture.
 */
export const trend = shallowRef<Trend | null>(null);

export function setHistory(history: History, fetchedAt = Date.now()): void {
  trend.value = trendFromHistory(history, fetchedAt);
}
