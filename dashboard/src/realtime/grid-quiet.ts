import type { GridQuietReport } from '../../../contracts/index.js';
import { gridQuiet } from '../stores/gridQuiet.js';
import { wall } from '../stores/wall.js';
import { wallHeaders, wallRegion } from './access.js';

const URL_BASE = '/api/v1/collectors/grid/quiet';
const REQUEST_TIMEOUT_MS = 15_000;

/** A light shape check: the full zod schema would pull zod into the wall bundle. */
function isQuietReport(body: unknown): body is GridQuietReport {
  if (typeof body !== 'object' || body === null) return false;
  const r = body as Partial<GridQuietReport>;
  return Array.isArray(r.villages) && typeof r.summary?.quiet === 'number';
}

async function loadGridQuiet(): Promise<void> {
  // The county wall asks for the county, a town wall for its town; the county code comes with
  // the first snapshot.
  const region = wallRegion ?? wall.county.value?.code;
  if (!region) return;
  const response = await fetch(`${URL_BASE}?regionCode=${region}&hours=24`, {
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    headers: wallHeaders(),
  });
  if (!response.ok) throw new Error(`grid quiet: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isQuietReport(body)) throw new Error('grid quiet: unexpected response shape');
  gridQuiet.value = {
    quiet: body.summary.quiet,
    villages: body.summary.villages,
    unvisited: body.summary.unvisited,
    visits: body.villages.reduce((n, v) => n + v.visits, 0),
    households: body.villages.reduce((n, v) => n + v.households, 0),
  };
}

function load(): void {
  loadGridQuiet().catch((err: unknown) => {
    gridQuiet.value = null;
    console.warn('[wall] grid visits not loaded', err);
  });
}

/** Visits arrive from the grid app without a socket event: fetch now, and every minute. */
export function startGridQuietPolling(intervalMs = 60_000): () => void {
  const first = window.setTimeout(load, 1500);
  const timer = window.setInterval(load, intervalMs);
  return () => {
    window.clearTimeout(first);
    window.clearInterval(timer);
  };
}
