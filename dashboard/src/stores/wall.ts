import { computed, reactive, shallowReactive, shallowRef } from 'vue';
import type {
  Alert,
  IndexUpdated,
  Level,
  LevelChanged,
  Region,
  RegionLevel,
  ReportView,
  ServerToClientEvents,
  SystemStatus,
  WallSnapshot,
} from '../../../contracts/index.js';
import { LEVELS, WEATHER_OF, levelRank } from '../../../contracts/vocabulary.js';

export const RECENT_REPORTS_CAP = 50;

type EventName = Exclude<keyof ServerToClientEvents, 'snapshot'>;

/** One server event as queued for the next frame. */
export type WallEvent = {
  [K in EventName]: { name: K; payload: Parameters<ServerToClientEvents[K]>[0] };
}[EventName];

export type ReconnectNoteKind = 'recovered' | 'reloaded';

export interface ConnectionState {
  connected: boolean;
  /** Disconnected long enough that the wall must say its data may be old. */
  stale: boolean;
  /** When the wall last received data (this browser's clock, epoch ms). */
  lastDataAt: number | null;
  /** Shown for a few seconds after a reconnect: how the wall caught up. */
  note: { kind: ReconnectNoteKind; text: string } | null;
}

export interface County {
  code: string;
  name: string;
}

/** The wall's state. Only the realtime layer writes it; panels read it. */
export const wall = {
  county: shallowRef<County | null>(null),
  regions: shallowRef<ReadonlyMap<string, Region>>(new Map()),
  /** Per-key reactive: a tile re-renders only when its own region changes. */
  levels: shallowReactive(new Map<string, RegionLevel>()),
  /** Open alerts by id. */
  alerts: shallowReactive(new Map<string, Alert>()),
  /** Newest first, at most RECENT_REPORTS_CAP. */
  reports: shallowRef<readonly ReportView[]>([]),
  snapshotAt: shallowRef<number | null>(null),
  /** The store behind the wall; degraded while reports wait in its spool (时序库延迟). */
  status: shallowRef<SystemStatus | null>(null),
  connection: reactive<ConnectionState>({
    connected: false,
    stale: false,
    lastDataAt: null,
    note: null,
  }),
};

/** Server time of the newest index reading applied, so a late reading never wins. */
let indexAt = 0;

export function replaceSnapshot(snapshot: WallSnapshot, receivedAt = Date.now()): void {
  wall.county.value = snapshot.county;
  wall.regions.value = new Map(snapshot.regions.map((r) => [r.code, r]));
  labelCache.clear();
  wall.levels.clear();
  for (const level of snapshot.levels) wall.levels.set(level.regionCode, level);
  wall.alerts.clear();
  for (const alert of snapshot.alerts) {
    if (alert.status === 'active') wall.alerts.set(alert.id, alert);
  }
  wall.reports.value = [...snapshot.recentReports]
    .sort((a, b) => b.receivedAt - a.receivedAt)
    .slice(0, RECENT_REPORTS_CAP);
  indexAt = snapshot.serverTime;
  wall.status.value = snapshot.status ?? null;
  wall.snapshotAt.value = receivedAt;
  wall.connection.lastDataAt = receivedAt;
}

/**
 * Apply a frame's worth of events in arrival order. Every step is guarded by the event's own
 * time, so applying an event twice (around a snapshot) or late never moves the wall backwards.
 */
export function applyEvents(events: readonly WallEvent[], receivedAt = Date.now()): void {
  const fresh: ReportView[] = [];
  for (const event of events) {
    switch (event.name) {
      case 'report:new':
        fresh.push(event.payload);
        break;
      case 'level:changed':
        applyLevel(event.payload);
        break;
      case 'index:updated':
        applyIndex(event.payload);
        break;
      case 'alert:raised':
      case 'alert:updated':
        applyAlert(event.payload);
        break;
      case 'alert:cleared':
        wall.alerts.delete(event.payload.id);
        break;
    }
  }
  if (fresh.length > 0) prependReports(fresh);
  if (events.length > 0) wall.connection.lastDataAt = receivedAt;
}

