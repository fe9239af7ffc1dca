import { describe, expect, it } from 'vitest';
import { GridLedger, type VisitRow } from './ledger.js';

const visit = (overrides: Partial<VisitRow> = {}): VisitRow => ({
  id: `v-${Math.random()}`,
  workerId: 'W1',
  clientId: 'c1',
  deviceId: null,
  regionCode: '611025101202001',
  villageCode: '611025101202',
  occurredAt: 1_000,
  receivedAt: 2_000,
  households: 3,
  quiet: true,
  note: null,
  concerns: null,
  problemId: null,
  ...overrides,
});

describe('GridLedger', () => {
  it('stores a replayed visit once and answers with the first id', () => {
    const ledger = new GridLedger(undefined);
    const first = visit({ id: 'first' });
    expect(ledger.record([], [first])).toEqual([
      { id: 'first', problemId: null, duplicate: false },
    ]);
    for (let i = 0; i < 3; i += 1) {
      expect(ledger.record([], [visit({ id: `again-${i}` })])).toEqual([
        { id: 'first', problemId: null, duplicate: true },
      ]);
    }
    // The same client id of another worker is another visit.
    expect(ledger.record([], [visit({ id: 'other', workerId: 'W2' })])[0]?.duplicate).toBe(false);
    expect(ledger.visitCount()).toBe(2);
    ledger.close();
  });

  it('knows which problems a worker filed', () => {
    const ledger = new GridLedger(undefined);
    const row = {
      workerId: 'W1',
      clientId: 'p1',
      reportId: 'r1',
      regionCode: '611025101202',
      occurredAt: 1,
      receivedAt: 2,
      lat: null,
      lng: null,
    };
    ledger.record([row, { ...row, reportId: 'r-again' }], []);
    expect(ledger.knownProblems('W1', ['p1', 'p2'])).toEqual(new Map([['p1', 'r1']]));
    expect(ledger.knownProblems('W2', ['p1']).size).toBe(0);
    ledger.close();
  });

  it('knows where located problems were filed, newest first, and only those', () => {
    const ledger = new GridLedger(undefined);
    const row = (clientId: string, receivedAt: number, lat: number | null, lng: number | null) => ({
      workerId: 'W1',
      clientId,
      reportId: `r-${clientId}`,
      regionCode: '611025101202001',
      occurredAt: receivedAt,
      receivedAt,
      lat,
      lng,
    });
    ledger.record(
      [row('a', 1, 33.29, 109.07), row('b', 2, null, null), row('c', 3, 33.3, 109.08)],
      [],
    );
    expect(ledger.located(10)).toEqual([
      { regionCode: '611025101202001', lat: 33.3, long: 109.08 },
      { regionCode: '611025101202001', lat: 33.29, long: 109.07 },
    ]);
    expect(ledger.located(1)).toHaveLength(1);
    ledger.close();
  });

  it('counts visits per village in a window, and the last visit ever', () => {
    const ledger = new GridLedger(undefined);
    ledger.record(
      [],
      [
        visit({ clientId: 'a', occurredAt: 100 }),
        visit({ clientId: 'b', occurredAt: 200, quiet: false, households: null }),
        visit({ clientId: 'c', occurredAt: 50 }),
        visit({ clientId: 'd', occurredAt: 150, villageCode: '611025101210' }),
        visit({ clientId: 'e', occurredAt: 150, villageCode: '611025102001' }),
      ],
    );
    expect(ledger.visitsIn('611025101', 100, 300)).toEqual([
      { villageCode: '611025101202', visits: 2, quietVisits: 1, households: 3 },
      { villageCode: '611025101210', visits: 1, quietVisits: 1, households: 3 },
    ]);
    expect(ledger.lastVisits('611025101202')).toEqual(new Map([['611025101202', 200]]));
    ledger.close();
  });
});
