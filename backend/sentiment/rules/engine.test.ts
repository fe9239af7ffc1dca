import { describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { Judgement, RulesFile } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { RegionTree } from '../../regions/tree.js';
import { RuleEngine } from './engine.js';

const VILLAGE = '611025101202';
const tree = new RegionTree([
  { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
  { code: '611025101', name: '回龙镇', kind: 'town', parentCode: '611025' },
  { code: VILLAGE, name: '枣园村', kind: 'village', parentCode: '611025101' },
  { code: '611025101202001', name: '第一组', kind: 'group', parentCode: VILLAGE },
  { code: '611025101210', name: '宏丰村', kind: 'village', parentCode: '611025101' },
]);

const T = Date.parse('2026-11-22T09:30:00+08:00');
const MIN = 60_000;

const surge = {
  id: 'village-surge',
  description: '村诉求集中',
  regionKind: 'village',
  category: '*',
  windowMinutes: 60,
  thresholds: [
    { level: 'blue', raiseAt: 3, clearBelow: 2 },
    { level: 'orange', raiseAt: 5, clearBelow: 4 },
  ],
  clearAfterMinutes: 15,
};

function engine(file: Record<string, unknown>): RuleEngine {
  return new RuleEngine(RulesFile.parse({ version: 1, ...file }), tree);
}

let seq = 0;
const report = (minute: number, o: Partial<Report> = {}): Report =>
  storedReport({ id: `r${++seq}`, occurredAt: T + minute * MIN, ...o });

/** Observe each report as it arrives (now = its time); all signals in order. */
function feed(e: RuleEngine, reports: Report[]) {
  return reports.flatMap((r) => e.observe(r, r.occurredAt));
}

describe('RuleEngine.classify', () => {
  const e = engine({
    reportRules: [
      { id: 'orange-water', description: '停水', level: 'orange', keywords: ['停水'] },
      { id: 'red-violence', description: '暴力事件', level: 'red', keywords: ['持刀'] },
    ],
  });

  it('answers the most severe matching per-report rule, or null', () => {
    const hit = e.classify({ text: '停水三天，有人持刀闹事', category: 'dispute', source: 'app' });
    expect(hit).toMatchObject({ level: 'red', keyword: '持刀', rule: { id: 'red-violence' } });
    expect(e.classify({ text: '村里停水了', category: 'livelihood', source: 'app' })?.level).toBe(
      'orange',
    );
    expect(e.classify({ text: '感谢网格员', category: 'other', source: 'app' })).toBeNull();
  });
});

describe('per-report holds', () => {
  const rules = {
    reportRules: [{ id: 'red-violence', description: '暴力事件', level: 'red', holdMinutes: 60 }],
  };
  const violent = (minute: number) =>
    report(minute, { level: 'red', ruleId: 'red-violence', text: '有人持刀威胁村干部' });

  it('holds the report level on its region and releases it after holdMinutes', () => {
    const e = engine(rules);
    const first = violent(0);
    const [raised, ...rest] = e.observe(first, T + 2 * MIN);
    expect(rest).toEqual([]);
    expect(raised).toMatchObject({ regionCode: VILLAGE, ruleKey: 'red-violence', level: 'red' });
    expect(raised?.at).toBe(T); // the report's time, not the time it was observed
    expect(raised?.explanation).toMatchObject({ value: 1, evidence: [first.id] });
    expect(raised?.explanation.reason).toBe('单条诉求触发「暴力事件」：有人持刀威胁村干部');

    const second = violent(30); // extends the hold to T+90, no second signal
    expect(e.observe(second, T + 30 * MIN)).toEqual([]);
    expect(e.tick(T + 89 * MIN)).toEqual([]);
    const [cleared] = e.tick(T + 90 * MIN);
    expect(cleared).toMatchObject({ regionCode: VILLAGE, level: 'none', at: T + 90 * MIN });
    expect(cleared?.explanation.evidence).toEqual([second.id, first.id]);
    expect(cleared?.explanation.reason).toBe('已解除：此后60分钟内无同类诉求');
  });

  it('ignores a hold that has already expired, an unknown rule id, and level none', () => {
    const e = engine(rules);
    expect(e.observe(violent(0), T + 61 * MIN)).toEqual([]);
    expect(e.observe(report(0, { level: 'red', ruleId: 'no-such-rule' }), T)).toEqual([]);
    expect(e.observe(report(0, { level: 'none', ruleId: 'red-violence' }), T)).toEqual([]);
    expect(e.tick(T + 200 * MIN)).toEqual([]);
  });

  it('holds a judged orange report for the rules file’s judgedReports time, saying why', () => {
    const e = engine({ judgedReports: { orange: { holdMinutes: 30 }, red: { holdMinutes: 90 } } });
    const judgement = Judgement.parse({
      ...{ colour: 'orange', category: 'infrastructure', confidence: 0.8, signals: [] },
      ...{ explanation: '危及学生安全', model: 'test' },
    });
    const text = '学校围墙倾斜';
    const [raised] = e.observe(
      report(0, { level: 'orange', ruleId: 'judged-orange', text, judgement }),
      T,
    );
    expect(raised).toMatchObject({ ruleKey: 'judged-orange', level: 'orange' });
    expect(raised?.explanation.reason).toBe(
      '单条诉求触发「研判为橙色」（危及学生安全）：学校围墙倾斜',
    );
    expect(e.observe(report(0, { level: 'blue', ruleId: 'judged-blue' }), T)).toEqual([]);
    expect(e.tick(T + 29 * MIN)).toEqual([]);
    const [cleared] = e.tick(T + 30 * MIN);
    expect(cleared?.explanation.reason).toBe('已解除：此后30分钟内无同类诉求');
  });
});

describe('window rules', () => {
  it('raises at raiseAt, counting the subtree, stamped with the triggering report', () => {
    const e = engine({ windowRules: [surge] });
    const reports = [
      report(0),
      report(1, { regionCode: '611025101202001' }), // a group of the village
      report(1, { regionCode: '611025101210' }), // another village: not counted
      report(2),
    ];
    const signals = feed(e, reports);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({
      regionCode: VILLAGE,
      ruleId: 'village-surge',
      ruleKey: 'village-surge',
      level: 'blue',
      at: T + 2 * MIN,
    });
    expect(signals[0]?.explanation).toEqual({
      ruleId: 'village-surge',
      reason: '枣园村60分钟内诉求3条，达到蓝色阈值3条',
      windowMinutes: 60,
      value: 3,
      threshold: 3,
      evidence: [reports[3]?.id, reports[1]?.id, reports[0]?.id],
    });
  });

  it('steps up, then clears only after clearAfterMinutes below clearBelow', () => {
    const e = engine({ windowRules: [surge] });
    const levels = feed(
      e,
      [0, 1, 2, 3, 4].map((m) => report(m)),
    ).map((s) => s.level);
    expect(levels).toEqual(['blue', 'orange']);
    expect(e.tick(T + 60 * MIN)).toEqual([]); // still 5 in the window
    expect(e.tick(T + 62 * MIN)).toEqual([]); // 3 left: below 4 since now
    // Below since T+61 min+1 ms (the report at T+1 left the window); 15 minutes later it clears,
    // stamped at that exact moment whichever tick notices it.
    expect(e.tick(T + 76 * MIN)).toEqual([]);
    const [down] = e.tick(T + 77 * MIN);
    expect(down).toMatchObject({ level: 'none', at: T + 76 * MIN + 1 });
    expect(down?.explanation).toMatchObject({ value: 0, threshold: 4, evidence: [] });
    expect(down?.explanation.reason).toBe('已解除：枣园村60分钟内诉求0条，低于4条已持续15分钟');
    expect(e.tick(T + 200 * MIN)).toEqual([]);
  });

  it('does not flap between clearBelow and raiseAt', () => {
    const e = engine({ windowRules: [surge] });
    feed(
      e,
      [0, 50, 51].map((m) => report(m)),
    );
    // At T+61 two reports remain: below raiseAt, not below clearBelow.
    expect(e.tick(T + 61 * MIN)).toEqual([]);
    expect(e.tick(T + 100 * MIN)).toEqual([]);
    expect(e.tick(T + 111 * MIN)).toEqual([]); // one left: below clearBelow from now on
    expect(e.tick(T + 125 * MIN)).toEqual([]);
    expect(e.tick(T + 126 * MIN)).toMatchObject([{ level: 'none', at: T + 125 * MIN + 1 }]);
  });

  it('waits out pendingSeconds before raising, on a tick', () => {
    const e = engine({ windowRules: [{ ...surge, pendingSeconds: 120 }] });
    expect(
      feed(
        e,
        [0, 1, 2].map((m) => report(m)),
      ),
    ).toEqual([]);
    expect(e.tick(T + 3 * MIN + 59_999)).toEqual([]);
    expect(e.tick(T + 4 * MIN)).toMatchObject([{ level: 'blue', at: T + 4 * MIN }]);
  });

  it('counts per category when perCategory, with a ruleKey per category', () => {
    const e = engine({ windowRules: [{ ...surge, id: 'village-category', perCategory: true }] });
    const signals = feed(e, [
      report(0, { category: 'dispute' }),
      report(1, { category: 'livelihood' }),
      report(2, { category: 'dispute' }),
      report(3, { category: 'livelihood' }),
      report(4, { category: 'dispute' }),
    ]);
    expect(signals.map((s) => [s.ruleKey, s.level])).toEqual([
      ['village-category/dispute', 'blue'],
    ]);
    expect(signals[0]?.explanation.reason).toBe('枣园村60分钟内矛盾调处类诉求3条，达到蓝色阈值3条');
  });

  it('counts only its category on a town, across the villages', () => {
    const e = engine({
      windowRules: [{ ...surge, id: 'town-dispute', regionKind: 'town', category: 'dispute' }],
    });
    const signals = feed(e, [
      report(0, { category: 'dispute' }),
      report(1, { category: 'livelihood' }),
      report(2, { category: 'dispute', regionCode: '611025101210' }),
      report(3, { category: 'livelihood' }),
      report(4, { category: 'dispute', regionCode: '611025101202001' }),
    ]);
    expect(signals.map((s) => [s.regionCode, s.ruleKey, s.level, s.at])).toEqual([
      ['611025101', 'town-dispute', 'blue', T + 4 * MIN],
    ]);
  });

  it('repeatsOnly counts only reports linked to an earlier one', () => {
    const e = engine({
      windowRules: [
        surge,
        {
          ...surge,
          id: 'repeats',
          repeatsOnly: true,
          windowMinutes: 1440,
          thresholds: [{ level: 'blue', raiseAt: 2, clearBelow: 1 }],
        },
      ],
    });
    const signals = feed(e, [
      report(0),
      report(1, { repeatOf: 'r-old' }),
      report(2),
      report(3, { repeatOf: 'r-old' }),
    ]);
    expect(signals.map((s) => [s.ruleKey, s.level, s.explanation.value])).toEqual([
      ['village-surge', 'blue', 3],
      ['repeats', 'blue', 2],
    ]);
    // Hours later the 60 min surge has cleared (at the moment it did, whichever tick notices);
    // the 24 h repeats window still holds two reports.
    expect(e.tick(T + 180 * MIN).map((s) => [s.ruleKey, s.level, s.at])).toEqual([
      ['village-surge', 'none', T + 77 * MIN + 1],
    ]);
    expect(e.tick(T + 195 * MIN)).toEqual([]);
  });

  it('counts late reports at their own time; an unknown region counts nowhere', () => {
    const e = engine({ windowRules: [surge] });
    const stray = [0, 1, 2].map((m) => report(m, { regionCode: '611025101999' }));
    expect(feed(e, stray)).toEqual([]);
    const now = T + 30 * MIN;
    const late = [report(-40), report(0), report(1)]; // the first is older than the window
    expect(late.flatMap((r) => e.observe(r, now))).toEqual([]);
    const [raised] = e.observe(report(30), now);
    expect(raised).toMatchObject({ level: 'blue', at: now, explanation: { value: 3 } });
    expect(raised?.explanation.evidence).toHaveLength(3);
    expect(raised?.explanation.evidence).not.toContain(late[0]?.id);
  });
});
