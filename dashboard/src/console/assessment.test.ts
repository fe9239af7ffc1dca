import { describe, expect, it } from 'vitest';
import type { Assessment, AssessmentRow } from '#contracts/assessment';
import { Assessment as AssessmentSchema, AssessmentQuery } from '#contracts/assessment';
import { parseCountyLocal } from '#contracts/county-time';
import {
  DEFAULT_SORT,
  assessmentQuery,
  chineseMessage,
  choiceOf,
  formatRate,
  fractionOf,
  monthRange,
  nextSort,
  presetOf,
  sortRows,
  tableLines,
} from './assessment.js';

function row(code: string, name: string, extra: Partial<AssessmentRow> = {}): AssessmentRow {
  const kind = code.length === 6 ? 'county' : code.length === 9 ? 'town' : 'village';
  return {
    regionCode: code,
    kind,
    name,
    place: name,
    townCode: kind === 'county' ? null : code.slice(0, 9),
    orders: 0,
    closed: 0,
    closureRate: null,
    signDue: 0,
    signOnTime: 0,
    signOnTimeRate: null,
    answerDue: 0,
    answerOnTime: 0,
    answerOnTimeRate: null,
    visited: 0,
    satisfied: 0,
    basic: 0,
    unsatisfied: 0,
    satisfactionRate: null,
    reopened: 0,
    reopenRate: null,
    overdueNow: 0,
    ...extra,
  };
}

function assessment(total: AssessmentRow, towns: AssessmentRow[], villages: AssessmentRow[]) {
  const a: Assessment = {
    from: '2026-11-01',
    to: '2026-11-30',
    fromAt: 0,
    toAt: 1,
    generatedAt: 1,
    regionCode: total.regionCode,
    total,
    towns,
    villages,
  };
  return AssessmentSchema.parse(a);
}

describe('考核 periods (county time)', () => {
  it('this month and last month by the county calendar, whatever the instant', () => {
    // 2026-12-01 00:30 in the county is still 11-30 in UTC.
    const now = parseCountyLocal(2026, 12, 1, 0, 30);
    expect(monthRange(now)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange(now, -1)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    const january = parseCountyLocal(2027, 1, 15);
    expect(monthRange(january, -1)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange(parseCountyLocal(2028, 3, 1), -1)).toEqual({
      from: '2028-02-01',
      to: '2028-02-29',
    });
  });

  it('names the preset of a period and reads the one kept in the address', () => {
    const now = parseCountyLocal(2026, 11, 22, 9);
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, now)).toBe('this');
    expect(presetOf({ from: '2026-10-01', to: '2026-10-31' }, now)).toBe('last');
    expect(presetOf({ from: '2026-11-01', to: '2026-11-22' }, now)).toBe('custom');
    expect(choiceOf(null, now)).toEqual({ from: '2026-11-01', to: '2026-11-30', regionCode: '' });
    const kept = new URLSearchParams('from=2026-09-03&to=2026-10-05&regionCode=611025101');
    expect(choiceOf(kept, now)).toEqual({
      from: '2026-09-03',
      to: '2026-10-05',
      regionCode: '611025101',
    });
    expect(choiceOf(new URLSearchParams('from=junk&regionCode=x'), now).regionCode).toBe('');
  });

  it('asks with a query the API takes', () => {
    const q = assessmentQuery({ from: '2026-11-01', to: '2026-11-30', regionCode: '611025101' });
    expect(AssessmentQuery.parse(Object.fromEntries(q))).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      regionCode: '611025101',
    });
    const own = assessmentQuery({ from: '2026-11-01', to: '2026-11-30', regionCode: '' });
    expect(own.toString()).toBe('from=2026-11-01&to=2026-11-30');
  });
});

describe('考核 figures as the table prints them', () => {
  it('rates as percentages, — when there is nothing to divide by', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(0.5)).toBe('50%');
    const r = row('611025101202', '枣园村', { satisfied: 2, basic: 1, visited: 4, orders: 5 });
    expect(fractionOf(r, 'satisfactionRate')).toEqual([3, 4]);
    expect(fractionOf(r, 'reopenRate')).toEqual([0, 5]);
  });

  it('the server message in Chinese', () => {
    expect(chineseMessage('考核周期的开始晚于结束 / from is after to')).toBe(
      '考核周期的开始晚于结束',
    );
    expect(chineseMessage('HTTP 500')).toBe('HTTP 500');
  });

  it('the total, the towns, then the villages under their town', () => {
    const a = assessment(
      row('611025', '镇安县', { orders: 9 }),
      [row('611025101', '回龙镇', { orders: 5 }), row('611025102', '铁厂镇', { orders: 4 })],
      [
        row('611025101202', '枣园村', { orders: 2 }),
        row('611025101210', '宏丰村', { orders: 3 }),
        row('611025102201', '西沟口村', { orders: 4 }),
      ],
    );
    const lines = tableLines(a, DEFAULT_SORT);
    expect(
      lines.map((l) => (l.kind === 'row' ? `${l.section}:${l.row.name}` : `# ${l.text}`)),
    ).toEqual([
      'total:镇安县',
      '# 各镇（街道）',
      'town:回龙镇',
      'town:铁厂镇',
      '# 回龙镇 · 各村（社区）',
      'village:枣园村',
      'village:宏丰村',
      '# 铁厂镇 · 各村（社区）',
      'village:西沟口村',
    ]);
    const byOrders = tableLines(a, nextSort(DEFAULT_SORT, 'orders'));
    const names = byOrders.flatMap((l) => (l.kind === 'row' ? [l.row.name] : []));
    expect(names).toEqual(['镇安县', '回龙镇', '铁厂镇', '宏丰村', '枣园村', '西沟口村']);
  });

  it('a village sees its own row once', () => {
    const own = row('611025101202', '枣园村', { orders: 2 });
    const lines = tableLines(assessment(own, [], [own]), DEFAULT_SORT);
    expect(lines).toEqual([{ kind: 'row', section: 'total', row: own }]);
  });

  it('a town: its villages under one heading', () => {
    const town = row('611025101', '回龙镇');
    const lines = tableLines(
      assessment(town, [town], [row('611025101202', '枣园村')]),
      DEFAULT_SORT,
    );
    expect(lines.map((l) => (l.kind === 'row' ? l.row.name : l.text))).toEqual([
      '回龙镇',
      '各村（社区）',
      '枣园村',
    ]);
  });

  it('sorts by a figure, down then up, a rate of nothing last either way', () => {
    const rows = [
      row('611025101201', 'a', { closureRate: 0.5 }),
      row('611025101202', 'b', { closureRate: null }),
      row('611025101203', 'c', { closureRate: 1 }),
    ];
    const down = nextSort(DEFAULT_SORT, 'closureRate');
    expect(sortRows(rows, down).map((r) => r.name)).toEqual(['c', 'a', 'b']);
    const up = nextSort(down, 'closureRate');
    expect(up.descending).toBe(false);
    expect(sortRows(rows, up).map((r) => r.name)).toEqual(['a', 'c', 'b']);
    expect(nextSort(up, null)).toEqual(DEFAULT_SORT);
    expect(sortRows(rows, DEFAULT_SORT).map((r) => r.name)).toEqual(['a', 'b', 'c']);
  });
});
