/**
 * One work order's life as the product would have left it, for bench/orders-fill.ts: where it
 * happens (a few villages busy, most quiet), what it says, and its timeline (签收 and 答复 with the
 * deadline then in force, 超时 and automatic 上报 where a deadline ran out, 不满意 and 重新办理,
 * 回访 and 办结). Seeded: the same seed and order number give the same life.
 */

import { v7 as uuidv7 } from 'uuid';
import type { Category, Level, Satisfaction, Source, Unit } from '#contracts';
import { CATEGORIES } from '#contracts';
import type { ResponsePolicy } from '../backend/cases/policy.js';
import { UNWORKED_ORDER, type StoredOrder } from '../backend/orders/rows.js';
import type { RegionTree } from '../backend/regions/tree.js';
import { mulberry32, pick, weighted } from '../collectors/simulator/rhythm.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const SWEEP_MS = 5_000;

const TEXTS = [
  '{g}到村部的路上有个大坑，下雨就积水，骑车的老是摔，麻烦修一下',
  '{g}的路灯坏了好几天了，晚上出门看不见路',
  '自来水停了两天，{g}几户人家没水吃',
  '{g}有户独居老人腿脚不便，需要有人帮忙代购药品',
  '和邻居因为宅基地边界吵起来了，请村上来调解一下',
  '合作社拖欠我们{g}的核桃款三个月了，一直不给',
  '{g}河边的护栏断了，娃娃们放学要从那过，太危险',
  '养老金这个月还没到账，想问一下咋回事',
  '邻居家的狗天天晚上叫，吵得睡不着觉',
  '{g}的垃圾好几天没人收了，味道很大',
  '村口的桥面裂了缝，拉货的车还在走，怕出事',
  '低保的申请交上去一个月了，还没有消息',
  '山上的泉水管子冻裂了，{g}吃水困难',
  '地里的庄稼被野猪拱了，能不能给个说法',
  '家里的电压不稳，电器老是烧，找了供电所没人管',
  '想办个残疾证，不知道要带啥材料，去哪里办',
];
/** One in two thousand: the rare word of the search benchmark. */
const RARE_TEXT = '{g}公厕的化粪池满了，往路上冒，过路的人都绕着走';
const NAMES = ['孙丽', '周强', '吴敏', '郑华', '冯涛', '陈静', '褚磊', '卫东', '蒋芳', '沈洋'];

/** One timeline record, as the repository writes it. */
export type EventRow = [
  at: number,
  actorId: string | null,
  actorName: string,
  action: string,
  from: string | null,
  to: string | null,
  note: string | null,
  data: string | null,
  address: string | null,
];

interface Place {
  code: string;
  village: string | null;
  town: string;
}

/** Where orders happen: each village with a weight (a few busy, most quiet), its groups too. */
function placesOf(tree: RegionTree, random: () => number) {
  const items: [Place, number][] = [];
  for (const town of tree.children(tree.county.code)) {
    for (const village of tree.children(town.code)) {
      const weight = Math.exp(random() * 2.5); // 1 … 12: a long tail of busy villages
      const groups = tree.children(village.code);
      items.push([{ code: village.code, village: village.code, town: town.code }, weight * 0.3]);
      for (const g of groups) {
        items.push([{ code: g.code, village: village.code, town: town.code }, (weight * 0.7) / 4]);
      }
    }
    // Known only to the town (待分拨 until the dispatcher places it).
    items.push([{ code: town.code, village: null, town: town.code }, 0.4]);
  }
  return items;
}

const UP: Record<Unit, Unit | null> = { village: 'town', town: 'county', county: null };

/** The orders and their timelines of one county year, as the product would have left them. */
export class Simulator {
  private readonly places: Place[];
  /** Running sums of the places' weights, for a binary search (a thousand places). */
  private readonly cumulative: number[] = [];

  constructor(
    private readonly tree: RegionTree,
    private readonly policy: ResponsePolicy,
    private readonly seed: number,
  ) {
    const weighted = placesOf(tree, mulberry32(seed));
    this.places = weighted.map(([p]) => p);
    let sum = 0;
    for (const [, w] of weighted) this.cumulative.push((sum += w));
  }

  private place(r: () => number): Place {
    const c = this.cumulative;
    const x = r() * (c[c.length - 1] ?? 0);
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return this.places[lo] as Place;
  }

