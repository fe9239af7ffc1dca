import type { OrderStatus, OrderTab, WorkOrder } from '#contracts';

/*
 * The work-order queue as SQL: who may look where (scope), each tab's orders and their order,
 * the opaque cursor, and the words. The repository runs what these build.
 */

/** Who is asking, as the queue needs it: where they may look and which unit they are. */
export interface QueueScope {
  /** Region codes whose subtrees the user sees; null: the whole county. */
  within: string[] | null;
  /** The user's level (the `todo` tab is what their unit holds). */
  unit: WorkOrder['unit'] | null;
}

export interface OrderFilter {
  tab?: OrderTab;
  status?: OrderStatus[];
  level?: string[];
  category?: string[];
  source?: string[];
  overdue?: boolean;
  /** A region's subtree (the caller checked it is within scope). */
  regionCode?: string;
  caseId?: string;
  words?: string[];
  cursor?: string;
  limit: number;
}

const MAX_KEY = Number.MAX_SAFE_INTEGER;
/** The 已办结 tab counts what was closed in the last 30 days: all time is not a to-do count. */
export const CLOSED_COUNT_WINDOW_MS = 30 * 24 * 3600_000;

/** A prefix as a range an index can walk: codes are digits, and ':' sorts right after '9'. */
function prefixRange(column: string, i: number): string {
  return `(${column} >= @p${column}${i} AND ${column} < @q${column}${i})`;
}

export function scopeClause(
  scope: QueueScope,
  params: Record<string, unknown>,
  column?: string,
): string {
  if (scope.within === null) return '1';
  if (scope.within.length === 0) return '0';
  const columns = column ? [column] : ['region_code', 'unit_code'];
  const parts: string[] = [];
  scope.within.forEach((code, i) => {
    for (const c of columns) {
      params[`p${c}${i}`] = code;
      params[`q${c}${i}`] = `${code}:`;
      parts.push(prefixRange(c, i));
    }
  });
  return `(${parts.join(' OR ')})`;
}

/** Each tab: which orders, and the order it lists them in. */
export function tabClause(
  tab: OrderTab | undefined,
  scope: QueueScope,
  params: Record<string, unknown>,
) {
  switch (tab) {
    case 'todo':
      params.tabUnit = scope.unit ?? '';
      return {
        where: `open = 1 AND status IN ('dispatched','signed','handling','reopened') AND unit = @tabUnit AND ${scopeClause(scope, params, 'unit_code')}`,
        order: 'asc' as const,
      };
    case 'dispatch':
      return { where: `open = 1 AND status IN ('registered','returned')`, order: 'asc' as const };
    case 'visit':
      return { where: `open = 0 AND status = 'answered'`, order: 'desc' as const };
    case 'overdue':
      return { where: 'open = 1 AND overdue_since IS NOT NULL', order: 'asc' as const };
    case 'supervised':
      return { where: 'open = 1 AND supervision IS NOT NULL', order: 'asc' as const };
    case 'closed':
      return { where: `open = 0 AND status = 'closed'`, order: 'closed' as const };
    default:
      return { where: '1', order: 'desc' as const };
  }
}

export const SORT = {
  asc: { key: `COALESCE(due_at, ${MAX_KEY})`, dir: 'ASC', cmp: '>' },
  desc: { key: 'seq', dir: 'DESC', cmp: '<' },
  closed: { key: 'closed_at', dir: 'DESC', cmp: '<' },
} as const;

interface Cursor {
  k: number;
  s: number;
}

export function readCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    return Number.isFinite(c.k) && Number.isInteger(c.s) ? c : null;
  } catch {
    return null;
  }
}

export const writeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

/** LIKE with the user's words taken literally. */
export const likeWord = (w: string) => `%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Up to this many orders holding the words' trigrams, a search reads just those orders; past it
 * the words are common, and reading the queue in its order finds a page sooner.
 */
export const INDEXED_SEARCH_MAX = 2000;

/** The trigrams of a word, as orders_text holds them; a word under three characters has none. */
export function trigrams(word: string): string[] {
  const chars = [...word];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}
