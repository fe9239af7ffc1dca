import type { Alert, ChannelHealth, RegionLevel, WallSnapshot } from '#contracts';
import type { RegionTree } from '../regions/tree.js';
import { toView } from '../reports/view.js';
import { systemStatus } from '../store/status.js';
import type { ReportStore } from '../store/store.js';

/** What the wall's first picture is made of; each part answered by the module that owns it. */
export interface SnapshotSources {
  clock: () => number;
  regions: RegionTree;
  store: ReportStore;
  levels: () => RegionLevel[];
  alerts: () => Alert[];
  /** Active alerts whose case still waits for 签收 (the red takeover). */
  awaitingAck: () => string[];
  notifyHealth: () => ChannelHealth[];
}

/** The county wall's snapshot: everything a wall shows, as of now. */
export function wallSnapshot(sources: SnapshotSources): () => Promise<WallSnapshot> {
  const county = { code: sources.regions.county.code, name: sources.regions.county.name };
  return async () => ({
    serverTime: sources.clock(),
    county,
    regions: [...sources.regions.all],
    levels: sources.levels(),
    alerts: sources.alerts(),
    recentReports: (await sources.store.recent(50)).map(toView),
    awaitingAck: sources.awaitingAck(),
    notifyHealth: sources.notifyHealth(),
    status: systemStatus(sources.store),
  });
}
