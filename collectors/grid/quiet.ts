import type { GridQuietReport, GridVillageQuiet, Region } from '#contracts';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { CollectorPort } from '../port.js';
import type { GridLedger } from './ledger.js';
import type { WorkerDirectory } from './workers.js';

/** Reports and visits may be stamped this far ahead of our clock; the window includes them. */
const SKEW_MS = 5 * 60_000;

export interface QuietDeps {
  regions: RegionTree;
  ledger: GridLedger;
  /** Stored reports' counts, through the collector port. */
  reports: Pick<CollectorPort, 'countReports'>;
  workers: WorkerDirectory;
  clock: () => number;
}

/** The villages a quiet query is about: the village itself, a town's or the county's villages. */
export function villagesOf(regions: RegionTree, region: Region): readonly Region[] {
  if (region.kind === 'village') return [region];
  if (region.kind === 'county') return regions.all.filter((r) => r.kind === 'village');
  return regions.children(region.code).filter((r) => r.kind === 'village');
}

/**
 * "All quiet" (平安) evidence per village: no report is not the same as nothing wrong, but a
 * recent visit that found everything quiet, with no problem filed by the grid, is.
 */
export async function quietReport(
  deps: QuietDeps,
  region: Region,
  hours: number,
): Promise<GridQuietReport> {
  const now = deps.clock();
  const from = now - hours * 3_600_000;
  const to = now + SKEW_MS;
  const villages = villagesOf(deps.regions, region);
  const visits = new Map(
    deps.ledger.visitsIn(region.code, from, to).map((v) => [v.villageCode, v]),
  );
  const last = deps.ledger.lastVisits(region.code);
  const gridProblems = await gridProblemsPerVillage(deps.reports, region, villages, from, to);
  const rows = villages.map((village, i): GridVillageQuiet => {
    const v = visits.get(village.code);
    const problems = gridProblems[i] ?? 0;
    const count = v?.visits ?? 0;
    const quietVisits = v?.quietVisits ?? 0;
    return {
      regionCode: village.code,
      name: village.name,
      workers: deps.workers.ofVillage(village.code).map((w) => ({ id: w.id })),
      lastVisitAt: last.get(village.code) ?? null,
      visits: count,
      quietVisits,
      households: v?.households ?? 0,
      gridProblems: problems,
      quiet: count > 0 && quietVisits === count && problems === 0,
    };
  });
  return {
    regionCode: region.code,
    hours,
    from,
    to,
    villages: rows,
    summary: {
      villages: rows.length,
      quiet: rows.filter((r) => r.quiet).length,
      unvisited: rows.filter((r) => r.visits === 0).length,
    },
  };
}

/**
 * Reports of source `grid` per village, however they came in. A town has tens of villages: one
 * indexed count each. The county wall asks for all of them every minute: one count by region
 * over the window, then the grid share only where a village had any report at all.
 */
async function gridProblemsPerVillage(
  reports: Pick<CollectorPort, 'countReports'>,
  region: Region,
  villages: readonly Region[],
  from: number,
  to: number,
): Promise<number[]> {
  const gridIn = async (code: string) => {
    const counts = await reports.countReports({ from, to, by: 'source', regionCode: code });
    return counts.find((c) => c.key === 'grid')?.count ?? 0;
  };
  if (region.kind !== 'county') return Promise.all(villages.map((v) => gridIn(v.code)));
  const busy = new Set<string>();
  for (const { key } of await reports.countReports({
    from,
    to,
    by: 'region',
    regionCode: region.code,
  })) {
    busy.add(key.slice(0, 12));
  }
  return Promise.all(villages.map((v) => (busy.has(v.code) ? gridIn(v.code) : 0)));
}
