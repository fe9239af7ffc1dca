import { describe, expect, it } from 'vitest';
import type { Alert, Report } from '#contracts';
import { RulesFile } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { EventBus } from '../events/bus.js';
import { RegionTree } from '../regions/tree.js';
import type { ReportReader } from '../store/store.js';
import { SentimentEngine } from './engine.js';

const [COUNTY, TOWN] = ['611025', '611025101'] as const;
const VILLAGES = ['611025101202', '611025101210', '611025101203'] as const;
const [V1, V2] = VILLAGES;
const tree = new RegionTree([
  { code: COUNTY, name: '镇安县', kind: 'county', parentCode: null },
  { code: TOWN, name: '回龙镇', kind: 'town', parentCode: COUNTY },
  ...VILLAGES.map((code) => ({ code, name: code, kind: 'village' as const, parentCode: TOWN })),
]);

const rulesWith = (blueAt = 5) =>
  RulesFile.parse({
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
        thresholds: [
          { level: 'blue', raiseAt: blueAt, clearBelow: 3 },
          { level: 'orange', raiseAt: 10, clearBelow: 6 },
        ],
        clearAfterMinutes: 15,
      },
    ],
    childrenRules: [
      {
        id: 'town-villages-blue',
        description: '2个村蓝色',
        regionKind: 'town',
        childLevel: 'blue',
        atLeast: 2,
        level: 'blue',
      },
    ],
  });
const rules = rulesWith();
const withPending = (pendingSeconds: number) =>
  RulesFile.parse({
    ...rules,
    windowRules: rules.windowRules.map((r) => ({ ...r, pendingSeconds })),
  });
/** Seeded histories, each under rules that raise at once and under rules that wait 90 s. */
const HISTORIES = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => [
  [seed, 0],
  [seed, 90],
]);

const T = Date.parse('2026-11-22T08:00:00+08:00');
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

/** A seeded generator (mulberry32): the same "random" history on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Eight hours of reports in three villages and two categories, in bursts; most arrive within
 * seconds, some from an offline queue minutes later, some in a backfill hours later. Ids follow
 * arrival, as ingest's time-ordered ids do.
 */
function history(seed: number): Report[] {
  const rand = random(seed);
  const drafts: Array<Omit<Report, 'id'>> = [];
  for (let burst = 0; burst < 14; burst++) {
    const start = T + Math.floor(rand() * 8 * HOUR);
    const regionCode = VILLAGES[Math.floor(rand() * VILLAGES.length)] as string;
    const category = rand() < 0.7 ? 'infrastructure' : 'livelihood';
    const size = 3 + Math.floor(rand() * 12);
    for (let i = 0; i < size; i++) {
      const occurredAt = start + Math.floor(rand() * 40 * MIN);
      const r = rand();
      const delay = r < 0.7 ? rand() * 30 * SEC : r < 0.9 ? rand() * 20 * MIN : rand() * 3 * HOUR;
      const violent = rand() < 0.02;
      const base = storedReport({ id: 'x', occurredAt, regionCode, category });
      drafts.push({
        ...base,
        receivedAt: occurredAt + Math.floor(delay),
        ...(violent ? { level: 'red' as const, ruleId: 'red-violence', text: '有人持刀' } : {}),
      });
    }
  }
  drafts.sort((a, b) => a.receivedAt - b.receivedAt);
  return drafts.map((d, i) => ({ ...d, id: `r${String(i).padStart(5, '0')}` }));
}

const readerOf = (reports: readonly Report[], upTo = Infinity): ReportReader => ({
  since: (from) =>
    Promise.resolve(reports.filter((r) => r.occurredAt >= from && r.receivedAt <= upTo)),
});

/** The live engine: reports published as they arrive, time looked at every `lookEveryMs`. */
function live(reports: readonly Report[], lookEveryMs: number, until: number, rules = rulesWith()) {
  const bus = new EventBus();
  let now = T;
  const engine = new SentimentEngine({ regions: tree, rules, bus, clock: () => now });
  const events: string[] = [];
  for (const name of ['alert.raised', 'alert.updated', 'alert.cleared'] as const) {
    bus.on(name, (a: Alert) => events.push(`${name} ${a.id} ${a.level} ${a.updatedAt}`));
  }
  let looked = T;
  const lookUntil = (t: number) => {
    for (; looked + lookEveryMs <= t; looked += lookEveryMs) {
      now = looked + lookEveryMs;
      engine.tick(now);
    }
  };
  for (const report of reports) {
    lookUntil(report.receivedAt);
    now = report.receivedAt + 4; // published once the store has it on disk, a few ms later
    engine.observe(report);
  }
  lookUntil(until);
  now = until;
  engine.tick(now);
  return { engine, events, bus };
}

async function replayed(reports: readonly Report[], now: number, rules = rulesWith()) {
  const bus = new EventBus();
  const engine = new SentimentEngine({ regions: tree, rules, bus, clock: () => now });
  const announced: string[] = [];
  bus.on('alert.raised', (a: Alert) => announced.push(a.id));
  await engine.warmUp(readerOf(reports, now), now);
  return { engine, announced, bus };
}

