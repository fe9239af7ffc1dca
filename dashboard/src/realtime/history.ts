import type { History } from '../../../contracts/index.js';
import { setCategoryHistory } from '../stores/categories.js';
import { setHistory } from '../stores/trend.js';
import { wallHeaders, wallRegion } from './access.js';

const scope = wallRegion ? `&regionCode=${wallRegion}` : '';
const HISTORY_URL = `/api/v1/stats/history?hours=24&bucketMinutes=60&by=source${scope}`;
const CATEGORY_URL = `/api/v1/stats/history?hours=24&bucketMinutes=60&by=category${scope}`;
const REQUEST_TIMEOUT_MS = 15_000;

/** A light shape check: the full zod schema would add all of zod to the wall for one response. */
function isHistory(body: unknown): body is History {
  if (typeof body !== 'object' || body === null) return false;
  const h = body as Partial<History>;
  return (
    typeof h.bucketMinutes === 'number' &&
    Array.isArray(h.buckets) &&
    h.buckets.every((b) => typeof b === 'number') &&
    Array.isArray(h.series) &&
    h.series.every((s) => typeof s.key === 'string' && Array.isArray(s.counts))
  );
}

async function fetchHistory(url: string): Promise<History> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    headers: wallHeaders(),
  });
  if (!response.ok) throw new Error(`history: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isHistory(body)) throw new Error('history: unexpected response shape');
  return body;
}

/** The last 24 h by source (the trend) and by category (category trend and distribution). */
export async function loadHistory(): Promise<void> {
  const [bySource, byCategory] = await Promise.all([
    fetchHistory(HISTORY_URL),
    fetchHistory(CATEGORY_URL),
  ]);
  setHistory(bySource);
  setCategoryHistory(byCategory);
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
