import { watch } from 'vue';
import { WallCasesSummary } from '#contracts/wall-cases';
import { describeFetchError, fetchJson } from '../../shared/fetch-json.js';
import { wallHeaders, wallRegion } from '../access.js';
import { caseEvents, setCaseSummary } from '../stores/cases.js';

const URL_BASE = '/api/v1/wall/cases-summary';
/** Case events come in bursts (an alert opens a case, the sweep escalates several): coalesce. */
const REFRESH_DELAY_MS = 800;

export async function loadCaseSummary(): Promise<void> {
  const url = wallRegion ? `${URL_BASE}?region=${wallRegion}` : URL_BASE;
  const result = await fetchJson(url, WallCasesSummary, { headers: wallHeaders() });
  if (!result.ok) {
    console.warn('[wall] case summary not loaded:', describeFetchError(result.error));
    return;
  }
  setCaseSummary(result.data);
}

function load(): void {
  loadCaseSummary().catch((err: unknown) => console.warn('[wall] case summary not loaded', err));
}

let pending = 0;

/** Refetch soon, once for a burst of alert and case events. */
function refreshSoon(): void {
  if (pending) return;
  pending = window.setTimeout(() => {
    pending = 0;
    load();
  }, REFRESH_DELAY_MS);
}

/**
 * Fetch now, on an interval (deadlines pass and sweeps escalate without any alert event), and
 * soon after the socket counts an alert or case event into the store.
 */
export function startCasePolling(intervalMs = 15_000): () => void {
  load();
  const timer = window.setInterval(load, intervalMs);
  const stopWatching = watch(caseEvents, refreshSoon);
  return () => {
    window.clearInterval(timer);
    stopWatching();
  };
}
