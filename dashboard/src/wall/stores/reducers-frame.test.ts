import { describe, expect, it } from 'vitest';
import type { RegionLevel } from '#contracts';
import type { FrameEvent } from './reducers.js';
import { RECENT_REPORTS_CAP, reduceFrame } from './reducers.js';
import { trendFromHistory, categoryTrendFromHistory } from './windows.js';
import {
  T0,
  MIN,
  HOUR,
  TOWN,
  VILLAGE,
  report,
  alert,
  levelChanged,
  calmState,
  emptyHistory,
  fold,
  ev,
} from './reducers.fixtures.js';

/** reduceFrame: what a frame of socket events does to the picture. */

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
