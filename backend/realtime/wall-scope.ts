import type { WallSnapshot } from '#contracts';
import type { ReportStore } from '../store/store.js';
import { toView } from '../reports/view.js';

/** How far back a town wall looks for its 50 latest reports among the county's newest. */
const TOWN_RECENT_SCAN = 1_000;
const RECENT = 50;

/**
 * The snapshot a wall gets: the county's as is, or for a town wall only that town's levels,
 * alerts and reports (the region tree stays whole, so names still resolve).
 */
export async function scopedSnapshot(
  full: () => Promise<WallSnapshot>,
  store: ReportStore,
  town: string | undefined,
): Promise<WallSnapshot> {
  const snapshot = await full();
  if (!town) return snapshot;
  const inTown = (code: string) => code.startsWith(town);
  const recent = await store.recent(TOWN_RECENT_SCAN);
  return {
    ...snapshot,
    levels: snapshot.levels.filter((l) => inTown(l.regionCode)),
    alerts: snapshot.alerts.filter((a) => inTown(a.regionCode)),
    recentReports: recent
      .filter((r) => inTown(r.regionCode))
      .slice(0, RECENT)
      .map(toView),
  };
}
