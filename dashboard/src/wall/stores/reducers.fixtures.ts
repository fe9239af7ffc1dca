/** Test data of the wall's reducers (reducers*.test.ts), checked against the contract. */
import type { Alert, LevelChanged, ReportView } from '#contracts';
import { Alert as AlertSchema } from '#contracts/alert';
import { REPORT_DEFAULTS, ReportView as ReportViewSchema } from '#contracts/report';
import type { FrameEvent, LiveChanges, LiveState } from './reducers.js';

export const T0 = Date.parse('2026-11-22T09:00:00+08:00');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const TOWN = '611025101';
export const VILLAGE = '611025101202';

// ---- Fixtures, checked against the contract so they cannot drift from it ----

export function report(id: string, overrides: Partial<ReportView> = {}): ReportView {
  return ReportViewSchema.parse({
    id,
    source: 'hotline',
    occurredAt: T0,
    receivedAt: T0,
    regionCode: VILLAGE,
    category: 'livelihood',
    text: '自来水停了',
    reporterName: null,
    phoneMasked: null,
    lat: null,
    lng: null,
    address: null,
    level: 'none',
    ruleId: null,
    ...REPORT_DEFAULTS,
    ...overrides,
  });
}

export function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return AlertSchema.parse({
    id,
    regionCode: TOWN,
    ruleId: 'burst',
    ruleKey: 'burst',
    level: 'red',
    status: 'active',
    explanation: {
      ruleId: 'burst',
      reason: '1小时内30条',
      windowMinutes: 60,
      value: 30,
      threshold: 20,
      evidence: [],
    },
    raisedAt: T0,
    updatedAt: T0,
    clearedAt: null,
    clearReason: null,
    ...overrides,
  });
}

export function levelChanged(overrides: Partial<LevelChanged> = {}): LevelChanged {
  return {
    regionCode: TOWN,
    level: 'orange',
    previous: 'none',
    weather: 'rain',
    index: 60,
    ruleId: 'burst',
    reason: '1小时内15条',
    explanation: null,
    at: T0,
    ...overrides,
  };
}

export const calmState = (overrides: Partial<LiveState> = {}): LiveState => ({
  levels: new Map(),
  alerts: new Map(),
  reports: [],
  indexAt: 0,
  trend: null,
  categoryTrend: null,
  ...overrides,
});

/** The 24 hourly buckets ending with the one holding T0, all zero. */
export function emptyHistory(by: 'source' | 'category') {
  const buckets = Array.from({ length: 24 }, (_, i) => T0 - (23 - i) * HOUR);
  return { from: buckets[0]!, to: T0 + HOUR, bucketMinutes: 60, by, buckets, series: [] };
}

/** What apply.ts does to the stores, as a fold over plain values. */
export function fold(state: LiveState, changes: LiveChanges): LiveState {
  const levels = new Map(state.levels);
  for (const [code, level] of changes.levels) levels.set(code, level);
  const alerts = new Map(state.alerts);
  for (const [id, a] of changes.alerts) {
    if (a) alerts.set(id, a);
    else alerts.delete(id);
  }
  return {
    levels,
    alerts,
    reports: changes.reports ?? state.reports,
    indexAt: changes.indexAt ?? state.indexAt,
    trend: changes.trend ?? state.trend,
    categoryTrend: changes.categoryTrend ?? state.categoryTrend,
  };
}

export const ev = <E extends FrameEvent>(e: E): E => e;
