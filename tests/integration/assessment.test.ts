import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Assessment,
  AssessmentFigures,
  AssessmentRow,
  ErrorBody,
  OrderPage,
  WorkOrder,
  WorkOrderDetail,
} from '#contracts';
import { ASSESSMENT_COLUMNS_ZH, parseCountyLocal } from '#contracts';
import {
  HONGFENG,
  HUILONG,
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  login,
  postAt,
} from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';

const HOUR = 3600_000;
const TIECHANG = '611025102';
/** 2026-11-10 09:00 in the county: every November order is opened then. */
const T0 = parseCountyLocal(2026, 11, 10, 9);

const TEXT = {
  onTime: '村口到三组的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下',
  lateSign: '三组的路灯坏了好几天，晚上看不见路，麻烦换个灯泡',
  unsigned: '二组到村部的小路被水冲坏了一截，走路不方便',
  lateAnswer: '村部门口的路灯一直不亮，晚上黑黢黢的',
  neighbour: '邻居家的狗天天晚上叫，吵得睡不着觉',
  escalated: '村里的垃圾好几天没人收了，味道很大',
  unplaced: '我家门口的下水道堵了好几天，臭得很，不知道该找谁',
  october: '养老金这个月还没到账，想问一下咋回事',
};

let server: TestServer;
let now = T0;
const token: Record<string, string> = {};
const orders: Record<keyof typeof TEXT, WorkOrder> = {} as never;

