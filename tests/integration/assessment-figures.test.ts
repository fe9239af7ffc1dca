import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, WorkOrder } from '#contracts';
import { parseCountyLocal } from '#contracts';
import {
  HOUR,
  TEXT,
  TIECHANG,
  assessmentOf,
  expected,
  figuresOf,
  row,
  seedAssessment,
  type OrderKey,
} from '../helpers/assessment-seed.js';
import { HONGFENG, HUILONG, TIECHANG_VILLAGE, ZAOYUAN, api } from '../helpers/cases.js';
import type { TestServer } from '../helpers/server.js';

/** 考核's figures for a seeded month, per town and village and period, and who may read which. */

let server: TestServer;
let token: Record<string, string>;
let orders: Record<OrderKey, WorkOrder>;
let now: number;

const assessment = (who: string, query = '') => assessmentOf(server, token, who, query);

beforeAll(async () => {
  ({ server, token, orders, now } = await seedAssessment());
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
});
