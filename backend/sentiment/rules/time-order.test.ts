import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { RulesFile } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { RegionTree } from '../../regions/tree.js';
import { RuleEngine } from './engine.js';
import type { RuleSignal } from './signal.js';
import { SlidingWindow } from './sliding-window.js';

const VILLAGE = '611025101202';
const tree = new RegionTree([
  { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
  { code: '611025101', name: '回龙镇', kind: 'town', parentCode: '611025' },
  { code: VILLAGE, name: '枣园村', kind: 'village', parentCode: '611025101' },
]);

const T = Date.parse('2026-11-22T09:30:00+08:00');
const SEC = 1000;
const MIN = 60 * SEC;

const surge = {
  id: 'village-surge',
  description: '村诉求集中',
  regionKind: 'village',
  category: '*',
  windowMinutes: 60,
  thresholds: [
    { level: 'blue', raiseAt: 5, clearBelow: 3 },
    { level: 'orange', raiseAt: 10, clearBelow: 6 },
  ],
  clearAfterMinutes: 15,
};

function engine(rule: Record<string, unknown> = surge): RuleEngine {
  return new RuleEngine(RulesFile.parse({ version: 1, windowRules: [rule] }), tree);
}

let seq = 0;
/** A report that occurred `minute` minutes after T. */
const at = (minute: number, o: Partial<Report> = {}): Report =>
  storedReport({ id: `r${++seq}`, occurredAt: T + minute * MIN, ...o });

const brief = (signals: RuleSignal[]) => signals.map((s) => [s.level, s.at]);

describe('SlidingWindow moments', () => {
  it('finds the n-th report since a time and the n-th newest, in time order', () => {
    const w = new SlidingWindow();
    for (const t of [50, 10, 40, 20, 30]) w.add(t, `r${t}`);
    expect(w.nthSince(15, 1)).toBe(20);
    expect(w.nthSince(15, 4)).toBe(50);
    expect(w.nthSince(15, 5)).toBeUndefined();
    expect(w.nthSince(15, 0)).toBeUndefined();
    expect(w.nthNewest(1)).toBe(50);
    expect(w.nthNewest(5)).toBe(10);
    expect(w.nthNewest(6)).toBeUndefined();
    w.prune(25);
    expect(w.nthNewest(3)).toBe(30);
    expect(w.nthNewest(4)).toBeUndefined();
  });
});

describe('RuleEngine: signals placed by the reports’ own times', () => {
  // Five reports that occurred 1 to 5 minutes before T + 10, arriving in different orders.
  const orders = {
    'oldest first': [5, 4, 3, 2, 1],
    'newest first': [1, 2, 3, 4, 5],
    shuffled: [3, 1, 5, 2, 4],
  };

  it.each(Object.entries(orders))(
    'raises at the fifth report in time, whatever the arrival order (%s)',
    (_name, minutesAgo) => {
      const now = T + 10 * MIN;
      const e = engine();
      const reports = minutesAgo.map((m) => at(10 - m));
      const signals = reports.flatMap((r, i) => e.observe(r, now + i * SEC));
      expect(brief(signals)).toEqual([['blue', T + 9 * MIN]]);
      expect(signals[0]?.explanation).toMatchObject({ value: 5, threshold: 5 });
    },
  );

  it('places a surge uploaded late where it happened, and clears it by the same clock', () => {
    const e = engine();
    const now = T + 60 * MIN;
    // Reports from T+6..T+10, uploaded at T+60 from a grid worker's offline queue.
    const raised = [6, 7, 8, 9, 10].flatMap((m) => e.observe(at(m), now));
    expect(brief(raised)).toEqual([['blue', T + 10 * MIN]]);
    // Below 3 from the moment T+8 leaves the 60 min window; cleared 15 minutes after that.
    const below = T + 68 * MIN + 1;
    expect(e.tick(below + 15 * MIN - 1)).toEqual([]);
    expect(brief(e.tick(below + 15 * MIN))).toEqual([['none', below + 15 * MIN]]);
  });

  it('a report older than the window counts for nothing now', () => {
    const e = engine();
    const now = T + 120 * MIN;
    const signals = [
      e.observe(at(50), now), // 70 minutes old on arrival
      ...[117, 118, 119, 120].map((m) => e.observe(at(m), now)),
    ].flat();
    expect(signals).toEqual([]);
  });

  it('gives the same signals whether time is looked at every 5 s or once an hour', () => {
    const minutes = [0, 1, 2, 3, 4, 20, 21, 22, 23, 24, 25, 26, 30, 95, 96, 97, 98, 99];
    const run = (lookEveryMs: number) => {
      const e = engine();
      const signals: RuleSignal[] = [];
      let looked = T;
      for (const r of minutes.map((m) => at(m))) {
        for (; looked + lookEveryMs <= r.occurredAt; looked += lookEveryMs) {
          signals.push(...e.tick(looked + lookEveryMs));
        }
        signals.push(...e.observe(r, r.occurredAt));
      }
      signals.push(...e.tick(T + 300 * MIN));
      return signals.map((s) => [s.level, s.at, s.explanation.value]);
    };
    const dense = run(5 * SEC);
    expect(dense).toEqual(run(60 * MIN));
    expect(dense).toEqual(run(7 * 60 * MIN));
    expect(dense).toEqual([
      ['blue', T + 4 * MIN, 5],
      ['orange', T + 24 * MIN, 10],
      // Below 6 from T+82 (T+22 leaves); 15 minutes on, T+95..97 still hold blue's 3.
      ['blue', T + 97 * MIN + 1, 3],
      // Below 3 from T+157 (T+97 leaves): cleared 15 minutes on.
      ['none', T + 172 * MIN + 1, 0],
    ]);
  });

  it('what fell due before a report happens before it: a clear, then a fresh raise', () => {
    const e = engine();
    [0, 1, 2, 3, 4].forEach((m) => e.observe(at(m), T + m * MIN));
    // Nobody looked since T+4. At T+100 the surge is long over (cleared at T+77:00.001); five new
    // reports are a new surge, not the old one carried on.
    const later = [96, 97, 98, 99, 100].flatMap((m) => e.observe(at(m), T + m * MIN));
    expect(brief(later)).toEqual([
      ['none', T + 77 * MIN + 1],
      ['blue', T + 100 * MIN],
    ]);
  });

  it('waits out pendingSeconds from the moment the count reached the threshold', () => {
    const e = engine({ ...surge, pendingSeconds: 120 });
    const now = T + 10 * MIN;
    // Reached 5 at T+5 (in time): by T+10 it has held for 5 minutes, more than the 2 pending.
    const late = [1, 2, 3, 4, 5].flatMap((m) => e.observe(at(m), now));
    expect(brief(late)).toEqual([['blue', T + 7 * MIN]]);

    const live = engine({ ...surge, pendingSeconds: 120 });
    expect([20, 21, 22, 23, 24].flatMap((m) => live.observe(at(m), T + m * MIN))).toEqual([]);
    // Matures at T+26 exactly, however late the tick that finds it.
    expect(brief(live.tick(T + 40 * MIN))).toEqual([['blue', T + 26 * MIN]]);
  });

  it('a pending level that falls back before it matures is forgotten', () => {
    const e = engine({ ...surge, windowMinutes: 3, pendingSeconds: 120 });
    [0, 0.5, 1, 1.5, 2].forEach((m) => e.observe(at(m), T + m * MIN));
    // The report at T+0 leaves the 3 min window at T+3:00.001, before maturity at T+4.
    expect(e.tick(T + 10 * MIN)).toEqual([]);
  });
});
