import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { RulesFile } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { EventBus, type EventMap } from '../events/bus.js';
import { RegionTree } from '../regions/tree.js';
import type { ReportReader } from '../store/store.js';
import { SentimentEngine } from './engine.js';

const [COUNTY, TOWN] = ['611025', '611025101'] as const;
const [V1, V2, V3] = ['611025101202', '611025101210', '611025101203'] as const;
const tree = new RegionTree([
  { code: COUNTY, name: '镇安县', kind: 'county', parentCode: null },
  { code: TOWN, name: '回龙镇', kind: 'town', parentCode: COUNTY },
  { code: V1, name: '枣园村', kind: 'village', parentCode: TOWN },
  { code: V2, name: '宏丰村', kind: 'village', parentCode: TOWN },
  { code: V3, name: '金台村', kind: 'village', parentCode: TOWN },
]);

const thresholds = [
  { level: 'blue', raiseAt: 3, clearBelow: 2 },
  { level: 'orange', raiseAt: 5, clearBelow: 4 },
];
const rules = RulesFile.parse({
  version: 1,
  reportRules: [{ id: 'red-violence', description: '暴力事件', level: 'red', holdMinutes: 60 }],
  windowRules: [
    {
      id: 'village-category-surge',
      description: '同村同类诉求集中',
      regionKind: 'village',
      category: '*',
      perCategory: true,
      windowMinutes: 60,
      thresholds,
    },
  ],
  childrenRules: [
    {
      id: 'town-villages-orange',
      description: '3个村橙色',
      regionKind: 'town',
      childLevel: 'orange',
      atLeast: 3,
      level: 'red',
    },
  ],
});

const T = Date.parse('2026-11-22T09:30:00+08:00');
const MIN = 60_000;

const readerOf = (reports: Report[]): ReportReader => ({
  since: async (from: number) => reports.filter((r) => r.occurredAt >= from),
});

type Name = keyof EventMap;
type Payload = Record<string, unknown>;

/**
 * An engine subscribed to a real bus, reading an in-memory store; its clock a variable; every
 * event it emits recorded in order.
 */
function setup(reader?: ReportReader) {
  const bus = new EventBus();
  const clock = { now: T };
  const stored: Report[] = [];
  const errors: unknown[] = [];
  const engine = new SentimentEngine({ regions: tree, rules, bus, clock: () => clock.now });
  const unsubscribe = engine.subscribe(bus, reader ?? readerOf(stored), (e) => errors.push(e));
  const events: Array<{ name: Name; payload: Payload }> = [];
  const record = (name: Name) => (payload: Payload) => events.push({ name, payload });
  bus.on('level.changed', record('level.changed'));
  bus.on('index.updated', record('index.updated'));
  for (const name of ['alert.raised', 'alert.updated', 'alert.cleared'] as const) {
    bus.on(name, record(name));
  }
  const log = () =>
    events
      .filter((e) => e.name !== 'index.updated')
      .map((e) => `${e.name} ${String(e.payload.regionCode)} ${String(e.payload.level)}`);
  return { bus, clock, engine, stored, errors, events, log, unsubscribe };
}

let seq = 0;
const report = (minute: number, o: Partial<Report> = {}): Report =>
  storedReport({ id: `r${++seq}`, occurredAt: T + minute * MIN, ...o });
const violent = (minute: number, regionCode: string = V1) =>
  report(minute, { regionCode, level: 'red', ruleId: 'red-violence', text: '有人持刀威胁村干部' });

/** Store and publish reports as ingest does, each arriving when it occurred. */
function publish(s: ReturnType<typeof setup>, reports: Report[]) {
  for (const r of reports) {
    s.clock.now = r.occurredAt;
    s.stored.push(r);
    s.bus.emit('report.accepted', r);
  }
}

const levelsOf = (e: SentimentEngine, now: number) =>
  e.levelViews(now).map(({ since: _since, ...v }) => v);
const surge = (minutes: number[], regionCode: string = V1) =>
  minutes.map((m) => report(m, { regionCode, category: 'livelihood' }));

