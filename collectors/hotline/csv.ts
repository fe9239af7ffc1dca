import type { z } from 'zod';
import type { HotlineOrder } from '#contracts/hotline';

/** A field of the work order JSON; CSV columns map onto these. */
export type OrderField = keyof z.input<typeof HotlineOrder>;

const FIELDS: readonly OrderField[] = [
  'orderNo',
  'callTime',
  'callerNumber',
  'callerName',
  'content',
  'category',
  'address',
  'regionCode',
  'urgency',
];

/** Column headers call-centre exports use, and the JSON names themselves. */
const HEADER_FIELD: Record<string, OrderField> = {
  工单编号: 'orderNo',
  工单号: 'orderNo',
  来电时间: 'callTime',
  来电号码: 'callerNumber',
  来电人: 'callerName',
  来电人姓名: 'callerName',
  诉求内容: 'content',
  诉求分类: 'category',
  诉求类别: 'category',
  地址: 'address',
  诉求地址: 'address',
  紧急程度: 'urgency',
  区划代码: 'regionCode',
  ...Object.fromEntries(FIELDS.map((f) => [f.toLowerCase(), f])),
};

/** 工单编号 (orderNo): how an error names a column. */
function columnName(field: OrderField): string {
  const zh = Object.entries(HEADER_FIELD).find(([, f]) => f === field)?.[0];
  return `${zh} (${field})`;
}

/** Each header's field (undefined for a column we do not use), and what is missing. */
export interface Columns {
  headers: string[];
  fields: Array<OrderField | undefined>;
  /** Required fields no column provides; the file cannot be imported. */
  missing: string[];
  /** Headers that name no field; their cells are ignored. */
  ignored: string[];
}

export function readColumns(headers: readonly string[]): Columns {
  const fields = headers.map((h) => HEADER_FIELD[h.trim()] ?? HEADER_FIELD[h.trim().toLowerCase()]);
  const has = (f: OrderField) => fields.includes(f);
  const missing = (['orderNo', 'callTime', 'content'] as const)
    .filter((f) => !has(f))
    .map(columnName);
  if (!has('address') && !has('regionCode')) {
    missing.push(`${columnName('address')} or ${columnName('regionCode')}`);
  }
  const ignored = headers.filter((_h, i) => fields[i] === undefined);
  return { headers: [...headers], fields, missing, ignored };
}

/** A row's cells as a work order; empty cells are left out, as if the column were not there. */
export function rowToOrder(cells: readonly string[], columns: Columns): Record<string, string> {
  const order: Record<string, string> = {};
  columns.fields.forEach((field, i) => {
    const value = cells[i]?.trim();
    if (field && value) order[field] = value;
  });
  return order;
}

/** One CSV line (RFC 4180 quoting), ending in CRLF as spreadsheet programs expect. */
export function csvLine(values: readonly string[]): string {
  return `${values.map((v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\r\n`;
}
