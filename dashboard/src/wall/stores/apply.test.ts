import { describe, expect, it } from 'vitest';
import type { Alert, WallCasesSummary, WallSnapshot } from '#contracts';
import { applyConnection, applyFrame, applyInstant, applySnapshot } from './apply.js';
import { caseEvents, setCaseSummary } from './cases.js';
import { channels } from './notify-health.js';
import { takeover, takeoverAlerts } from './takeover.js';
import { wall } from './wall.js';
import { alert, T0, TOWN } from './reducers.fixtures.js';

const red: Alert = alert('a1');

const snapshot: WallSnapshot = {
  serverTime: T0,
  county: { code: '611025', name: '镇安县' },
  regions: [{ code: TOWN, name: '回龙镇', kind: 'town', parentCode: '611025' }],
  levels: [],
  alerts: [],
  recentReports: [],
  awaitingAck: [],
  notifyHealth: [],
};

/** The stores as the socket leaves them: apply.ts is the only writer, the reducers decide. */
describe('apply: the socket writes the stores only through the reducers', () => {
  it('takes a snapshot, then events, into the stores the panels read', () => {
    applySnapshot(snapshot, T0);
    expect(wall.county.value?.name).toBe('镇安县');
    expect(wall.snapshotAt.value).toBe(T0);

    applyInstant({ name: 'alert:raised', payload: red });
    applyFrame([{ name: 'alert:raised', payload: red }], {}, T0 + 1);
    applyFrame([
      {
        name: 'level:changed',
        payload: {
          regionCode: TOWN,
          level: 'red',
          previous: 'none',
          weather: 'storm',
          index: 92,
          ruleId: 'burst',
          reason: '1小时内30条',
          explanation: null,
          at: T0,
        },
      },
    ]);
    expect(wall.alerts.get('a1')).toEqual(red);
    expect(wall.levels.get(TOWN)?.level).toBe('red');
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a1']);
    expect(caseEvents.value).toBe(1);

    applyInstant({
      name: 'case:acknowledged',
      payload: { caseId: 'c1', alertId: 'a1', level: 'red', by: '张县长', at: T0 },
    });
    expect(takeoverAlerts.value).toEqual([]);
    expect(takeover.value.settled.has('a1')).toBe(true);

    applyInstant({
      name: 'notify:health',
      payload: [
        {
          id: 'wecom',
          type: 'wecom',
          failing: true,
          pending: 0,
          dead: 1,
          lastError: null,
          lastSentAt: null,
        },
      ],
    });
    expect(channels.value.map((c) => c.id)).toEqual(['wecom']);

    // A new snapshot replaces the picture and the takeover's memory.
    applySnapshot({ ...snapshot, alerts: [red], awaitingAck: ['a1'] }, T0 + 2);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a1']);
    expect(wall.levels.size).toBe(0);
    expect(channels.value).toEqual([]);
  });

  it('leaves off the takeover a red alert whose case the case summary says is silenced', () => {
    const quietRed: Alert = { ...red, id: 'a2', raisedAt: T0 + 1 };
    applySnapshot({ ...snapshot, alerts: [red, quietRed], awaitingAck: ['a1', 'a2'] }, T0);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a2', 'a1']);
    const deadline = {
      caseId: 'c1',
      number: '2026-000001',
      alertId: 'a1',
      place: '回龙镇',
      regionCode: TOWN,
      title: '1小时内30条',
      level: 'red' as const,
      unit: 'county' as const,
      status: 'open' as const,
      due: 'acknowledge' as const,
      dueAt: T0 + 15 * 60_000,
      silenced: false,
    };
    const summary = (silenced: string[]): WallCasesSummary => ({
      at: T0,
      region: '611025',
      funnel: [],
      towns: [],
      overdue: [],
      deadlines: ['a1', 'a2', 'a3'].map((alertId, i) => ({
        ...deadline,
        caseId: `c${i + 1}`,
        alertId,
        silenced: silenced.includes(alertId),
      })),
    });
    setCaseSummary(summary(['a2']), T0);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a1']);

    // Live: a red alert raised during a silence leaves the takeover once the summary says so.
    const live: Alert = { ...red, id: 'a3', raisedAt: T0 + 2 };
    applyInstant({ name: 'alert:raised', payload: live });
    applyFrame([{ name: 'alert:raised', payload: live }], {}, T0 + 2);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a3', 'a1']);
    setCaseSummary(summary(['a2', 'a3']), T0 + 3);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a1']);
    // When its silence is over (an unsilenced raise), it takes over again.
    setCaseSummary(summary([]), T0 + 4);
    expect(takeoverAlerts.value.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
  });

  it('keeps the connection state', () => {
    applyConnection({ type: 'disconnected' });
    applyConnection({ type: 'stale-check' });
    expect(wall.connection).toMatchObject({ connected: false, stale: true });
    applyConnection({ type: 'connected' });
    applyConnection({ type: 'note', kind: 'reloaded' });
    expect(wall.connection).toMatchObject({
      connected: true,
      stale: false,
      note: { kind: 'reloaded', text: '已重新加载最新数据' },
    });
  });
});