describe('SentimentEngine on the bus', () => {
  it('turns published reports into alert and level events, until unsubscribed', () => {
    const s = setup();
    publish(s, surge([0, 1]));
    expect(s.events).toEqual([]);
    publish(s, surge([2]));
    expect(s.log()).toEqual([
      `alert.raised ${V1} blue`,
      `level.changed ${V1} blue`,
      `level.changed ${TOWN} blue`,
      `level.changed ${COUNTY} blue`,
    ]);
    const [alert, village] = s.events.map((e) => e.payload);
    expect(alert).toMatchObject({
      ruleKey: 'village-category-surge/livelihood',
      raisedAt: T + 2 * MIN,
    });
    expect(village).toMatchObject({
      previous: 'none',
      weather: 'cloudy',
      index: 41,
      at: T + 2 * MIN,
    });
    expect(village?.reason).toBe('枣园村60分钟内民生保障类诉求3条，达到蓝色阈值3条');
    expect(s.engine.activeAlerts().map((a) => a.id)).toEqual([alert?.id]);

    s.unsubscribe();
    publish(s, surge([3, 4]));
    expect(s.events).toHaveLength(4);
    expect(s.engine.levelViews().find((l) => l.regionCode === V1)?.level).toBe('blue');
  });

  it('updates the alert as the surge rises, and clears it on a later tick', () => {
    const s = setup();
    publish(s, surge([0, 1, 2, 3, 4]));
    const raised = s.events.find((e) => e.name === 'alert.raised')?.payload.id;
    expect(s.log()).toContain(`alert.updated ${V1} orange`);
    s.events.length = 0;
    s.engine.tick(T + 62 * MIN); // 3 left: below clearBelow 4 from now on
    s.engine.tick(T + 76 * MIN);
    expect(s.log()).toEqual([]);
    s.engine.tick(T + 77 * MIN);
    expect(s.log()).toEqual([
      `alert.cleared ${V1} orange`,
      `level.changed ${V1} none`,
      `level.changed ${TOWN} none`,
      `level.changed ${COUNTY} none`,
    ]);
    expect(s.events.find((e) => e.name === 'alert.cleared')?.payload.id).toBe(raised);
    expect(s.engine.activeAlerts()).toEqual([]);
  });

  it('routes a children rule’s signal to an alert on the town, after the level changes', () => {
    const s = setup();
    const [a, b, c] = [
      surge([0, 1, 2, 3, 4], V1),
      surge([1, 2, 3, 4, 5], V2),
      surge([6, 7, 8, 9, 9], V3),
    ];
    publish(s, [...a, ...b, ...c]);
    expect(s.log().slice(-3)).toEqual([
      `level.changed ${TOWN} red`,
      `level.changed ${COUNTY} red`,
      `alert.raised ${TOWN} red`,
    ]);
    expect(s.engine.activeAlerts()[0]).toMatchObject({
      ruleKey: 'town-villages-orange',
      explanation: { evidence: [V1, V2, V3] },
    });
  });

  it('flushes the 民情指数 of regions whose reading moved, once', () => {
    const s = setup();
    publish(s, surge([0, 1, 2]));
    // An orange, urgent report weighs 2.5: 39 × (1 − e^(−2.5/50)) ≈ 1.9 on a calm village.
    publish(s, [report(3, { regionCode: V2, level: 'orange', urgency: 1 })]);
    s.engine.flushIndex(T + 3 * MIN);
    expect(s.events.at(-1)).toEqual({
      name: 'index.updated',
      payload: { at: T + 3 * MIN, indices: { [V2]: 2 } },
    });
    const count = s.events.length;
    s.engine.flushIndex(T + 3 * MIN);
    expect(s.events).toHaveLength(count);
  });
});