async function orderOf(text: string): Promise<WorkOrder> {
  for (let i = 0; i < 100; i++) {
    const page = await api<OrderPage>(
      server.url,
      token.county ?? null,
      'GET',
      `/api/v1/work-orders?limit=200`,
    );
    const found = page.body.items?.find((o) => o.text === text);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no order for ${text}`);
}

async function act(who: string, o: WorkOrder, action: string, body: unknown = {}) {
  const res = await api<WorkOrderDetail & ErrorBody>(
    server.url,
    token[who] ?? null,
    'POST',
    `/api/v1/work-orders/${o.id}/${action}`,
    body,
  );
  if (res.status !== 200) throw new Error(`${who} ${action}: ${res.status} ${res.body.message}`);
  return res.body.order;
}

const at = (hours: number) => {
  now = T0 + hours * HOUR;
};
const sweep = () => server.app.workflow.orders.sweep.sweep(now);

async function assessment(who: string, query = ''): Promise<Assessment> {
  const res = await api<Assessment>(
    server.url,
    token[who] ?? null,
    'GET',
    `/api/v1/assessment${query}`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const row = (a: Assessment, code: string): AssessmentRow => {
  const r = [a.total, ...a.towns, ...a.villages].find((x) => x.regionCode === code);
  if (!r) throw new Error(`no row ${code}`);
  return r;
};

/** The figures of a row, without its names. */
function figuresOf(r: AssessmentRow): AssessmentFigures {
  const { regionCode: _c, kind: _k, name: _n, place: _p, townCode: _t, ...figures } = r;
  return figures;
}

function expected(f: Partial<AssessmentFigures>): AssessmentFigures {
  const counts = {
    orders: 0,
    closed: 0,
    signDue: 0,
    signOnTime: 0,
    answerDue: 0,
    answerOnTime: 0,
    visited: 0,
    satisfied: 0,
    basic: 0,
    unsatisfied: 0,
    reopened: 0,
    overdueNow: 0,
    ...f,
  };
  const rate = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    ...counts,
    closureRate: rate(counts.closed, counts.orders),
    signOnTimeRate: rate(counts.signOnTime, counts.signDue),
    answerOnTimeRate: rate(counts.answerOnTime, counts.answerDue),
    satisfactionRate: rate(counts.satisfied + counts.basic, counts.visited),
    reopenRate: rate(counts.reopened, counts.orders),
  };
}

beforeAll(async () => {
  server = await startServer({ clock: () => now });
  for (const [who, username] of Object.entries({
    county: 'county-zhang',
    huilong: 'town-huilong',
    tiechang: 'town-tiechang',
    zaoyuan: 'village-zaoyuan',
    hongfeng: 'village-hongfeng',
    xigoukou: 'village-xigoukou',
  })) {
    token[who] = await login(server.url, username);
  }

  // October: one order that nobody signs (it is overdue now, but not November's).
  now = parseCountyLocal(2026, 10, 20, 9);
  await postAt(server, now, [{ regionCode: ZAOYUAN, text: TEXT.october }]);
  orders.october = await orderOf(TEXT.october);

  at(0);
  await postAt(server, now, [
    { regionCode: `${ZAOYUAN}001`, text: TEXT.onTime, category: 'infrastructure' },
    { regionCode: ZAOYUAN, text: TEXT.lateSign, category: 'infrastructure' },
    { regionCode: HONGFENG, text: TEXT.unsigned, category: 'infrastructure' },
    { regionCode: HONGFENG, text: TEXT.lateAnswer, category: 'infrastructure' },
    { regionCode: TIECHANG_VILLAGE, text: TEXT.neighbour, category: 'dispute' },
    { regionCode: TIECHANG_VILLAGE, text: TEXT.escalated, category: 'livelihood' },
    { regionCode: HUILONG, text: TEXT.unplaced, category: 'infrastructure' },
  ]);
  for (const key of Object.keys(TEXT) as (keyof typeof TEXT)[]) {
    orders[key] = await orderOf(TEXT[key]);
  }
  const { onTime, lateSign, unsigned, lateAnswer, neighbour, escalated, unplaced } = orders;

  // +1 h: the villages sign three of theirs in time; one answers at once.
  at(1);
  await act('zaoyuan', onTime, 'sign');
  await act('hongfeng', lateAnswer, 'sign');
  await act('xigoukou', neighbour, 'sign');
  await act('xigoukou', escalated, 'sign');
  at(2);
  await act('xigoukou', neighbour, 'answer', { text: '已上门劝说，狗已拴好' });
  at(24);
  await act('zaoyuan', onTime, 'answer', { text: '坑已填平' });
  // +25 h: signed an hour after its 24 h, before any sweep saw it.
  at(25);
  await act('zaoyuan', lateSign, 'sign');
  // The sweep: the unsigned order goes up to the town; the unplaced one and October's are marked.
  expect(sweep()).toBeGreaterThanOrEqual(3);
  at(26);
  await act('zaoyuan', lateSign, 'answer', { text: '路灯已换' });
  at(27);
  await act('huilong', lateSign, 'visit', { satisfaction: 'unsatisfied', note: '只换了一个' });
  at(30);
  await act('zaoyuan', lateSign, 'answer', { text: '三个都换好了' });
  at(48);
  await act('huilong', onTime, 'visit', { satisfaction: 'satisfied' });
  await act('county', lateSign, 'visit', { satisfaction: 'basic' });
  await act('tiechang', neighbour, 'visit', { satisfaction: 'satisfied' });
  // +73 h: answered an hour after its 72 h, before the sweep; the other village's time runs out.
  at(73);
  await act('hongfeng', lateAnswer, 'answer', { text: '路灯已修好' });
  expect(sweep()).toBeGreaterThanOrEqual(2);
  const up = await act('tiechang', escalated, 'sign');
  expect(up.unit).toBe('town');
  at(75);
  await act('tiechang', escalated, 'answer', { text: '已安排垃圾车每天来收' });
  at(80);
  await act('county', escalated, 'visit', { satisfaction: 'unsatisfied', note: '还是没人收' });
  at(81);
  expect(unsigned.unit).toBe('village');
  expect(unplaced.status).toBe('registered');
});

afterAll(async () => {
  await server?.close();
});

describe('考核: per town and village, the orders of a period', () => {
  it('every order went to a village first (blue), but the one placed only at its town', () => {
    for (const key of Object.keys(TEXT) as (keyof typeof TEXT)[]) {
      expect(orders[key].unit, key).toBe(key === 'unplaced' ? 'county' : 'village');
    }
  });

  it('the county sees this month by default: each figure as the orders went', async () => {
    const a = await assessment('county');
    expect(a).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      fromAt: parseCountyLocal(2026, 11, 1),
      toAt: parseCountyLocal(2026, 12, 1),
      generatedAt: now,
      regionCode: '611025',
    });
    // 枣园村: on time (a group's order counts for its village); late 签收, unsatisfied then basic.
    // Plus October's order, overdue now.
    expect(figuresOf(row(a, ZAOYUAN))).toEqual(
      expected({
        orders: 2,
        closed: 2,
        signDue: 2,
        signOnTime: 1,
        answerDue: 2,
        answerOnTime: 2,
        visited: 2,
        satisfied: 1,
        basic: 1,
        reopened: 1,
        overdueNow: 1,
      }),
    );
    // 宏丰村: one never signed (escalated, overdue now), one answered late and waiting for 回访.
    expect(figuresOf(row(a, HONGFENG))).toEqual(
      expected({
        orders: 2,
        signDue: 2,
        signOnTime: 1,
        answerDue: 1,
        answerOnTime: 0,
        overdueNow: 1,
      }),
    );
    // 西沟口村: on time and satisfied; the other's answer ran out (escalated), then unsatisfied.
    expect(figuresOf(row(a, TIECHANG_VILLAGE))).toEqual(
      expected({
        orders: 2,
        closed: 1,
        signDue: 2,
        signOnTime: 2,
        answerDue: 2,
        answerOnTime: 1,
        visited: 2,
        satisfied: 1,
        unsatisfied: 1,
        reopened: 1,
      }),
    );
    // 回龙镇: its two villages and the order placed only at the town (overdue for the dispatcher,
    // which is no unit's 签收).
    expect(figuresOf(row(a, HUILONG))).toEqual(
      expected({
        orders: 5,
        closed: 2,
        signDue: 4,
        signOnTime: 2,
        answerDue: 3,
        answerOnTime: 2,
        visited: 2,
        satisfied: 1,
        basic: 1,
        reopened: 1,
        overdueNow: 3,
      }),
    );
    expect(figuresOf(row(a, TIECHANG))).toEqual(figuresOf(row(a, TIECHANG_VILLAGE)));
    expect(figuresOf(a.total)).toEqual(
      expected({
        orders: 7,
        closed: 3,
        signDue: 6,
        signOnTime: 4,
        answerDue: 5,
        answerOnTime: 3,
        visited: 4,
        satisfied: 2,
        basic: 1,
        unsatisfied: 1,
        reopened: 2,
        overdueNow: 3,
      }),
    );
    expect(a.total).toMatchObject({ kind: 'county', name: '镇安县', townCode: null });
    expect(row(a, ZAOYUAN)).toMatchObject({
      kind: 'village',
      name: '枣园村',
      place: '回龙镇·枣园村',
      townCode: HUILONG,
    });
    // Every town and village is a row, quiet ones with zeros and no rates.
    const kinds = (kind: string) => server.regions.all.filter((r) => r.kind === kind).length;
    expect(a.towns.length).toBe(kinds('town'));
    expect(a.villages.length).toBe(kinds('village'));
    const quiet = a.villages.find((v) => v.regionCode.startsWith('611025103'));
    expect(quiet && figuresOf(quiet)).toEqual(expected({}));
    expect(a.towns.map((t) => t.regionCode)).toEqual([...a.towns.map((t) => t.regionCode)].sort());
  });

  it('a town leader sees their town and its villages; a village its own; nothing else', async () => {
    const town = await assessment('huilong');
    expect(town.regionCode).toBe(HUILONG);
    expect(town.towns.map((t) => t.regionCode)).toEqual([HUILONG]);
    expect(town.villages.every((v) => v.townCode === HUILONG)).toBe(true);
    expect(town.villages.map((v) => v.regionCode)).toContain(ZAOYUAN);
    expect(figuresOf(town.total)).toEqual(figuresOf(row(await assessment('county'), HUILONG)));
    const village = await assessment('zaoyuan');
    expect(village.towns).toEqual([]);
    expect(village.villages.map((v) => v.regionCode)).toEqual([ZAOYUAN]);
    expect(village.total.regionCode).toBe(ZAOYUAN);
    expect(figuresOf(village.total).orders).toBe(2);

    const foreign = await api<ErrorBody>(
      server.url,
      token.huilong ?? null,
      'GET',
      `/api/v1/assessment?regionCode=${TIECHANG}`,
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('out_of_scope');
    const narrowed = await assessment('county', `?regionCode=${TIECHANG}`);
    expect(narrowed.towns.map((t) => t.regionCode)).toEqual([TIECHANG]);
    expect((await api(server.url, null, 'GET', '/api/v1/assessment')).status).toBe(401);
    expect((await api(server.url, null, 'GET', '/api/v1/assessment.xlsx')).status).toBe(401);
  });

  it('another period has its own orders; the overdue are of now; wrong periods are refused', async () => {
    const october = await assessment('county', '?from=2026-10-01&to=2026-10-31');
    expect(figuresOf(row(october, ZAOYUAN))).toEqual(
      expected({ orders: 1, signDue: 1, signOnTime: 0, overdueNow: 1 }),
    );
    expect(october.total.orders).toBe(1);
    expect(october.total.overdueNow).toBe(3);
    // One day, both ends inclusive.
    const day = await assessment('county', '?from=2026-11-10&to=2026-11-10');
    expect(day.total.orders).toBe(7);
    expect(day.toAt - day.fromAt).toBe(24 * HOUR);
    expect((await assessment('county', '?from=2026-11-11')).total.orders).toBe(0);
    expect((await assessment('county', '?to=2026-11-20')).from).toBe('2026-11-01');

    for (const bad of [
      '?from=2026-11-30&to=2026-11-01',
      '?from=2026-02-30',
      '?from=2025-01-01&to=2026-11-30',
      '?from=11/01/2026',
      '?regionCode=611025999',
      '?period=month',
    ]) {
      const res = await api<ErrorBody>(
        server.url,
        token.county ?? null,
        'GET',
        `/api/v1/assessment${bad}`,
      );
      expect(res.status, bad).toBe(400);
      expect(res.body.error, bad).toBe('invalid_query');
    }
  });

  it('the Excel workbook holds the same figures, with Chinese headers and the period', async () => {
    const a = await assessment('county');
    const res = await fetch(`${server.url}/api/v1/assessment.xlsx`, {
      headers: { authorization: `Bearer ${token.county}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(
      '考核_镇安县_2026-11-01_2026-11-30.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['乡镇', '村（社区）']);

    const columns = Object.keys(ASSESSMENT_COLUMNS_ZH) as (keyof AssessmentFigures)[];
    const read = (ws: ExcelJS.Worksheet, lead: number) => {
      const title = String(ws.getCell(1, 1).value);
      expect(title).toContain('考核周期：2026-11-01 至 2026-11-30');
      // Generated at the injected clock: 2026-11-13 18:00 in the county.
      expect(title).toContain('生成时间：2026-11-13 18:00:00（北京时间）');
      const headers = (ws.getRow(2).values as unknown[]).slice(1 + lead);
      expect(headers).toEqual(columns.map((c) => ASSESSMENT_COLUMNS_ZH[c]));
      const rows = new Map<string, Record<string, unknown>>();
      ws.eachRow((r, n) => {
        if (n < 3) return;
        const values = (r.values as unknown[]).slice(1);
        rows.set(
          String(values[0]),
          Object.fromEntries(columns.map((c, i) => [c, values[lead + i] ?? null])),
        );
      });
      return rows;
    };

    const towns = wb.getWorksheet('乡镇') as ExcelJS.Worksheet;
    expect(String(towns.getCell(2, 2).value)).toBe('乡镇（街道）');
    const townRows = read(towns, 2);
    expect(townRows.size).toBe(a.towns.length + 1);
    for (const t of [...a.towns, a.total]) {
      expect(townRows.get(t.regionCode), t.regionCode).toEqual(figuresOf(t));
    }
    const total = towns.getRow(townRows.size + 2);
    expect(String(total.getCell(2).value)).toBe('合计（镇安县）');
    const rateColumn = 3 + columns.indexOf('signOnTimeRate');
    expect(total.getCell(rateColumn).numFmt).toBe('0.0%');
    expect(total.getCell(rateColumn).value).toBe(4 / 6);

    const villages = wb.getWorksheet('村（社区）') as ExcelJS.Worksheet;
    const villageRows = read(villages, 3);
    expect(villageRows.size).toBe(a.villages.length);
    for (const v of a.villages) {
      expect(villageRows.get(v.regionCode), v.regionCode).toEqual(figuresOf(v));
    }
    const zaoyuan = villages
      .getRows(3, villages.rowCount - 2)
      ?.find((r) => r.getCell(1).value === ZAOYUAN);
    expect([zaoyuan?.getCell(2).value, zaoyuan?.getCell(3).value]).toEqual(['回龙镇', '枣园村']);
    expect(zaoyuan?.getCell(4 + columns.indexOf('closureRate')).numFmt).toBe('0.0%');
  });

  it('the wall reads this month without a login: the county, or a town; never a village', async () => {
    const county = await assessment('county');
    const wall = await api<Assessment>(server.url, null, 'GET', '/api/v1/wall/assessment');
    expect(wall.status).toBe(200);
    expect(figuresOf(wall.body.total)).toEqual(figuresOf(county.total));
    expect(wall.body.towns.map((t) => t.regionCode)).toEqual(county.towns.map((t) => t.regionCode));
    const town = await api<Assessment>(
      server.url,
      null,
      'GET',
      `/api/v1/wall/assessment?region=${HUILONG}`,
    );
    expect(town.body.regionCode).toBe(HUILONG);
    expect(town.body.villages.map((v) => v.regionCode)).toContain(ZAOYUAN);
    const village = await api(server.url, null, 'GET', `/api/v1/wall/assessment?region=${ZAOYUAN}`);
    expect(village.status).toBe(404);
    const bad = await api(server.url, null, 'GET', '/api/v1/wall/assessment?town=1');
    expect(bad.status).toBe(400);
  });
});
