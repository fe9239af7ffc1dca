import { expect } from 'vitest';
import type {
  Assessment,
  AssessmentFigures,
  AssessmentRow,
  ErrorBody,
  OrderPage,
  WorkOrder,
  WorkOrderDetail,
} from '#contracts';
import { parseCountyLocal } from '#contracts';
import { HONGFENG, HUILONG, TIECHANG_VILLAGE, ZAOYUAN, api, login, postAt } from './cases.js';
import { startServer, type TestServer } from './server.js';

export const HOUR = 3600_000;
export const TIECHANG = '611025102';
/** 2026-11-10 09:00 in the county: every November order is opened then. */
export const T0 = parseCountyLocal(2026, 11, 10, 9);

export const TEXT = {
  onTime: '村口到三组的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下',
  lateSign: '三组的路灯坏了好几天，晚上看不见路，麻烦换个灯泡',
  unsigned: '二组到村部的小路被水冲坏了一截，走路不方便',
  lateAnswer: '村部门口的路灯一直不亮，晚上黑黢黢的',
  neighbour: '邻居家的狗天天晚上叫，吵得睡不着觉',
  escalated: '村里的垃圾好几天没人收了，味道很大',
  unplaced: '我家门口的下水道堵了好几天，臭得很，不知道该找谁',
  october: '养老金这个月还没到账，想问一下咋回事',
};

export type OrderKey = keyof typeof TEXT;

/** A server whose clock stands at `now`, with a month of work orders behind it. */
export interface AssessmentWorld {
  server: TestServer;
  /** Bearer tokens: county, huilong, tiechang, zaoyuan, hongfeng, xigoukou. */
  token: Record<string, string>;
  /** Each order as it was first listed, right after it was opened. */
  orders: Record<OrderKey, WorkOrder>;
  /** The injected clock once seeded (2026-11-13 18:00 in the county); it stays there. */
  now: number;
}

/** GET /api/v1/assessment as `who`, which must answer 200. */
export async function assessmentOf(
  server: TestServer,
  token: Record<string, string>,
  who: string,
  query = '',
): Promise<Assessment> {
  const res = await api<Assessment>(
    server.url,
    token[who] ?? null,
    'GET',
    `/api/v1/assessment${query}`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export const row = (a: Assessment, code: string): AssessmentRow => {
  const r = [a.total, ...a.towns, ...a.villages].find((x) => x.regionCode === code);
  if (!r) throw new Error(`no row ${code}`);
  return r;
};

/** The figures of a row, without its names. */
export function figuresOf(r: AssessmentRow): AssessmentFigures {
  const { regionCode: _c, kind: _k, name: _n, place: _p, townCode: _t, ...figures } = r;
  return figures;
}

export function expected(f: Partial<AssessmentFigures>): AssessmentFigures {
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

/**
 * Starts a server on an injected clock and plays a month of orders through it: October's one
 * left unsigned, then seven opened on 2026-11-10 09:00 and signed, answered, visited, escalated
 * and swept over the next 81 hours. Closes the server if the seeding fails.
 */
export async function seedAssessment(): Promise<AssessmentWorld> {
  let now = T0;
  const server = await startServer({ clock: () => now });
  try {
    const token: Record<string, string> = {};
    const orders: Record<OrderKey, WorkOrder> = {} as never;

    const orderOf = async (text: string): Promise<WorkOrder> => {
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
    };

    const act = async (who: string, o: WorkOrder, action: string, body: unknown = {}) => {
      const res = await api<WorkOrderDetail & ErrorBody>(
        server.url,
        token[who] ?? null,
        'POST',
        `/api/v1/work-orders/${o.id}/${action}`,
        body,
      );
      if (res.status !== 200)
        throw new Error(`${who} ${action}: ${res.status} ${res.body.message}`);
      return res.body.order;
    };

    const at = (hours: number) => {
      now = T0 + hours * HOUR;
    };
    const sweep = () => server.app.workflow.orders.sweep.sweep(now);

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
    for (const key of Object.keys(TEXT) as OrderKey[]) {
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

    return { server, token, orders, now };
  } catch (err) {
    await server.close();
    throw err;
  }
}
