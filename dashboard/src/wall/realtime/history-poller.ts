import { History } from '#contracts/stats';
import { describeFetchError, fetchJson } from '../../shared/fetch-json.js';
import { wallHeaders, wallRegion } from '../access.js';
import { setCategoryHistory } from '../stores/categories.js';
import { setHistory } from '../stores/trend.js';

const scope = wallRegion ? `&regionCode=${wallRegion}` : '';
const HISTORY_URL = `/api/v1/stats/history?hours=24&bucketMinutes=60&by=source${scope}`;
const CATEGORY_URL = `/api/v1/stats/history?hours=24&bucketMinutes=60&by=category${scope}`;

/** The last 24 h by source (the trend) and by category (category trend and distribution). */
export async function loadHistory(): Promise<void> {
  const [bySource, byCategory] = await Promise.all([
    fetchJson(HISTORY_URL, History, { headers: wallHeaders() }),
    fetchJson(CATEGORY_URL, History, { headers: wallHeaders() }),
  ]);
  // Both or neither, so the two charts never show different windows.
  if (!bySource.ok || !byCategory.ok) {
    for (const result of [bySource, byCategory]) {
      if (!result.ok) console.warn('[wall] history not loaded:', describeFetchError(result.error));
    }
    return;
  }
  setHistory(bySource.data);
  setCategoryHistory(byCategory.data);
}

/** Fetch the last 24 h now and every minute; live reports are counted in between. */
export function startHistoryPolling(intervalMs = 60_000): () => void {
  const load = (): void => {
    loadHistory().catch((err: unknown) => console.warn('[wall] history not loaded', err));
  };
  load();
  const timer = window.setInterval(load, intervalMs);
  return () => window.clearInterval(timer);
}
