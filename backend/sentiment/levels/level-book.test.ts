import { describe, expect, it } from 'vitest';
import type { Level } from '#contracts';
import { RulesFile } from '#contracts';
import { RegionTree } from '../../regions/tree.js';
import type { RuleSignal } from '../rules/signal.js';
import { LevelBook } from './level-book.js';

const COUNTY = '611025';
const TOWN = '611025101';
const [V1, V2, V3] = ['611025101202', '611025101210', '611025101203'] as const;
const GROUP = '611025101202001';
const tree = new RegionTree([
  { code: COUNTY, name: '镇安县', kind: 'county', parentCode: null },
  { code: TOWN, name: '回龙镇', kind: 'town', parentCode: COUNTY },
  { code: V1, name: '枣园村', kind: 'village', parentCode: TOWN },
  { code: GROUP, name: '第一组', kind: 'group', parentCode: V1 },
  { code: V2, name: '宏丰村', kind: 'village', parentCode: TOWN },
  { code: V3, name: '金台村', kind: 'village', parentCode: TOWN },
  { code: '611025102', name: '米粮镇', kind: 'town', parentCode: COUNTY },
]);

const T = Date.parse('2026-11-22T09:30:00+08:00');
const MIN = 60_000;

function signal(regionCode: string, level: Level, ruleKey = 'surge', at = T): RuleSignal {
  return {
    regionCode,
    ruleId: ruleKey,
    ruleKey,
    level,
    explanation: {
      ruleId: ruleKey,
      reason: `${ruleKey}@${regionCode}`,
      windowMinutes: 60,
      value: 5,
      threshold: 5,
      evidence: [`report-of-${regionCode}`],
    },
    at,
  };
}

const childrenRules = (level: Level, atLeast = 3) =>
  RulesFile.parse({
    version: 1,
    childrenRules: [
      {
        id: 'town-villages-orange',
        description: '一个镇3个及以上村为橙色',
        regionKind: 'town',
        childLevel: 'orange',
        atLeast,
        level,
      },
    ],
  }).childrenRules;

const summary = (changes: Array<{ regionCode: string; previous: Level; level: Level }>) =>
  changes.map((c) => `${c.regionCode}:${c.previous}>${c.level}`);

