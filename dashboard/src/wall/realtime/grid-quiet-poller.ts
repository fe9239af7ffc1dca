import { GridQuietReport } from '#contracts/grid';
import { describeFetchError, fetchJson } from '../../shared/fetch-json.js';
import { wallHeaders, wallRegion } from '../access.js';
import { gridQuiet, type GridQuietFigures } from '../stores/grid-quiet.js';
import { wall } from '../stores/wall.js';

const URL_BASE = '/api/v1/collectors/grid/quiet';

function figuresOf(report: GridQuietReport): GridQuietFigures {
  return {
    quiet: report.summary.quiet,
    villages: report.summary.villages,
    unvisited: report.summary.unvisited,
    visits: report.villages.reduce((n, v) => n + v.visits, 0),
    households: report.villages.reduce((n, v) => n + v.households, 0),
  };
}

async function loadGridQuiet(): Promise<void> {
  // The county wall asks for the county, a town wall for its town; the county code comes with
  // the first snapshot.
  const region = wallRegion ?? wall.county.value?.code;
  if (!region) return;
  const url = `${URL_BASE}?regionCode=${region}&hours=24`;
  const result = await fetchJson(url, GridQuietReport, { headers: wallHeaders() });
  if (!result.ok) {
    // The wall shows "—", never old figures.
    gridQuiet.value = null;
    console.warn('[wall] grid visits not loaded:', describeFetchError(result.error));
    return;
  }
  gridQuiet.value = figuresOf(result.data);
}

/** Visits arrive from the grid app without a socket event: fetch now, and every minute. */
export function startGridQuietPolling(intervalMs = 60_000): () => void {
  const load = (): void => {
    loadGridQuiet().catch((err: unknown) => console.warn('[wall] grid visits not loaded', err));
  };
  const first = window.setTimeout(load, 1500);
  const timer = window.setInterval(load, intervalMs);
  return () => {
    window.clearTimeout(first);
    window.clearInterval(timer);
  };
}