function prependReports(fresh: ReportView[]): void {
  const seen = new Set<string>();
  const next: ReportView[] = [];
  for (let i = fresh.length - 1; i >= 0 && next.length < RECENT_REPORTS_CAP; i--) {
    const report = fresh[i]!;
    if (!seen.has(report.id)) {
      seen.add(report.id);
      next.push(report);
    }
  }
  for (const report of wall.reports.value) {
    if (next.length >= RECENT_REPORTS_CAP) break;
    if (!seen.has(report.id)) {
      seen.add(report.id);
      next.push(report);
    }
  }
  wall.reports.value = next;
}

function applyLevel(change: LevelChanged): void {
  const current = wall.levels.get(change.regionCode);
  if (current && change.at < current.since) return;
  wall.levels.set(change.regionCode, {
    regionCode: change.regionCode,
    level: change.level,
    weather: change.weather,
    index: change.index,
    explanation: change.explanation,
    since: change.at,
  });
}

function applyIndex(update: IndexUpdated): void {
  if (update.at < indexAt) return;
  indexAt = update.at;
  for (const [regionCode, index] of Object.entries(update.indices)) {
    const current = wall.levels.get(regionCode);
    if (current?.index === index) continue;
    wall.levels.set(
      regionCode,
      current
        ? { ...current, index }
        : {
            regionCode,
            level: 'none',
            weather: WEATHER_OF.none,
            index,
            explanation: null,
            since: update.at,
          },
    );
  }
}

function applyAlert(alert: Alert): void {
  const current = wall.alerts.get(alert.id);
  if (current && alert.updatedAt < current.updatedAt) return;
  if (alert.status === 'active') wall.alerts.set(alert.id, alert);
  else wall.alerts.delete(alert.id);
}

/** `system:status` from the server: applied at once, it is one small value. */
export function setSystemStatus(status: SystemStatus): void {
  wall.status.value = status;
}

// ---- Read-side helpers for the panels ----

/** The store's backlog while it lags (the header's 时序库延迟 badge); null when all is well. */
export const storeLag = computed<{ spooled: number; lagMs: number | null } | null>(() => {
  const store = wall.status.value?.store;
  return store?.state === 'degraded' ? { spooled: store.spooled, lagMs: store.lagMs } : null;
});

const CALM: Omit<RegionLevel, 'regionCode'> = {
  level: 'none',
  weather: WEATHER_OF.none,
  index: 0,
  explanation: null,
  since: 0,
};

/** A region's reading; calm when the server has not reported one. */
export function levelOf(regionCode: string): RegionLevel {
  return wall.levels.get(regionCode) ?? { regionCode, ...CALM };
}

/** The county's towns (镇/街道), in division-code order. */
export const towns = computed<Region[]>(() => {
  const county = wall.county.value;
  const out: Region[] = [];
  for (const region of wall.regions.value.values()) {
    if (region.kind === 'town' && (!county || region.parentCode === county.code)) out.push(region);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
});

/** Open alerts, most severe first, then newest. */
export const openAlerts = computed<Alert[]>(() =>
  [...wall.alerts.values()]
    .filter((a) => a.status === 'active')
    .sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.raisedAt - a.raisedAt),
);

/** How many towns sit at each level. */
export const townLevelCounts = computed<Record<Level, number>>(() => {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const town of towns.value) counts[levelOf(town.code).level] += 1;
  return counts;
});

const labelCache = new Map<string, string>();

/**
 * A place as people say it: "回龙镇·和平村" for a village or group, the town or county name
 * for those. Unknown codes show as the code.
 */
export function regionLabel(regionCode: string): string {
  const regions = wall.regions.value;
  const cached = labelCache.get(regionCode);
  if (cached !== undefined) return cached;
  let region = regions.get(regionCode);
  if (!region) return regionCode;
  const names: string[] = [];
  while (region) {
    if (region.kind === 'town' || region.kind === 'village') names.unshift(region.name);
    if (region.kind === 'county' && names.length === 0) names.unshift(region.name);
    region = region.parentCode ? regions.get(region.parentCode) : undefined;
  }
  const label = names.length > 0 ? names.join('·') : regionCode;
  labelCache.set(regionCode, label);
  return label;
}
