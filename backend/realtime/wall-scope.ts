import type { Report, WallSnapshot } from '#contracts';
import { toView } from '../reports/view.js';

/** How far back a town wall looks for its 50 latest reports among the county's newest. */
export const TOWN_RECENT_SCAN = 1_000;
const RECENT = 50;

/**
 * A town wall's snapshot: only that town's levels, alerts and reports (the region tree stays
 * whole, so names still resolve). `recent` is the county's newest reports, newest first.
 */
export function scopeToTown(snapshot: WallSnapshot, town: string, recent: Report[]): WallSnapshot {
  const inTown = (code: string) => code.startsWith(town);
  const reports: Report[] = [];
  for (const r of recent) {
    if (!inTown(r.regionCode)) continue;
    reports.push(r);
    if (reports.length === RECENT) break;
  }
  return {
    ...snapshot,
    levels: snapshot.levels.filter((l) => inTown(l.regionCode)),
    alerts: snapshot.alerts.filter((a) => inTown(a.regionCode)),
    recentReports: reports.map(toView),
  };
}
