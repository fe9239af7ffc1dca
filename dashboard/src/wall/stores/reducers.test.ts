import { describe, expect, it } from 'vitest';
import type { ChannelHealth, WallSnapshot } from '#contracts';
import type { InstantState, WallEvent } from './reducers.js';
import {
  RECENT_REPORTS_CAP,
  isFrameEvent,
  reduceConnection,
  reduceInstant,
  reduceSnapshot,
  takeoverAlertsOf,
} from './reducers.js';
import { T0, MIN, HOUR, TOWN, report, alert, levelChanged } from './reducers.fixtures.js';

/** The wall's other reducers: a snapshot, the instant state, take-over alerts, the connection. */

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
