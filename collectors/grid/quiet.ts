import type { GridQuietReport, GridVillageQuiet, Region } from '../../contracts/index.js';
import type { RegionTree } from '../../backend/regions/tree.js';
import type { ReportStore } from '../../backend/store/store.js';
import type { GridLedger } from './ledger.js';
import type { WorkerDirectory } from './workers.js';

/** Reports and visits may be stamped this far ahead of our clock; the window includes them. */
const SKEW_MS = 5 * 60_000;

export interface QuietDeps {
  regions: RegionTree;
  ledger: GridLedger;
  store: ReportStore;
  workers: WorkerDirectory;
  clock: () => number;
}

/** The villages a quiet query is about: the village itself, or a town's villages. */
export function villagesOf(regions: RegionTree, region: Region): readonly Region[] {
  if (region.kind === 'village') return [region];
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
  // One indexed count per village (a town has tens), counting grid reports however they came in.
  const gridProblems = await Promise.all(
    villages.map(async (v) => {
      const counts = await deps.store.counts({ from, to, by: 'source', regionCode: v.code });
      return counts.find((c) => c.key === 'grid')?.count ?? 0;
    }),
  );
  const rows = villages.map((village, i): GridVillageQuiet => {
    const v = visits.get(village.code);
    const problems = gridProblems[i] ?? 0;
    const count = v?.visits ?? 0;
    const quietVisits = v?.quietVisits ?? 0;
    return {
      regionCode: village.code,
      name: village.name,
      workers: deps.workers.ofVillage(village.code).map((w) => ({ id: w.id, name: w.name })),
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
