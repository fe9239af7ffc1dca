import type { OrderTab } from '#contracts/work-order';
import { ORDER_TABS } from '#contracts/work-order';
import type { OrderStatusName } from '#contracts/work-order-vocabulary';
import { ORDER_STATUSES } from '#contracts/work-order-vocabulary';
import type { CategoryName, LevelName, SourceName } from '#contracts/vocabulary';
import { CATEGORIES, LEVELS, SOURCES } from '#contracts/vocabulary';

/** What the queue shows: one tab, narrowed by the filters. */
export interface Filters {
  tab: OrderTab;
  level: LevelName[];
  status: OrderStatusName[];
  overdue: boolean;
  /** A town or village within the user's scope; '' for all of it. */
  regionCode: string;
  category: CategoryName | '';
  source: SourceName | '';
  /** Words that must all appear in the text. */
  q: string;
}

export const PAGE_SIZE = 50;
/** The largest page the API gives (a refresh reloads what is on screen in one call). */
export const MAX_PAGE = 200;

export function defaultFilters(): Filters {
  return {
    tab: 'todo',
    level: [],
    status: [],
    overdue: false,
    regionCode: '',
    category: '',
    source: '',
    q: '',
  };
}

/** How many filters other than the tab are set (the badge on 筛选). */
export function activeFilterCount(f: Filters): number {
  return (
    (f.level.length > 0 ? 1 : 0) +
    (f.status.length > 0 ? 1 : 0) +
    (f.overdue ? 1 : 0) +
    (f.regionCode ? 1 : 0) +
    (f.category ? 1 : 0) +
    (f.source ? 1 : 0) +
    (f.q.trim() ? 1 : 0)
  );
}

/** The filters as the API's query (OrderQuery): only what is set. */
export function filterParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  p.set('tab', f.tab);
  if (f.level.length) p.set('level', f.level.join(','));
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.overdue) p.set('overdue', 'true');
  if (f.regionCode) p.set('regionCode', f.regionCode);
  if (f.category) p.set('category', f.category);
  if (f.source) p.set('source', f.source);
  const q = f.q.trim().replace(/\s+/g, ' ').slice(0, 100);
  if (q) p.set('q', q);
  return p;
}

/** One page of the queue: the filters, then the cursor and the page size. */
export function orderQuery(
  f: Filters,
  page: { cursor?: string | null; limit?: number } = {},
): URLSearchParams {
  const p = filterParams(f);
  if (page.cursor) p.set('cursor', page.cursor);
  p.set('limit', String(Math.min(MAX_PAGE, Math.max(1, page.limit ?? PAGE_SIZE))));
  return p;
}

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | '' {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : '';
}

function someOf<T extends string>(values: readonly T[], raw: string | null): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(','));
  return values.filter((v) => wanted.has(v));
}

/**
 * The filters read back from the page's address (?tab=…&level=…), so a reload or a shared link
 * opens the same queue. Anything unknown is dropped.
 */
export function filtersFromSearch(search: string): Filters {
  const p = new URLSearchParams(search);
  const f = defaultFilters();
  f.tab = oneOf(ORDER_TABS, p.get('tab')) || 'todo';
  f.level = someOf(LEVELS, p.get('level'));
  f.status = someOf(ORDER_STATUSES, p.get('status'));
  f.overdue = p.get('overdue') === 'true';
  const region = p.get('regionCode') ?? '';
  f.regionCode = /^\d{6}(\d{3}){0,3}$/.test(region) ? region : '';
  f.category = oneOf(CATEGORIES, p.get('category'));
  f.source = oneOf(SOURCES, p.get('source'));
  f.q = (p.get('q') ?? '').slice(0, 100);
  return f;
}
