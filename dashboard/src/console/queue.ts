import { reactive } from 'vue';
import type { OrderTab, WorkOrder } from '#contracts';
import { ApiError, api, messageOf } from './api.js';
import { MAX_PAGE, PAGE_SIZE, filtersFromSearch, orderQuery } from './query.js';
import { session } from './state.js';

/**
 * The queue: one tab of the user's work orders under the filters, page by page (cursor), with
 * the count of every tab. Live changes refetch what is on screen, debounced, so a burst of
 * `order:changed` costs one request.
 */
export const queue = reactive({
  filters: filtersFromSearch(window.location.search),
  items: [] as WorkOrder[],
  counts: null as Record<OrderTab, number> | null,
  nextCursor: null as string | null,
  /** A fetch of the first page is under way (the list stays as it is meanwhile). */
  loading: false,
  loadingMore: false,
  /** The last fetch failed: what to say (the list shows what it had). */
  error: '',
  /** When the list last came from the server. */
  fetchedAt: 0,
});

/** Each reload bumps it: an older answer (or a load-more begun before) is dropped. */
let generation = 0;
let inflight: AbortController | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const REFRESH_DEBOUNCE_MS = 500;

function failed(err: unknown): void {
  if (err instanceof ApiError && err.aborted) return;
  if (err instanceof ApiError && err.status === 401) {
    session.user = null;
    return;
  }
  queue.error = messageOf(err, '工单加载失败');
}

/**
 * Fetch the first page again. `keep` (a live refresh) reloads as many orders as are on screen,
 * so a page that has loaded more does not shrink under the reader.
 */
export async function reloadQueue(options: { keep?: boolean } = {}): Promise<void> {
  const mine = ++generation;
  inflight?.abort();
  const controller = new AbortController();
  inflight = controller;
  const limit = options.keep
    ? Math.min(MAX_PAGE, Math.max(PAGE_SIZE, queue.items.length))
    : PAGE_SIZE;
  if (!options.keep) queue.nextCursor = null;
  queue.loading = true;
  try {
    const page = await api.orders(orderQuery(queue.filters, { limit }), controller.signal);
    if (mine !== generation) return;
    queue.items = page.items;
    queue.counts = page.counts;
    queue.nextCursor = page.nextCursor;
    queue.error = '';
    queue.fetchedAt = Date.now();
  } catch (err) {
    if (mine === generation) failed(err);
  } finally {
    if (mine === generation) {
      queue.loading = false;
      inflight = null;
    }
  }
}

/** 加载更多: the next page after the cursor, appended (an order already shown is not repeated). */
export async function loadMore(): Promise<void> {
  const cursor = queue.nextCursor;
  if (!cursor || queue.loadingMore || queue.loading) return;
  const mine = generation;
  queue.loadingMore = true;
  try {
    const page = await api.orders(orderQuery(queue.filters, { cursor }));
    if (mine !== generation) return;
    const seen = new Set(queue.items.map((o) => o.id));
    queue.items = [...queue.items, ...page.items.filter((o) => !seen.has(o.id))];
    queue.counts = page.counts;
    queue.nextCursor = page.nextCursor;
    queue.error = '';
  } catch (err) {
    if (mine === generation) failed(err);
  } finally {
    queue.loadingMore = false;
  }
}

/** A live change (or an action here): refetch the page and the counts once things settle. */
export function scheduleRefresh(delayMs = REFRESH_DEBOUNCE_MS): void {
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    void reloadQueue({ keep: true });
  }, delayMs);
}

/** An order as an action here returned it: shown at once, before the refetch confirms. */
export function patchOrder(order: WorkOrder): void {
  const i = queue.items.findIndex((o) => o.id === order.id);
  if (i >= 0) queue.items.splice(i, 1, order);
}

/** Signed out: nothing of the last user stays on screen. */
export function clearQueue(): void {
  generation += 1;
  inflight?.abort();
  inflight = null;
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = null;
  Object.assign(queue, {
    items: [],
    counts: null,
    nextCursor: null,
    loading: false,
    loadingMore: false,
    error: '',
    fetchedAt: 0,
  });
}
