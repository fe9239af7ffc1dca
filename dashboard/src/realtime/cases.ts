import type { WallCasesSummary } from '../../../contracts/index.js';
import { setCaseSummary } from '../stores/cases.js';
import { wallHeaders, wallRegion } from './access.js';

const URL_BASE = '/api/v1/wall/cases-summary';
const REQUEST_TIMEOUT_MS = 15_000;
/** Case events come in bursts (an alert opens a case, the sweep escalates several): coalesce. */
const REFRESH_DELAY_MS = 800;

/** A light shape check: the full zod schema would pull zod into the wall bundle. */
function isSummary(body: unknown): body is WallCasesSummary {
  if (typeof body !== 'object' || body === null) return false;
  const s = body as Partial<WallCasesSummary>;
  return (
    typeof s.at === 'number' &&
    Array.isArray(s.funnel) &&
    Array.isArray(s.towns) &&
    Array.isArray(s.overdue) &&
    Array.isArray(s.deadlines)
  );
}

export async function loadCaseSummary(): Promise<void> {
  const url = wallRegion ? `${URL_BASE}?region=${wallRegion}` : URL_BASE;
  const response = await fetch(url, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    headers: wallHeaders(),
  });
  if (!response.ok) throw new Error(`cases summary: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isSummary(body)) throw new Error('cases summary: unexpected response shape');
  setCaseSummary(body);
}

function load(): void {
  loadCaseSummary().catch((err: unknown) => console.warn('[wall] case summary not loaded', err));
}

let pending = 0;

/** Refetch soon: called on alert and case events from the socket. */
export function refreshCasesSoon(): void {
  if (pending) return;
  pending = window.setTimeout(() => {
    pending = 0;
    load();
  }, REFRESH_DELAY_MS);
}

/** Fetch now and on an interval (deadlines pass and sweeps escalate without any alert event). */
export function startCasePolling(intervalMs = 15_000): () => void {
  load();
  const timer = window.setInterval(load, intervalMs);
  return () => window.clearInterval(timer);
}
