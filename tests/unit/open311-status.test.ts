import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '#contracts';
import { CaseRepository } from '../../backend/cases/case-repo.js';
import { openCasesDb, type CasesDb } from '../../backend/cases/db.js';
import { RegionTree } from '../../backend/regions/tree.js';
import type { RequestRow } from '../../collectors/open311/ledger.js';
import { CaseCoverage, COVER_AFTER_MS } from '../../backend/cases/coverage.js';
import { RequestStatuses } from '../../collectors/open311/status.js';

const tree = new RegionTree([
  { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
  { code: '611025101', name: '回龙镇', kind: 'town', parentCode: '611025' },
  { code: '611025101202', name: '枣园村', kind: 'village', parentCode: '611025101' },
  { code: '611025101202001', name: '第一组', kind: 'group', parentCode: '611025101202' },
  { code: '611025101210', name: '宏丰村', kind: 'village', parentCode: '611025101' },
]);

const T = Date.parse('2026-11-22T09:30:00+08:00');
const HOUR = 3_600_000;

const request: RequestRow = {
  id: '2611220001',
  reportId: 'r1',
  serviceCode: 'dispute',
  regionCode: '611025101202001',
  requestedAt: T,
  description: '工程款纠纷',
  address: null,
  lat: null,
  long: null,
  mediaUrl: null,
  deviceId: null,
  accountId: null,
  channel: 'village-page',
  triage: null,
};

let seq = 0;
function aCase(overrides: Partial<Case>): Case {
  seq += 1;
  return {
    id: `c${seq}`,
    number: '',
    alertId: `a${seq}`,
    alertStatus: 'active',
    title: '预警',
    regionCode: '611025101202',
    place: '回龙镇·枣园村',
    category: 'dispute',
    ruleId: 'rule',
    ruleKey: `rule-${seq}`,
    level: 'blue',
    status: 'open',
    unit: 'village',
    unitCode: '611025101202',
    assigneeId: null,
    assigneeName: null,
    openedAt: T + HOUR,
    updatedAt: T + HOUR,
    ackDueAt: null,
    resolveDueAt: T + 72 * HOUR,
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
  };
}

let db: CasesDb;
let repo: CaseRepository;
let coverage: RequestStatuses;
beforeEach(() => {
  db = openCasesDb(undefined);
  repo = new CaseRepository(db);
  const cases = new CaseCoverage(db, tree);
  coverage = new RequestStatuses({ regions: tree, caseCovering: (q) => cases.coveringCase(q) });
});
afterEach(() => db.close());

describe('the status of a request, read from the case covering it', () => {
  it('is open and 已受理 while no case covers it', () => {
    expect(coverage.status(request)).toEqual({
      status: 'open',
      notes: '已受理',
      updatedAt: T,
      expectedAt: null,
      agency: null,
    });
  });

  it('follows a case on its village: 处置中 with the deadline, then closed at 办结', () => {
    const c = repo.insert(aCase({ status: 'inProgress', updatedAt: T + 2 * HOUR })).case;
    expect(coverage.status(request)).toEqual({
      status: 'open',
      notes: '处置中',
      updatedAt: T + 2 * HOUR,
      expectedAt: T + 72 * HOUR,
      agency: '回龙镇·枣园村',
    });
    repo.update({ ...c, status: 'resolved', resolvedAt: T + 5 * HOUR, updatedAt: T + 5 * HOUR });
    expect(coverage.status(request)).toMatchObject({
      status: 'closed',
      notes: '已办结',
      updatedAt: T + 5 * HOUR,
      expectedAt: null,
    });
  });

  it('a reopened case makes the request open again', () => {
    repo.insert(aCase({ status: 'reopened', resolvedAt: null }));
    expect(coverage.status(request)).toMatchObject({ status: 'open', notes: '重新办理' });
  });

  it('a case already in hand when the request came in covers it; one finished before does not', () => {
    repo.insert(aCase({ openedAt: T - 48 * HOUR, status: 'resolved', resolvedAt: T - HOUR }));
    expect(coverage.coveringCase(request)).toBeNull();
    const inHand = repo.insert(aCase({ openedAt: T - 24 * HOUR, status: 'acknowledged' })).case;
    expect(coverage.coveringCase(request)?.id).toBe(inHand.id);
  });

  it('ignores another category, another village, the county, and cases opened over 7 days later', () => {
    repo.insert(aCase({ category: 'infrastructure' }));
    repo.insert(aCase({ regionCode: '611025101210', unitCode: '611025101210' }));
    repo.insert(aCase({ regionCode: '611025', unitCode: '611025', category: null }));
    repo.insert(aCase({ openedAt: T + COVER_AFTER_MS + 1 }));
    repo.insert(aCase({ openedAt: T - 1, status: 'closed', closedAt: T - 1, resolvedAt: T - 1 }));
    expect(coverage.coveringCase(request)).toBeNull();
  });

  it('prefers the nearest region: a village case over a town case, any category over none', () => {
    repo.insert(aCase({ regionCode: '611025101', unitCode: '611025101', category: null }));
    const village = repo.insert(
      aCase({ openedAt: T + 3 * HOUR, unit: 'town', unitCode: '611025101' }),
    ).case;
    const found = coverage.coveringCase(request);
    expect(found?.id).toBe(village.id);
    expect(coverage.status(request).agency).toBe('回龙镇');
  });
});
