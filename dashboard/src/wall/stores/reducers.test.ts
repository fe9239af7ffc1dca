import { describe, expect, it } from 'vitest';
import type {
  Alert,
  ChannelHealth,
  LevelChanged,
  RegionLevel,
  ReportView,
  WallSnapshot,
} from '#contracts';
import { Alert as AlertSchema } from '#contracts/alert';
import { REPORT_DEFAULTS, ReportView as ReportViewSchema } from '#contracts/report';
import type { FrameEvent, InstantState, LiveChanges, LiveState, WallEvent } from './reducers.js';
import {
  RECENT_REPORTS_CAP,
  isFrameEvent,
  reduceConnection,
  reduceFrame,
  reduceInstant,
  reduceSnapshot,
  takeoverAlertsOf,
} from './reducers.js';
import { trendFromHistory, categoryTrendFromHistory } from './windows.js';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const MIN = 60_000;
const HOUR = 60 * MIN;
const TOWN = '611025101';
const VILLAGE = '611025101202';

// ---- Fixtures, checked against the contract so they cannot drift from it ----

function report(id: string, overrides: Partial<ReportView> = {}): ReportView {
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

function alert(id: string, overrides: Partial<Alert> = {}): Alert {
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

function levelChanged(overrides: Partial<LevelChanged> = {}): LevelChanged {
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

const calmState = (overrides: Partial<LiveState> = {}): LiveState => ({
  levels: new Map(),
  alerts: new Map(),
  reports: [],
  indexAt: 0,
  trend: null,
  categoryTrend: null,
  ...overrides,
});

/** The 24 hourly buckets ending with the one holding T0, all zero. */
function emptyHistory(by: 'source' | 'category') {
  const buckets = Array.from({ length: 24 }, (_, i) => T0 - (23 - i) * HOUR);
  return { from: buckets[0]!, to: T0 + HOUR, bucketMinutes: 60, by, buckets, series: [] };
}

/** What apply.ts does to the stores, as a fold over plain values. */
function fold(state: LiveState, changes: LiveChanges): LiveState {
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

const ev = <E extends FrameEvent>(e: E): E => e;

describe('reduceFrame: levels', () => {
  it('sets a region reading from a level change, since the change', () => {
    const changes = reduceFrame(
      calmState(),
      [ev({ name: 'level:changed', payload: levelChanged() })],
      T0,
    );
    expect(changes.levels.get(TOWN)).toEqual({
      regionCode: TOWN,
      level: 'orange',
      weather: 'rain',
      index: 60,
      explanation: null,
      since: T0,
    });
  });

  it('never moves a region back to an older reading', () => {
    const current: RegionLevel = {
      regionCode: TOWN,
      level: 'red',
      weather: 'storm',
      index: 90,
      explanation: null,
      since: T0 + MIN,
    };
    const changes = reduceFrame(
      calmState({ levels: new Map([[TOWN, current]]) }),
      [ev({ name: 'level:changed', payload: levelChanged({ at: T0 }) })],
      T0,
    );
    expect(changes.levels.size).toBe(0);
  });

  it('reads its own earlier changes within one frame (the newer change wins whatever the order)', () => {
    const newer = levelChanged({ level: 'red', weather: 'storm', at: T0 + MIN });
    const older = levelChanged({ level: 'blue', weather: 'cloudy', at: T0 });
    const changes = reduceFrame(
      calmState(),
      [
        ev({ name: 'level:changed', payload: newer }),
        ev({ name: 'level:changed', payload: older }),
      ],
      T0,
    );
    expect(changes.levels.get(TOWN)?.level).toBe('red');
  });

  it('moves indices, starts unknown regions calm, skips unchanged ones and ignores late readings', () => {
    const known: RegionLevel = {
      regionCode: TOWN,
      level: 'blue',
      weather: 'cloudy',
      index: 40,
      explanation: null,
      since: T0 - HOUR,
    };
    const state = calmState({ levels: new Map([[TOWN, known]]), indexAt: T0 });
    const changes = reduceFrame(
      state,
      [
        ev({
          name: 'index:updated',
          payload: { at: T0 + MIN, indices: { [TOWN]: 45, [VILLAGE]: 12 } },
        }),
        ev({ name: 'index:updated', payload: { at: T0 - MIN, indices: { [TOWN]: 99 } } }),
      ],
      T0,
    );
    expect(changes.indexAt).toBe(T0 + MIN);
    expect(changes.levels.get(TOWN)).toEqual({ ...known, index: 45 });
    expect(changes.levels.get(VILLAGE)).toEqual({
      regionCode: VILLAGE,
      level: 'none',
      weather: 'sunny',
      index: 12,
      explanation: null,
      since: T0 + MIN,
    });

    const same = reduceFrame(
      fold(state, changes),
      [ev({ name: 'index:updated', payload: { at: T0 + 2 * MIN, indices: { [TOWN]: 45 } } })],
      T0,
    );
    expect(same.levels.size).toBe(0);
    expect(same.indexAt).toBe(T0 + 2 * MIN);
  });
});

describe('reduceFrame: alerts', () => {
  it('keeps active alerts, drops cleared ones and refuses an older update', () => {
    const raised = alert('a1', { updatedAt: T0 + MIN });
    const state = calmState({ alerts: new Map([['a1', raised]]) });
    const older = reduceFrame(
      state,
      [ev({ name: 'alert:updated', payload: alert('a1', { level: 'orange', updatedAt: T0 }) })],
      T0,
    );
    expect(older.alerts.size).toBe(0);

    const ended = reduceFrame(
      state,
      [
        ev({
          name: 'alert:updated',
          payload: alert('a1', { status: 'cleared', updatedAt: T0 + 2 * MIN }),
        }),
      ],
      T0,
    );
    expect(ended.alerts.get('a1')).toBeNull();

    const cleared = reduceFrame(state, [ev({ name: 'alert:cleared', payload: raised })], T0);
    expect(cleared.alerts.get('a1')).toBeNull();
  });

  it('raises an alert again after it was cleared in the same frame', () => {
    const changes = reduceFrame(
      calmState(),
      [
        ev({ name: 'alert:raised', payload: alert('a1', { updatedAt: T0 }) }),
        ev({ name: 'alert:cleared', payload: alert('a1', { updatedAt: T0 + MIN }) }),
        ev({ name: 'alert:raised', payload: alert('a1', { updatedAt: T0 + 2 * MIN }) }),
      ],
      T0,
    );
    expect(changes.alerts.get('a1')?.updatedAt).toBe(T0 + 2 * MIN);
  });
});

describe('reduceFrame: the feed and the count windows', () => {
  it('puts new reports first, newest first, each id once, at most the cap', () => {
    const old = [report('r1'), report('r0')];
    const changes = reduceFrame(
      calmState({ reports: old }),
      [
        ev({ name: 'report:new', payload: report('r2') }),
        ev({ name: 'report:new', payload: report('r1') }),
        ev({ name: 'report:new', payload: report('r3') }),
      ],
      T0,
    );
    expect(changes.reports?.map((r) => r.id)).toEqual(['r3', 'r1', 'r2', 'r0']);

    const flood = Array.from({ length: RECENT_REPORTS_CAP + 10 }, (_, i) =>
      ev({ name: 'report:new', payload: report(`f${i}`) }),
    );
    const capped = reduceFrame(calmState({ reports: old }), flood, T0);
    expect(capped.reports).toHaveLength(RECENT_REPORTS_CAP);
    expect(capped.reports?.[0]?.id).toBe(`f${RECENT_REPORTS_CAP + 9}`);
  });

  it('counts live reports into the source and category windows by when they happened', () => {
    const state = calmState({
      trend: trendFromHistory(emptyHistory('source'), T0),
      categoryTrend: categoryTrendFromHistory(emptyHistory('category')),
    });
    const changes = reduceFrame(
      state,
      [
        ev({
          name: 'report:new',
          payload: report('r1', { source: 'app', occurredAt: T0 + 5 * MIN }),
        }),
        ev({
          name: 'report:new',
          payload: report('r2', { category: 'dispute', occurredAt: T0 - HOUR }),
        }),
        // before the window: already history
        ev({ name: 'report:new', payload: report('r3', { occurredAt: T0 - 30 * HOUR }) }),
      ],
      T0,
    );
    expect(changes.trend?.counts.app[23]).toBe(1);
    expect(changes.trend?.counts.hotline[22]).toBe(1);
    expect(changes.categoryTrend?.counts.livelihood[23]).toBe(1);
    expect(changes.categoryTrend?.counts.dispute[22]).toBe(1);
    // the inputs are not touched
    expect(state.trend?.counts.app[23]).toBe(0);
  });

  it('rolls the source window forward for a report past its last bucket', () => {
    const state = calmState({ trend: trendFromHistory(emptyHistory('source'), T0) });
    const changes = reduceFrame(
      state,
      [ev({ name: 'report:new', payload: report('r1', { occurredAt: T0 + HOUR + MIN }) })],
      T0,
    );
    expect(changes.trend?.buckets[23]).toBe(T0 + HOUR);
    expect(changes.trend?.buckets).toHaveLength(24);
    expect(changes.trend?.counts.hotline[23]).toBe(1);
  });

  it('applies a replay to the picture but does not count its reports twice', () => {
    const state = calmState({ trend: trendFromHistory(emptyHistory('source'), T0) });
    const events = [ev({ name: 'report:new', payload: report('r1') })];
    const live = fold(state, reduceFrame(state, events, T0));
    const replay = reduceFrame(live, events, T0 + 1, { replay: true });
    expect(replay.reports?.map((r) => r.id)).toEqual(['r1']);
    expect(replay.trend).toBeUndefined();
    expect(fold(live, replay).trend?.counts.hotline[23]).toBe(1);
  });

  it('is idempotent: a frame applied twice leaves the same picture', () => {
    const events: FrameEvent[] = [
      { name: 'level:changed', payload: levelChanged() },
      { name: 'index:updated', payload: { at: T0, indices: { [VILLAGE]: 30 } } },
      { name: 'alert:raised', payload: alert('a1') },
      { name: 'report:new', payload: report('r1') },
    ];
    const once = fold(calmState(), reduceFrame(calmState(), events, T0));
    const twice = fold(once, reduceFrame(once, events, T0, { replay: true }));
    expect(twice).toEqual(once);
  });

  it('stamps when data last came, only when something came', () => {
    expect(reduceFrame(calmState(), [], T0).lastDataAt).toBeUndefined();
    const changes = reduceFrame(
      calmState(),
      [ev({ name: 'report:new', payload: report('r1') })],
      T0 + 7,
    );
    expect(changes.lastDataAt).toBe(T0 + 7);
  });
});

describe('reduceSnapshot', () => {
  it('replaces the picture: active alerts only, newest reports first and capped', () => {
    const reports = Array.from({ length: RECENT_REPORTS_CAP + 5 }, (_, i) =>
      report(`r${i}`, { receivedAt: T0 + i }),
    );
    const snapshot: WallSnapshot = {
      serverTime: T0 + HOUR,
      county: { code: '611025', name: '镇安县' },
      regions: [{ code: TOWN, name: '回龙镇', kind: 'town', parentCode: '611025' }],
      levels: [
        {
          regionCode: TOWN,
          level: 'blue',
          weather: 'cloudy',
          index: 30,
          explanation: null,
          since: T0,
        },
      ],
      alerts: [alert('a1'), alert('a2', { status: 'cleared', clearedAt: T0 })],
      recentReports: reports,
      awaitingAck: ['a1'],
    };
    const next = reduceSnapshot(snapshot, T0 + 5);
    expect(next.regions.get(TOWN)?.name).toBe('回龙镇');
    expect(next.levels.get(TOWN)?.level).toBe('blue');
    expect([...next.alerts.keys()]).toEqual(['a1']);
    expect(next.reports).toHaveLength(RECENT_REPORTS_CAP);
    expect(next.reports[0]?.id).toBe(`r${RECENT_REPORTS_CAP + 4}`);
    expect(next.indexAt).toBe(T0 + HOUR);
    expect(next.takeover).toEqual({ awaiting: new Set(['a1']), settled: new Set() });
    expect(next.channels).toEqual([]);
    expect(next.status).toBeNull();
    expect(next.snapshotAt).toBe(T0 + 5);
    expect(next.lastDataAt).toBe(T0 + 5);
  });
});

describe('reduceInstant', () => {
  const quiet: InstantState = {
    takeover: { awaiting: new Set(), settled: new Set() },
    channels: [],
    status: null,
    caseEvents: 0,
  };

  it('puts a red alert on the takeover until it is signed, and counts case events', () => {
    const raised = reduceInstant(quiet, { name: 'alert:raised', payload: alert('a1') });
    expect(raised.takeover?.awaiting).toEqual(new Set(['a1']));
    expect(raised.caseEvents).toBe(1);

    const signed = reduceInstant({ ...quiet, ...raised } as InstantState, {
      name: 'case:acknowledged',
      payload: { caseId: 'c1', alertId: 'a1', level: 'red', by: '张县长', at: T0 },
    });
    expect(signed.takeover).toEqual({ awaiting: new Set(), settled: new Set(['a1']) });
    expect(signed.caseEvents).toBe(2);

    // An update of a signed alert does not bring the takeover back.
    const after = reduceInstant({ ...quiet, ...raised, ...signed } as InstantState, {
      name: 'alert:updated',
      payload: alert('a1', { updatedAt: T0 + MIN }),
    });
    expect(after.takeover).toBeUndefined();
  });

  it('keeps off the takeover a red alert the snapshot says needs no 签收 (silenced, or signed)', () => {
    const snapshot: WallSnapshot = {
      serverTime: T0,
      county: { code: '611025', name: '镇安县' },
      regions: [],
      levels: [],
      alerts: [alert('loud'), alert('silenced')],
      recentReports: [],
      awaitingAck: ['loud'],
    };
    const state: InstantState = { ...quiet, takeover: reduceSnapshot(snapshot, T0).takeover };
    // Every report in its window updates the alert: that must not bring it onto the takeover.
    const updated = reduceInstant(state, {
      name: 'alert:updated',
      payload: alert('silenced', { updatedAt: T0 + MIN }),
    });
    expect(updated.takeover).toBeUndefined();
    // A red alert raised after the snapshot waits for 签收.
    const raised = reduceInstant(state, { name: 'alert:raised', payload: alert('new') });
    expect(raised.takeover?.awaiting).toEqual(new Set(['loud', 'new']));
  });

  it('leaves the takeover alone for alerts below red or no longer active', () => {
    expect(
      reduceInstant(quiet, { name: 'alert:raised', payload: alert('a1', { level: 'orange' }) })
        .takeover,
    ).toBeUndefined();
    const cleared = reduceInstant(quiet, {
      name: 'alert:cleared',
      payload: alert('a1', { status: 'cleared' }),
    });
    expect(cleared).toEqual({ caseEvents: 1 });
  });

  it('sets the channel badge and the store health, and counts cases:changed', () => {
    const channel: ChannelHealth = {
      id: 'dingtalk-county',
      type: 'dingtalk',
      failing: true,
      pending: 0,
      dead: 3,
      lastError: 'HTTP 500',
      lastSentAt: null,
    };
    expect(reduceInstant(quiet, { name: 'notify:health', payload: [channel] })).toEqual({
      channels: [channel],
    });
    const status = {
      store: { kind: 'influx', state: 'degraded' as const, spooled: 12, lagMs: 4000 },
    };
    expect(reduceInstant(quiet, { name: 'system:status', payload: status })).toEqual({ status });
    expect(
      reduceInstant(quiet, {
        name: 'cases:changed',
        payload: { caseId: 'c1', regionCode: TOWN, at: T0 },
      }),
    ).toEqual({ caseEvents: 1 });
  });

  it('has nothing to do at once for reports, levels and indices', () => {
    expect(reduceInstant(quiet, { name: 'report:new', payload: report('r1') })).toEqual({});
    expect(reduceInstant(quiet, { name: 'level:changed', payload: levelChanged() })).toEqual({});
  });
});

describe('takeoverAlertsOf', () => {
  it('shows active red alerts waiting for 签收 whose case is not silenced, newest first', () => {
    const alerts = [
      alert('old', { raisedAt: T0 }),
      alert('new', { raisedAt: T0 + MIN }),
      alert('silenced', { raisedAt: T0 + 2 * MIN }),
      alert('orange', { level: 'orange' }),
      alert('cleared', { status: 'cleared', clearedAt: T0 }),
      alert('signed'),
    ];
    const takeover = {
      awaiting: new Set(['old', 'new', 'silenced', 'orange', 'cleared']),
      settled: new Set(['signed']),
    };
    const shown = takeoverAlertsOf(alerts, takeover, new Set(['silenced']));
    expect(shown.map((a) => a.id)).toEqual(['new', 'old']);
  });
});

describe('isFrameEvent', () => {
  it('sends picture events to the frame queue and the rest straight on', () => {
    const events: WallEvent[] = [
      { name: 'report:new', payload: report('r1') },
      { name: 'alert:cleared', payload: alert('a1') },
      { name: 'notify:health', payload: [] },
      { name: 'cases:changed', payload: { caseId: 'c1', regionCode: TOWN, at: T0 } },
    ];
    expect(events.map(isFrameEvent)).toEqual([true, true, false, false]);
  });
});

describe('reduceConnection', () => {
  const fresh = { connected: false, stale: false, lastDataAt: null, note: null };

  it('goes stale only when still disconnected when the timer runs out', () => {
    const stale = reduceConnection(fresh, { type: 'stale-check' });
    expect(stale.stale).toBe(true);
    const back = reduceConnection(stale, { type: 'connected' });
    expect(back).toEqual({ ...fresh, connected: true, stale: false });
    expect(reduceConnection(back, { type: 'stale-check' })).toBe(back);
    expect(reduceConnection(back, { type: 'disconnected' }).connected).toBe(false);
  });

  it('shows how the wall caught up, then lets the note go', () => {
    const noted = reduceConnection(fresh, { type: 'note', kind: 'recovered' });
    expect(noted.note).toEqual({ kind: 'recovered', text: '已恢复断线期间的数据' });
    expect(reduceConnection(noted, { type: 'note-expired' }).note).toBeNull();
  });
});