describe('SentimentEngine.warmUp', () => {
  const now = T + 40 * MIN;
  const history = () => [
    report(-25 * 60, { regionCode: V3 }), // older than the 24 h replayed
    ...surge([0, 1, 2, 3, 4]),
    violent(10, V2),
    ...surge([20, 21, 22], V3),
  ];

  /** The live engine: every report published as it arrives, a tick every minute. */
  function live(reports: Report[]) {
    const s = setup();
    for (let m = 0; m <= 40; m++) {
      const due = reports.filter((r) => r.occurredAt === T + m * MIN);
      publish(s, due);
      s.engine.tick(T + m * MIN);
    }
    return s;
  }

  it('replays the last 24 h to the same levels and alert ids as live observation', async () => {
    const reports = history();
    const a = live(reports);
    const b = setup();
    const asked: number[] = [];
    const reader = readerOf(reports);
    await b.engine.warmUp({ since: (from) => (asked.push(from), reader.since(from)) }, now);
    expect(asked).toEqual([now - 24 * 60 * MIN]);
    expect(levelsOf(b.engine, now)).toEqual(levelsOf(a.engine, now));
    expect(b.engine.activeAlerts()).toEqual(a.engine.activeAlerts());
    expect(b.engine.activeAlerts().map((x) => [x.regionCode, x.level])).toEqual([
      [V2, 'red'],
      [V1, 'orange'],
      [V3, 'blue'],
    ]);
    // The first warmUp restores what was already announced before the restart: it tells nobody.
    expect(b.log()).toEqual([]);
  });

  it('emits nothing when nothing changed; under new rules, announces what did', async () => {
    const reports = history();
    const s = live(reports);
    const before = { levels: levelsOf(s.engine, now), alerts: s.engine.activeAlerts() };
    s.events.length = 0;
    await s.engine.warmUp(readerOf(reports), now);
    expect(s.events).toEqual([]);
    expect(levelsOf(s.engine, now)).toEqual(before.levels);
    expect(s.engine.activeAlerts()).toEqual(before.alerts);

    const surgeIds = before.alerts.filter((a) => a.ruleId !== 'red-violence');
    const calmer = RulesFile.parse({ ...rules, windowRules: [] });
    await s.engine.warmUp(readerOf(reports), now, calmer);
    expect(s.engine.rules).toBe(calmer);
    expect(s.log().sort()).toEqual(
      [
        `alert.cleared ${V1} orange`,
        `alert.cleared ${V3} blue`,
        `level.changed ${V1} none`,
        `level.changed ${V3} none`,
      ].sort(),
    );
    const cleared = s.events.filter((e) => e.name === 'alert.cleared').map((e) => e.payload);
    expect(cleared.map((a) => a.id).sort()).toEqual(surgeIds.map((a) => a.id).sort());
    expect(cleared[0]).toMatchObject({ clearedAt: now, clearReason: '规则更新后不再成立' });
    expect(s.engine.levelViews(now).find((l) => l.regionCode === TOWN)?.level).toBe('red');
  });
});

describe('a corrected report', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('re-reads the store and announces what the correction changed', async () => {
    const s = setup();
    const knife = violent(0);
    publish(s, [knife, ...surge([1, 2, 3], V2)]);
    const [surgeAlert] = s.engine.activeAlerts().filter((a) => a.regionCode === V2);
    s.events.length = 0;
    s.clock.now = T + 5 * MIN;
    const corrected = { ...knife, level: 'none' as const, ruleId: null };
    s.stored[0] = corrected; // the store holds the report as it now reads
    s.bus.emit('report.corrected', corrected);
    await settle();
    expect(s.log()).toEqual([
      `level.changed ${COUNTY} blue`, // in tree order, not child first
      `level.changed ${TOWN} blue`,
      `level.changed ${V1} none`,
      `alert.cleared ${V1} red`,
    ]);
    expect(s.events[2]?.payload).toMatchObject({ previous: 'red', at: T + 5 * MIN });
    expect(s.events[3]?.payload.clearReason).toBe('规则更新后不再成立');
    expect(s.engine.activeAlerts()).toEqual([surgeAlert]);
    expect(s.errors).toEqual([]);
  });

  it('hands a failed re-read to onError and keeps the levels', async () => {
    const s = setup({ since: () => Promise.reject(new Error('store down')) });
    publish(s, [violent(0)]);
    s.bus.emit('report.corrected', violent(0));
    await settle();
    expect(s.errors.map((e) => (e as Error).message)).toEqual(['store down']);
    expect(s.engine.activeAlerts().map((a) => a.level)).toEqual(['red']);
  });
});