describe('a replay retraces the live engine', () => {
  it.each(HISTORIES)(
    'history %i (pending %i s): the same alerts under the same ids, however late reports came and however often time was looked at',
    async (seed, pendingSeconds) => {
      const rules = withPending(pendingSeconds);
      const reports = history(seed);
      const end = T + 12 * HOUR;
      const dense = live(reports, 5 * SEC, end, rules);
      const sparse = live(reports, 40 * MIN, end, rules);
      // The same events, to the id and the millisecond, whatever the tick.
      expect(sparse.events).toEqual(dense.events);
      expect(dense.events.some((e) => e.startsWith('alert.raised'))).toBe(true);

      // Restart at any moment: the replay of what was stored by then lands on the live state.
      for (const cut of [2, 4, 6, 8, 10, 12].map((h) => T + h * HOUR)) {
        const stored = reports.filter((r) => r.receivedAt <= cut);
        const then = live(stored, 5 * SEC, cut, rules);
        const again = await replayed(reports, cut, rules);
        expect(again.engine.activeAlerts()).toEqual(then.engine.activeAlerts());
        // (A region calm all along is calm "since" the engine started: that may differ.)
        const levels = (e: SentimentEngine) =>
          e
            .levelViews(cut)
            .map(({ since, ...l }) => ({ ...l, since: l.level === 'none' ? 0 : since }));
        expect(levels(again.engine)).toEqual(levels(then.engine));
        expect(again.announced).toEqual([]); // a restart restores; it announces nothing
      }
    },
  );

  it('a rules save with the same rules announces nothing, and changed rules only what changed', async () => {
    const end = T + 8 * HOUR;
    const reports = history(7).filter((r) => r.receivedAt <= end);
    const { engine, bus } = live(reports, 5 * SEC, end);
    const seen: string[] = [];
    for (const name of ['alert.raised', 'alert.updated', 'alert.cleared'] as const) {
      bus.on(name, (a: Alert) => seen.push(`${name} ${a.regionCode} ${a.level}`));
    }
    const before = engine.activeAlerts();
    await engine.warmUp(readerOf(reports), end, RulesFile.parse(JSON.parse(JSON.stringify(rules))));
    expect(seen).toEqual([]);
    expect(engine.activeAlerts()).toEqual(before);
  });
});

describe('old reports stay old', () => {
  const now = T + 24 * HOUR; // the next morning
  /** n same-category reports in a village, occurring a minute apart from `from`. */
  const surge = (from: number, n: number, receivedAt?: number, regionCode: string = V1) =>
    Array.from({ length: n }, (_, i) => {
      const occurredAt = from + i * MIN;
      return storedReport({
        id: `s${from}-${regionCode}-${String(i).padStart(3, '0')}`,
        occurredAt,
        receivedAt: receivedAt ?? occurredAt,
        regionCode,
        category: 'infrastructure',
      });
    });

  it('a backfill of yesterday raises nothing live, on a rules save, or on a restart', async () => {
    // Yesterday 09:00 a real surge in V2 (live), this morning a CSV import of yesterday's V1.
    const yesterday = surge(T + HOUR, 12, undefined, V2);
    const backfill = surge(T + 2 * HOUR, 12, now - 10 * SEC);
    const reports = [...yesterday, ...backfill];
    const bus = new EventBus();
    let clock = T;
    const engine = new SentimentEngine({ regions: tree, rules, bus, clock: () => clock });
    const seen: string[] = [];
    for (const name of ['alert.raised', 'alert.updated', 'alert.cleared'] as const) {
      bus.on(name, (a: Alert) => seen.push(`${name} ${a.regionCode} ${a.level}`));
    }
    for (const r of reports) {
      clock = r.receivedAt;
      engine.observe(r);
      if (r === yesterday.at(-1)) engine.tick(T + 6 * HOUR); // the evening's sweep
    }
    expect(seen).toEqual([
      `alert.raised ${V2} blue`,
      `alert.updated ${V2} orange`,
      `alert.cleared ${V2} orange`,
    ]);
    expect(engine.activeAlerts()).toEqual([]);

    seen.length = 0;
    clock = now;
    await engine.warmUp(readerOf(reports), now, rulesWith(4)); // a rules save
    expect(seen).toEqual([]);
    expect(engine.activeAlerts()).toEqual([]);
    const restart = await replayed(reports, now);
    expect(restart.engine.activeAlerts()).toEqual([]);
    expect(restart.engine.levelViews(now).every((l) => l.level === 'none')).toBe(true);
  });

  it('a surge uploaded late but still within the hour is placed in time and raised at once', async () => {
    // Five reports from 50 to 46 minutes ago come in now from a grid worker's phone.
    const late = surge(now - 50 * MIN, 5, now);
    const bus = new EventBus();
    const engine = new SentimentEngine({ regions: tree, rules, bus, clock: () => now });
    const raised: Alert[] = [];
    bus.on('alert.raised', (a: Alert) => raised.push(a));
    for (const r of late) engine.observe(r);
    expect(raised.map((a) => [a.regionCode, a.level, a.raisedAt])).toEqual([
      [V1, 'blue', now - 46 * MIN],
    ]);
    const restart = await replayed(late, now + MIN);
    expect(restart.engine.activeAlerts().map((a) => a.id)).toEqual([raised[0]?.id]);
  });

  it('a rules save that raises a level announces the alert as updated, under its id', async () => {
    const reports = surge(now - 20 * MIN, 8);
    const { engine, bus } = await replayed(reports, now);
    const [blue] = engine.activeAlerts();
    expect(blue?.level).toBe('blue');
    const seen: Array<[string, string, string]> = [];
    for (const name of ['alert.raised', 'alert.updated', 'alert.cleared'] as const) {
      bus.on(name, (a: Alert) => seen.push([name, a.id, a.level]));
    }
    const tighter = RulesFile.parse({
      ...rules,
      windowRules: rules.windowRules.map((r) => ({
        ...r,
        thresholds: [
          { level: 'blue', raiseAt: 5, clearBelow: 3 },
          { level: 'orange', raiseAt: 8, clearBelow: 6 },
        ],
      })),
    });
    await engine.warmUp(readerOf(reports), now, tighter);
    expect(seen).toEqual([['alert.updated', blue?.id, 'orange']]);
  });
});
