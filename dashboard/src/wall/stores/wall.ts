import { computed, reactive, shallowReactive, shallowRef } from 'vue';
import type { Alert, Level, Region, RegionLevel, ReportView, SystemStatus } from '#contracts';
import { LEVELS, WEATHER_OF, levelRank } from '#contracts/vocabulary';
import type { ConnectionState } from './reducers.js';

export interface County {
  code: string;
  name: string;
}

/**
 * The wall's picture. Only `apply.ts` writes it, with what the reducers return; panels read it.
 */
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
  /** Server time of the newest index reading applied (read by the reducers only). */
  indexAt: shallowRef(0),
  /** The store behind the wall; degraded while reports wait in its spool (时序库延迟). */
  status: shallowRef<SystemStatus | null>(null),
  connection: reactive<ConnectionState>({
    connected: false,
    stale: false,
    lastDataAt: null,
    note: null,
  }),
};

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

/** Labels of the current regions map; a snapshot brings a new map and so a fresh cache. */
const labelCache = new Map<string, string>();
let labelsOf: ReadonlyMap<string, Region> | null = null;

/**
 * A place as people say it: "回龙镇·和平村" for a village or group, the town or county name
 * for those. Unknown codes show as the code.
 */
export function regionLabel(regionCode: string): string {
  const regions = wall.regions.value;
  if (labelsOf !== regions) {
    labelCache.clear();
    labelsOf = regions;
  }
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