describe('LevelBook', () => {
  it('a region with no signal is none and sunny since the start; unknown codes are refused', () => {
    const book = new LevelBook(tree, [], T);
    expect(book.level(TOWN)).toBe('none');
    expect(book.view(TOWN, 12)).toEqual({
      regionCode: TOWN,
      level: 'none',
      weather: 'sunny',
      index: 12,
      explanation: null,
      since: T,
    });
    expect(book.view('611025109999', 0)).toBeUndefined();
    expect(book.level('611025109999')).toBe('none');
    expect(book.apply(signal('611025109999', 'red'))).toEqual({ changes: [], derived: [] });
  });

  it('rolls a group level up to its village, town and county, and back down', () => {
    const book = new LevelBook(tree, [], T);
    const up = book.apply(signal(GROUP, 'red', 'red-violence', T + MIN));
    expect(summary(up.changes)).toEqual([
      `${GROUP}:none>red`,
      `${V1}:none>red`,
      `${TOWN}:none>red`,
      `${COUNTY}:none>red`,
    ]);
    expect(up.changes[0]).toMatchObject({ weather: 'storm', ruleId: 'red-violence', at: T + MIN });
    expect(up.changes.slice(1).map((c) => [c.ruleId, c.reason])).toEqual([
      ['rollup', '下辖第一组为红色'],
      ['rollup', '下辖枣园村为红色'],
      ['rollup', '下辖回龙镇为红色'],
    ]);
    expect(book.view(COUNTY, 0)?.explanation?.evidence).toEqual([`report-of-${GROUP}`]);
    expect(book.view(TOWN, 0)?.since).toBe(T + MIN);
    expect(book.level('611025102')).toBe('none');

    const down = book.apply(signal(GROUP, 'none', 'red-violence', T + 9 * MIN));
    expect(summary(down.changes)).toEqual([
      `${GROUP}:red>none`,
      `${V1}:red>none`,
      `${TOWN}:red>none`,
      `${COUNTY}:red>none`,
    ]);
    expect(down.changes[3]).toMatchObject({
      weather: 'sunny',
      ruleId: null,
      reason: '恢复平稳',
      explanation: null,
    });
    expect(book.view(V1, 0)?.since).toBe(T + 9 * MIN);
  });

  it('a parent is as severe as its worst child and stops walking up when unchanged', () => {
    const book = new LevelBook(tree, [], T);
    book.apply(signal(V1, 'orange'));
    const second = book.apply(signal(V2, 'blue'));
    expect(summary(second.changes)).toEqual([`${V2}:none>blue`]);
    const third = book.apply(signal(V3, 'orange'));
    expect(summary(third.changes)).toEqual([`${V3}:none>orange`]);
    expect(book.view(TOWN, 0)?.explanation?.reason).toBe('下辖枣园村等2处为橙色');
    expect(book.level(COUNTY)).toBe('orange');
  });

  it('takes the most severe of a region’s rules and falls back when one clears', () => {
    const book = new LevelBook(tree, [], T);
    book.apply(signal(V1, 'blue', 'surge'));
    expect(summary(book.apply(signal(V1, 'red', 'violence')).changes)).toEqual([
      `${V1}:blue>red`,
      `${TOWN}:blue>red`,
      `${COUNTY}:blue>red`,
    ]);
    const back = book.apply(signal(V1, 'none', 'violence', T + MIN));
    expect(back.changes[0]).toMatchObject({
      level: 'blue',
      ruleId: 'surge',
      reason: 'surge@' + V1,
    });
    // A village's own blue stays under its group's red, and shows again when the group clears.
    book.apply(signal(GROUP, 'red', 'violence'));
    expect(book.level(V1)).toBe('red');
    book.apply(signal(GROUP, 'none', 'violence'));
    expect(book.view(V1, 0)).toMatchObject({ level: 'blue', explanation: { ruleId: 'surge' } });
    expect(book.level(TOWN)).toBe('blue');
  });

  it('a children rule turns a town red when three villages are orange, and clears', () => {
    const book = new LevelBook(tree, childrenRules('red'), T);
    book.apply(signal(V1, 'orange'));
    expect(book.apply(signal(V2, 'orange')).derived).toEqual([]);
    expect(book.level(TOWN)).toBe('orange');

    const third = book.apply(signal(V3, 'orange', 'surge', T + 5 * MIN));
    expect(summary(third.changes)).toEqual([
      `${V3}:none>orange`,
      `${TOWN}:orange>red`,
      `${COUNTY}:orange>red`,
    ]);
    expect(third.derived).toEqual([
      {
        regionCode: TOWN,
        ruleId: 'town-villages-orange',
        ruleKey: 'town-villages-orange',
        level: 'red',
        explanation: {
          ruleId: 'town-villages-orange',
          reason: '回龙镇下辖3个村（社区）为橙色及以上：枣园村、宏丰村、金台村',
          windowMinutes: null,
          value: 3,
          threshold: 3,
          evidence: [V1, V2, V3],
        },
        at: T + 5 * MIN,
      },
    ]);

    const clear = book.apply(signal(V2, 'none', 'surge', T + 9 * MIN));
    expect(summary(clear.changes)).toEqual([
      `${V2}:orange>none`,
      `${TOWN}:red>orange`,
      `${COUNTY}:red>orange`,
    ]);
    expect(clear.derived).toMatchObject([
      { regionCode: TOWN, level: 'none', explanation: { value: 2, evidence: [V1, V3] } },
    ]);
    expect(clear.derived[0]?.explanation.reason).toBe('已解除：回龙镇橙色及以上的下级降至2个');
    expect(book.view(TOWN, 0)?.explanation?.reason).toBe('下辖枣园村等2处为橙色');
  });

  it('a children rule at the rolled-up level takes over the explanation (shipped rule)', () => {
    const book = new LevelBook(tree, childrenRules('orange'), T);
    for (const v of [V1, V2]) book.apply(signal(v, 'orange'));
    const third = book.apply(signal(V3, 'red'));
    expect(third.derived.map((d) => [d.regionCode, d.level, d.explanation.value])).toEqual([
      [TOWN, 'orange', 3],
    ]);
    // The town follows its red village; its own rule holds orange underneath.
    expect(book.level(TOWN)).toBe('red');
    book.apply(signal(V3, 'orange'));
    expect(book.view(TOWN, 0)).toMatchObject({
      level: 'orange',
      explanation: { ruleId: 'town-villages-orange', value: 3 },
    });
  });
});
