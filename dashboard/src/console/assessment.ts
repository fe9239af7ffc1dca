import type { Assessment, AssessmentFigures, AssessmentRow } from '#contracts/assessment';
import { countyFields } from '#contracts/county-time';

/**
 * 考核 in the console: the period (county-time days), the table's lines (the total, the towns,
 * the villages under their town) and how a figure is printed. Pure, so it is tested beside it.
 */

/** A period of county-time days, both inclusive: 2026-11-01 … 2026-11-30. */
export interface DayRange {
  from: string;
  to: string;
}

export type PeriodPreset = 'this' | 'last' | 'custom';

export const PERIOD_LABEL_ZH: Record<PeriodPreset, string> = {
  this: '本月',
  last: '上月',
  custom: '自定义',
};

const pad = (n: number) => String(n).padStart(2, '0');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as YYYY-MM-DD (the shape the API takes; whether it exists is the server's to say). */
export function isDay(s: string | null | undefined): s is string {
  return typeof s === 'string' && DAY.test(s);
}

/** The whole county-time month `offset` months from the one holding `now` (0 this, -1 last). */
export function monthRange(now: number, offset = 0): DayRange {
  const { year, month } = countyFields(now);
  // Month arithmetic on UTC dates: day 0 of the next month is this month's last day.
  const first = new Date(Date.UTC(year, month - 1 + offset, 1));
  const last = new Date(Date.UTC(year, month + offset, 0));
  const day = (d: Date) =>
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return { from: day(first), to: day(last) };
}

/** Which button a period is: this month, last month, or one of the reader's own. */
export function presetOf(range: DayRange, now: number): PeriodPreset {
  const same = (r: DayRange) => r.from === range.from && r.to === range.to;
  if (same(monthRange(now, 0))) return 'this';
  if (same(monthRange(now, -1))) return 'last';
  return 'custom';
}

/** What the view asks for: a period and, for a county user, perhaps one town. */
export interface AssessmentChoice extends DayRange {
  /** '' for the user's own scope. */
  regionCode: string;
}

/** The query of GET /api/v1/assessment (and .xlsx): the same for the table and the workbook. */
export function assessmentQuery(choice: AssessmentChoice): URLSearchParams {
  const q = new URLSearchParams({ from: choice.from, to: choice.to });
  if (choice.regionCode) q.set('regionCode', choice.regionCode);
  return q;
}

/** The choice kept in the address (`#assessment?from=…&to=…`), or this month when none. */
export function choiceOf(params: URLSearchParams | null, now: number): AssessmentChoice {
  const from = params?.get('from');
  const to = params?.get('to');
  const regionCode = params?.get('regionCode') ?? '';
  const range = isDay(from) && isDay(to) ? { from, to } : monthRange(now, 0);
  return { ...range, regionCode: /^\d{6,15}$/.test(regionCode) ? regionCode : '' };
}

/** The columns of the console's table, in order (the workbook has them all). */
export const COLUMNS = [
  'orders',
  'closureRate',
  'signOnTimeRate',
  'answerOnTimeRate',
  'satisfactionRate',
  'reopenRate',
  'overdueNow',
] as const satisfies readonly (keyof AssessmentFigures)[];
export type Column = (typeof COLUMNS)[number];
type RateColumn = Extract<
  Column,
  'closureRate' | 'signOnTimeRate' | 'answerOnTimeRate' | 'satisfactionRate' | 'reopenRate'
>;

export function isRate(column: Column): column is RateColumn {
  return column.endsWith('Rate');
}

/** What a rate is of: 3 of 5. */
export function fractionOf(row: AssessmentFigures, column: RateColumn): [number, number] {
  switch (column) {
    case 'closureRate':
      return [row.closed, row.orders];
    case 'signOnTimeRate':
      return [row.signOnTime, row.signDue];
    case 'answerOnTimeRate':
      return [row.answerOnTime, row.answerDue];
    case 'satisfactionRate':
      return [row.satisfied + row.basic, row.visited];
    case 'reopenRate':
      return [row.reopened, row.orders];
  }
}

/** 66.7%, 100%, 0%; '—' when there was nothing to divide by. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const tenths = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** How the table is ordered: by place (the tree's order) or by one figure. */
export interface Sort {
  column: Column | null;
  descending: boolean;
}

export const DEFAULT_SORT: Sort = { column: null, descending: true };

/** The next order after a click on a column's header: desc, then asc; the place column resets. */
export function nextSort(sort: Sort, column: Column | null): Sort {
  if (column === null) return DEFAULT_SORT;
  if (sort.column === column) return { column, descending: !sort.descending };
  return { column, descending: true };
}

/** Rows ordered by a figure (a rate with nothing to divide by last, either way), else as given. */
export function sortRows(rows: readonly AssessmentRow[], sort: Sort): AssessmentRow[] {
  const { column } = sort;
  if (column === null) return [...rows];
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      return x === y ? a.index - b.index : sign * (x - y);
    })
    .map(({ row }) => row);
}

/** One line of the table: a row of figures, or a heading over the rows that follow. */
export type TableLine =
  | { kind: 'row'; section: 'total' | 'town' | 'village'; row: AssessmentRow }
  | { kind: 'heading'; key: string; text: string };

/**
 * The table: the total first, then the towns (a county's), then the villages under a heading
 * of their town (or one heading when all are of one town). A row that is the total itself (a
 * town's own row in a town's figures, a village's in a village's) is not repeated.
 */
export function tableLines(a: Assessment, sort: Sort): TableLine[] {
  const self = a.total.regionCode;
  const lines: TableLine[] = [{ kind: 'row', section: 'total', row: a.total }];
  const towns = a.towns.filter((r) => r.regionCode !== self);
  const villages = a.villages.filter((r) => r.regionCode !== self);
  if (towns.length > 0) {
    lines.push({ kind: 'heading', key: 'towns', text: '各镇（街道）' });
    for (const row of sortRows(towns, sort)) lines.push({ kind: 'row', section: 'town', row });
  }
  if (villages.length === 0) return lines;

  // Villages by town, the towns in the order the answer gives them.
  const groups = new Map<string, AssessmentRow[]>();
  for (const row of villages) {
    const town = row.townCode ?? '';
    const group = groups.get(town) ?? [];
    group.push(row);
    groups.set(town, group);
  }
  const townName = new Map(a.towns.map((t) => [t.regionCode, t.name]));
  const single = groups.size === 1;
  for (const [town, rows] of groups) {
    const name = townName.get(town) ?? (town === self ? a.total.name : '');
    lines.push({
      kind: 'heading',
      key: `villages-${town}`,
      text: single || !name ? '各村（社区）' : `${name} · 各村（社区）`,
    });
    for (const row of sortRows(rows, sort)) lines.push({ kind: 'row', section: 'village', row });
  }
  return lines;
}

/**
 * The Chinese of a server's message: its messages are `中文 / English`, the console shows the
 * first half (the whole when it has no Chinese half).
 */
export function chineseMessage(message: string): string {
  const [zh] = message.split(' / ');
  return zh && /[\u4e00-\u9fff]/.test(zh) ? zh : message;
}
