import { Assessment } from '#contracts/assessment';
import { describeFetchError, fetchJson } from '../../shared/fetch-json.js';
import { wallHeaders, wallRegion } from '../access.js';
import { assessment, assessmentAt } from '../stores/assessment.js';

const URL_BASE = '/api/v1/wall/assessment';

async function load(): Promise<void> {
  const url = wallRegion ? `${URL_BASE}?region=${wallRegion}` : URL_BASE;
  const result = await fetchJson(url, Assessment, { headers: wallHeaders() });
  if (!result.ok) {
    console.warn('[wall] 考核 not loaded:', describeFetchError(result.error));
    return;
  }
  assessment.value = result.data;
  assessmentAt.value = Date.now();
}

/**
 * The month's 考核 moves slowly (orders close over days): fetched now and every minute; the
 * server counts it at most every 30 s however many walls ask.
 */
export function startAssessmentPolling(intervalMs = 60_000): () => void {
  const run = () => void load().catch((err: unknown) => console.warn('[wall] 考核', err));
  run();
  const timer = window.setInterval(run, intervalMs);
  return () => window.clearInterval(timer);
}
