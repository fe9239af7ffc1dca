import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case, WorkOrder } from '#contracts';
import { CaseRepository } from '../../backend/cases/case-repo.js';
import { UNWORKED_ORDER } from '../../backend/orders/rows.js';
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
let coverage: { coveringCase: (r: RequestRow) => Case | null };
beforeEach(() => {
  db = openCasesDb(undefined);
  repo = new CaseRepository(db);
  const cases = new CaseCoverage(db, tree);
  coverage = {
    coveringCase: (r) =>
      cases.coveringCase({
        regionCode: r.regionCode,
        category: r.serviceCode,
        requestedAt: r.requestedAt,
      }),
  };
});
afterEach(() => db.close());

function anOrder(overrides: Partial<WorkOrder>): WorkOrder {
  return {
    id: 'wo-r1',
    number: 'G2611220001',
    status: 'dispatched',
    level: 'blue',
    category: 'dispute',
    source: 'app',
    regionCode: '611025101202001',
    place: '回龙镇·枣园村·第一组',
    unit: 'village',
    unitCode: '611025101202',
    unitPlace: '回龙镇·枣园村',
    reportIds: ['r1'],
    reportCount: 1,
    text: '工程款纠纷',
    reason: null,
    caseId: null,
    openedAt: T,
    updatedAt: T,
    signDueAt: T + 24 * HOUR,
    ...UNWORKED_ORDER,
    answerDueAt: T + 72 * HOUR,
    ...overrides,
  };
}

describe("the status of a request, read from the request's own work order", () => {
  const statusWith = (order: WorkOrder | null) =>
    new RequestStatuses({ orderOfReport: (id) => (id === 'r1' ? order : null) }).status(request);

  it('is open and 已受理 before its order exists', () => {
    expect(statusWith(null)).toEqual({
      status: 'open',
      notes: '已受理',
      updatedAt: T,
      expectedAt: null,
      agency: null,
    });
  });

  it('names the step and the unit, with the answer deadline', () => {
    expect(statusWith(anOrder({ status: 'signed', updatedAt: T + HOUR }))).toEqual({
      status: 'open',
      notes: '已签收（回龙镇·枣园村）',
      updatedAt: T + HOUR,
      expectedAt: T + 72 * HOUR,
      agency: '回龙镇·枣园村',
    });
  });

  it("gives the unit's answer, and is closed only at 办结", () => {
    const answer = { text: '已调解，工程款本周付清', at: T + 5 * HOUR, by: '王主任' };
    expect(statusWith(anOrder({ status: 'answered', answer }))).toMatchObject({
      status: 'open',
      notes: '已答复：已调解，工程款本周付清',
    });
    expect(statusWith(anOrder({ status: 'closed', answer, closedAt: T + 9 * HOUR }))).toMatchObject(
      { status: 'closed', notes: '已办结：已调解，工程款本周付清', expectedAt: null },
    );
    expect(statusWith(anOrder({ status: 'reopened', answer }))).toMatchObject({
      status: 'open',
      notes: '重新办理（回龙镇·枣园村）',
    });
  });

  it('says when a level above pressed for it (督办)', () => {
    const supervision = {
      by: '张建国',
      unit: 'county' as const,
      at: T,
      dueAt: T + 4 * HOUR,
      note: '尽快',
    };
    expect(statusWith(anOrder({ status: 'signed', supervision })).notes).toBe(
      '已签收（回龙镇·枣园村），县级已督办',
    );
  });

  it('waiting for the dispatcher names no unit', () => {
    expect(statusWith(anOrder({ status: 'registered' }))).toMatchObject({
      notes: '待分拨',
      agency: null,
    });
  });
});

describe('the alert case covering a request (orders join it)', () => {
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
  });
});
