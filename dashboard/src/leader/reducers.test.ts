import { describe, expect, it } from 'vitest';
import type { Alert, Case, Notice } from '#contracts';
import { Case as CaseSchema } from '#contracts/case';
import type { LeaderState } from './reducers.js';
import { NOTICES_CAP, reduceLeader } from './reducers.js';

const T0 = Date.parse('2026-11-22T09:00:00+08:00');

function aCase(overrides: Partial<Case> = {}): Case {
  return CaseSchema.parse({
    id: 'c1',
    number: '2026-000123',
    alertId: 'a1',
    alertStatus: 'active',
    title: '回龙镇 1小时内30条停水反映',
    regionCode: '611025101',
    place: '回龙镇',
    category: 'infrastructure',
    ruleId: 'burst',
    ruleKey: 'burst',
    level: 'red',
    status: 'open',
    unit: 'town',
    unitCode: '611025101',
    assigneeId: null,
    assigneeName: null,
    openedAt: T0,
    updatedAt: T0,
    ackDueAt: T0 + 15 * 60_000,
    resolveDueAt: T0 + 24 * 3_600_000,
    supervisedAt: null,
    escalateDueAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    closedAt: null,
    followUp: null,
    escalations: 0,
    reopenCount: 0,
    silenced: false,
    ...overrides,
  });
}

const alert = { id: 'a1' } as Alert;
const empty: LeaderState = { cases: new Map(), alarm: null, notices: [] };

describe('reduceLeader', () => {
  it('keeps active cases and drops finished ones', () => {
    expect(reduceLeader(empty, { name: 'case:opened', payload: aCase() }).cases.get('c1')?.id).toBe(
      'c1',
    );
    const done = reduceLeader(empty, {
      name: 'case:updated',
      payload: aCase({ status: 'resolved' }),
    });
    expect(done.cases.get('c1')).toBeNull();
  });

  it('rings for a red push whose case waits for 签收, and ends the alarm once it is signed', () => {
    const push = { alert, case: aCase() };
    const rang = reduceLeader(empty, { name: 'alert:red', payload: push });
    expect(rang.alarm).toBe(push);

    const late = reduceLeader(empty, {
      name: 'alert:red',
      payload: { alert, case: aCase({ status: 'acknowledged' }) },
    });
    expect(late.alarm).toBeUndefined();

    const ringing: LeaderState = { ...empty, alarm: push };
    const signed = reduceLeader(ringing, {
      name: 'case:escalated',
      payload: {
        case: aCase({ status: 'acknowledged' }),
        from: 'town',
        to: 'county',
        reason: '超时',
      },
    });
    expect(signed.alarm).toBeNull();
  });

  it('puts a new notice first and keeps at most the cap', () => {
    const notice = (id: string) => ({ id }) as Notice;
    const full: LeaderState = {
      ...empty,
      notices: Array.from({ length: NOTICES_CAP }, (_, i) => notice(`n${i}`)),
    };
    const next = reduceLeader(full, { name: 'notice:new', payload: notice('new') });
    expect(next.notices).toHaveLength(NOTICES_CAP);
    expect(next.notices?.[0]?.id).toBe('new');
  });
});