  /**
   * Order number `i` opened at `opened`, followed until `now` (the same `i` and time give the
   * same order, but for its random id). Returns the order as it stands then and its timeline.
   */
  run(i: number, opened: number, now: number): { order: StoredOrder; events: EventRow[] } {
    const r = mulberry32((this.seed ^ Math.imul(i + 1, 2654435761)) >>> 0);
    const { tree, policy } = this;
    const level = weighted<Level>(
      [
        ['blue', 0.8],
        ['none', 0.03],
        ['orange', 0.14],
        ['red', 0.03],
      ],
      r,
    );
    const place = this.place(r);
    const group = `${1 + Math.floor(r() * 4)}组`;
    const text = (r() < 0.0005 ? RARE_TEXT : pick(TEXTS, r)).replace('{g}', group);
    const source = weighted<Source>(
      [
        ['hotline', 0.55],
        ['app', 0.25],
        ['grid', 0.2],
      ],
      r,
    );
    const county = tree.county.code;
    const reportId = uuidv7({ msecs: opened });
    const events: EventRow[] = [];
    const staff = (unit: Unit) => {
      const name = pick(NAMES, r);
      return { id: `${unit}-${name}`, name };
    };
    const address = () => `10.20.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
    let o: StoredOrder = {
      id: `wo-${reportId}`,
      number: '',
      status: 'registered',
      level,
      category: pick(CATEGORIES.slice(0, 8), r) as Category,
      source,
      regionCode: place.code,
      place: '',
      unit: 'county',
      unitCode: county,
      unitPlace: '',
      reportIds: [reportId],
      reportCount: 1,
      text,
      reason: null,
      caseId: null,
      openedAt: opened,
      updatedAt: opened,
      signDueAt: opened + policy.ackMs('county'),
      ...UNWORKED_ORDER,
      externalId: source === 'hotline' ? `HL${opened}${i % 1000}` : null,
    };
    const step = (
      at: number,
      who: { id: string | null; name: string },
      action: string,
      next: StoredOrder,
      note: string | null = null,
      data: Record<string, unknown> | null = null,
    ) => {
      events.push([
        at,
        who.id,
        who.name,
        action,
        o.status,
        next.status,
        note,
        data ? JSON.stringify(data) : null,
        who.id ? address() : null,
      ]);
      o = { ...next, updatedAt: at };
    };
    const handTo = (unit: Unit, unitCode: string, at: number): StoredOrder => ({
      ...o,
      status: 'dispatched',
      unit,
      unitCode,
      signDueAt: at + policy.ackMs(unit),
      answerDueAt: at + policy.resolveMs(unit),
    });
    const system = { id: null, name: '系统' };
    events.push([opened, null, '系统', 'register', null, 'registered', null, null, null]);

    const wanted: Unit = policy.forLevel(level === 'none' ? 'blue' : level).unit;
    const ownerOf = (unit: Unit): string =>
      unit === 'county' ? county : unit === 'town' ? place.town : (place.village ?? place.town);
    let phaseStart = opened;
    /** 疑难: nearly half take their whole window, and often more. */
    const hard = r() < 0.45;
    /**
     * When the awaited step happens: on time mostly; late, the sweep marks it 超时 at the
     * deadline and hands it one level up (whose unit must 签收 again), or at the county it
     * stays, marked. Null: not yet by `now`.
     */
    const awaitStep = (kind: 'sign' | 'answer', onTime: number): number | null => {
      for (;;) {
        const deadline = kind === 'sign' ? o.signDueAt : o.answerDueAt;
        if (deadline === null) throw new Error('no deadline');
        const late = r() > onTime;
        const span = Math.max(MINUTE, deadline - phaseStart);
        // 签收 comes early in its window; 答复 late in it (the work takes its time).
        const share =
          kind === 'sign'
            ? 0.05 + 0.85 * r()
            : hard
              ? 0.7 + 0.3 * r()
              : 0.25 + 0.7 * Math.sqrt(r());
        let at = late
          ? deadline + (r() < 0.1 ? r() * 4_000 : MINUTE + r() * span * 0.6)
          : phaseStart + share * span;
        at = Math.round(at);
        const sweptAt = deadline + Math.ceil(r() * SWEEP_MS);
        // The sweep marks a deadline that passed after the last mark (超时 stays until 答复).
        if (at > sweptAt && (o.overdueSince === null || o.overdueSince < deadline)) {
          if (sweptAt > now) return null;
          const kindMissed =
            kind === 'sign' && ['registered', 'dispatched', 'returned'].includes(o.status)
              ? 'sign'
              : 'answer';
          step(sweptAt, system, 'overdue', { ...o, overdueSince: sweptAt }, null, {
            kind: kindMissed,
          });
          const up = UP[o.unit];
          if (up && o.status !== 'registered' && o.status !== 'returned') {
            const fromUnit = o.unit;
            const fromCode = o.unitCode;
            step(
              sweptAt,
              system,
              'escalate',
              { ...handTo(up, ownerOf(up), sweptAt), escalations: o.escalations + 1 },
              null,
              { kind: kindMissed, fromUnit, fromCode, toUnit: up, toCode: ownerOf(up) },
            );
            phaseStart = sweptAt;
            if (kind === 'answer') {
              const signed = awaitStep('sign', 0.97);
              if (signed === null) return null;
              sign(signed);
            }
            onTime = 0.95;
            continue;
          }
          at = Math.max(at, sweptAt + MINUTE);
        }
        return at > now ? null : at;
      }
    };
    const sign = (at: number) => {
      step(at, staff(o.unit), 'sign', { ...o, status: 'signed', signDueAt: null }, null, {
        signDueAt: o.signDueAt,
      });
      phaseStart = at;
    };

    if (place.village !== null || wanted !== 'village') {
      const unitCode = ownerOf(wanted);
      step(opened, system, 'dispatch', handTo(wanted, unitCode, opened), null, {
        unit: wanted,
        unitCode,
        by: 'policy',
      });
    } else {
      // 待分拨: the dispatcher places it (on its own time to sign), to the town.
      const at = awaitStep('sign', 0.96);
      if (at === null) return { order: o, events };
      const routed = { ...handTo('town', place.town, at), overdueSince: null };
      step(at, staff('county'), 'dispatch', routed, '请镇上核实', {
        unit: 'town',
        unitCode: place.town,
      });
      phaseStart = at;
    }

    const signedAt = awaitStep('sign', 0.93);
    if (signedAt === null) return { order: o, events };
    sign(signedAt);
    let reopened = false;
    for (;;) {
      if (r() < 0.5) {
        const at = Math.round(phaseStart + r() * HOUR * 6);
        if (at > now) return { order: o, events };
        step(at, staff(o.unit), 'handle', { ...o, status: 'handling' });
        phaseStart = at;
      }
      const answeredAt = awaitStep('answer', hard ? 0.7 : 0.95);
      if (answeredAt === null) return { order: o, events };
      const who = staff(o.unit);
      const answer = '已到现场处理完毕，已电话告知群众';
      step(
        answeredAt,
        who,
        'answer',
        {
          ...o,
          status: 'answered',
          answer: { text: answer, at: answeredAt, by: who.name },
          answerDueAt: null,
          signDueAt: null,
          supervision: null,
          overdueSince: null,
        },
        answer,
        { answerDueAt: o.answerDueAt },
      );
      const visitedAt = Math.round(answeredAt + (0.3 + r() * 5) * DAY);
      if (visitedAt > now) return { order: o, events };
      const satisfaction = reopened
        ? weighted<Satisfaction>(
            [
              ['satisfied', 0.7],
              ['basic', 0.3],
            ],
            r,
          )
        : weighted<Satisfaction>(
            [
              ['satisfied', 0.8],
              ['basic', 0.14],
              ['unsatisfied', 0.06],
            ],
            r,
          );
      const visitor = staff(o.unit === 'county' ? 'county' : (UP[o.unit] ?? 'county'));
      const visit = { satisfaction, note: null, at: visitedAt, by: visitor.name };
      const data = { satisfaction };
      if (satisfaction !== 'unsatisfied') {
        step(
          visitedAt,
          visitor,
          'visit',
          { ...o, status: 'closed', visit, closedAt: visitedAt },
          null,
          data,
        );
        return { order: o, events };
      }
      reopened = true;
      step(
        visitedAt,
        visitor,
        'visit',
        {
          ...o,
          status: 'reopened',
          visit,
          reopenCount: o.reopenCount + 1,
          answerDueAt: visitedAt + policy.resolveMs(o.unit),
          overdueSince: null,
        },
        '不满意',
        data,
      );
      phaseStart = visitedAt;
    }
  }
}
