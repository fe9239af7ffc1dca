import type { Alert, ChannelHealth, RegionLevel, Report, WallSnapshot } from '#contracts';
import type { RegionTree } from '../regions/tree.js';
import { toView } from '../reports/view.js';
import { systemStatus } from '../store/status.js';
import type { ReportStore } from '../store/store.js';
import { scopeToTown, TOWN_RECENT_SCAN } from './wall-scope.js';

/** The county wall's ticker: its newest reports. */
const COUNTY_RECENT = 50;
/** How long a read of the store's newest reports serves before the next one (while asked for). */
export const RECENT_REFRESH_MS = 1_000;

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

/** Every wall's snapshot, built from one shared copy of the store's newest reports. */
export interface WallSnapshots {
  /** The county wall's snapshot (no town) or a town wall's, as of now. */
  build(town?: string): Promise<WallSnapshot>;
  /** A report was stored and published: the shared copy takes it without reading the store. */
  accepted(report: Report): void;
}

/** The store's order for `recent`: newest occurrence first, later arrival first among equals. */
function newerFirst(a: Report, b: Report): number {
  return b.occurredAt - a.occurredAt || b.receivedAt - a.receivedAt;
}

/**
 * The store's newest `limit` reports, read at most once per `refreshMs` and only while someone
 * asks; between reads the published reports are merged in, so the copy is as of now whatever its
 * age. Concurrent askers share one read. 1,000 walls connecting cost one store read a second.
 */
export class RecentReports {
  private window: Report[] | null = null;
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<Report[]> | null = null;
  /** Published while a read was under way: the read may not include them. */
  private arrived: Report[] = [];

  constructor(
    private readonly store: Pick<ReportStore, 'recent'>,
    readonly limit: number,
    private readonly refreshMs = RECENT_REFRESH_MS,
    /** Monotonic milliseconds (not the app's clock, which tests may hold still). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<Report[]> {
    if (this.window && this.now() - this.readAt < this.refreshMs) {
      return Promise.resolve(this.window);
    }
    if (this.reading) return this.reading;
    const startedAt = this.now();
    this.arrived = [];
    const read = this.store.recent(this.limit).then(
      (rows) => {
        this.window = merge(rows, this.arrived, this.limit);
        this.readAt = startedAt;
        this.arrived = [];
        this.reading = null;
        return this.window;
      },
      (err: unknown) => {
        this.reading = null;
        throw err;
      },
    );
    this.reading = read;
    return read;
  }

  add(report: Report): void {
    if (this.reading) this.arrived.push(report);
    if (this.window) this.window = insert(this.window, report, this.limit);
  }
}

/** The newest `limit` of both lists in the store's order, each report once. */
function merge(rows: Report[], extra: Report[], limit: number): Report[] {
  const seen = new Set<string>();
  const out: Report[] = [];
  for (const r of [...extra, ...rows]) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out.sort(newerFirst).slice(0, limit);
}

/** A copy of `window` with `report` in its place (or unchanged when it falls off the end). */
function insert(window: Report[], report: Report, limit: number): Report[] {
  if (window.some((r) => r.id === report.id)) return window;
  let lo = 0;
  let hi = window.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newerFirst(window[mid] as Report, report) <= 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= limit) return window;
  return [...window.slice(0, lo), report, ...window.slice(lo, limit - 1)];
}

/**
 * Snapshots for the county wall and each town wall. The store is read through two shared copies
 * (the county's 50 newest, and the 1,000 newest a town wall picks its own from); levels, alerts
 * and the rest are in memory and taken at the moment of building, so a snapshot is never older
 * than the socket that asked for it.
 */
export function wallSnapshots(
  sources: SnapshotSources,
  refreshMs = RECENT_REFRESH_MS,
): WallSnapshots {
  const county = { code: sources.regions.county.code, name: sources.regions.county.name };
  const countyRecent = new RecentReports(sources.store, COUNTY_RECENT, refreshMs);
  const townRecent = new RecentReports(sources.store, TOWN_RECENT_SCAN, refreshMs);
  const assemble = (recent: Report[]): WallSnapshot => ({
    serverTime: sources.clock(),
    county,
    regions: [...sources.regions.all],
    levels: sources.levels(),
    alerts: sources.alerts(),
    recentReports: recent.map(toView),
    awaitingAck: sources.awaitingAck(),
    notifyHealth: sources.notifyHealth(),
    status: systemStatus(sources.store),
  });
  return {
    build: async (town) => {
      if (!town) return assemble(await countyRecent.get());
      const recent = await townRecent.get();
      return scopeToTown(assemble([]), town, recent);
    },
    accepted: (report) => {
      countyRecent.add(report);
      townRecent.add(report);
    },
  };
}
