import { readonly, ref } from 'vue';

/**
 * Which order is open: the address's `#order=<id>`, so the phone's back button returns to the
 * queue, a reload keeps the order open and a link (a robot message) can open one.
 */
const open = ref<string | null>(orderIdOf(window.location.hash));
/** The order was opened from the queue in this page (so 返回 can go back one step). */
let openedHere = false;

export function orderIdOf(hash: string): string | null {
  const id = /^#order=([\w-]{1,64})$/.exec(hash)?.[1];
  return id ?? null;
}

export function orderHref(id: string): string {
  return `#order=${encodeURIComponent(id)}`;
}

/**
 * 考核 is open: the address's `#assessment`, with the period and town it shows kept after it
 * (`#assessment?from=…&to=…&regionCode=…`) so a reload or a link shows the same figures.
 */
const board = ref<boolean>(assessmentParamsOf(window.location.hash) !== null);
/** 考核 was opened from the queue in this page (so 返回 can go back one step). */
let boardOpenedHere = false;

/** The query kept after `#assessment` (empty when none); null when the hash is not 考核. */
export function assessmentParamsOf(hash: string): URLSearchParams | null {
  const match = /^#assessment(?:\?([^#]*))?$/.exec(hash);
  if (!match) return null;
  return new URLSearchParams(match[1] ?? '');
}

export const ASSESSMENT_HREF = '#assessment';

/** What the address keeps after `#assessment` now (null when 考核 is not open). */
export function currentAssessmentParams(): URLSearchParams | null {
  return assessmentParamsOf(window.location.hash);
}

window.addEventListener('hashchange', () => {
  const id = orderIdOf(window.location.hash);
  openedHere = id !== null && open.value === null ? true : openedHere && id !== null;
  open.value = id;
  const onBoard = assessmentParamsOf(window.location.hash) !== null;
  boardOpenedHere = onBoard && !board.value ? true : boardOpenedHere && onBoard;
  board.value = onBoard;
});

export const openOrderId = readonly(open);
export const assessmentOpen = readonly(board);

/** Keep what 考核 shows in the address, without a new history step. */
export function replaceAssessmentQuery(query: URLSearchParams): void {
  const hash = `${ASSESSMENT_HREF}?${query.toString()}`;
  if (window.location.hash === hash) return;
  window.history.replaceState(
    window.history.state,
    '',
    window.location.pathname + window.location.search + hash,
  );
}

/** Back from 考核 to the queue: one step back when the queue opened it, else drop the hash. */
export function closeAssessment(): void {
  if (boardOpenedHere) {
    window.history.back();
    return;
  }
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  board.value = false;
}

/** Back to the queue: one step back when the queue opened it, else drop the hash. */
export function closeOrder(): void {
  if (openedHere) {
    window.history.back();
    return;
  }
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  open.value = null;
}

/** Keep the filters in the address (?tab=…), the open order's hash with them. */
export function replaceSearch(search: string): void {
  const query = search ? `?${search}` : '';
  if (query === window.location.search) return;
  window.history.replaceState(
    window.history.state,
    '',
    window.location.pathname + query + window.location.hash,
  );
}

let queueScroll = 0;

/** An order opens over the queue (on a phone): remember the list's place, start at the top. */
export function leaveQueue(): void {
  queueScroll = window.scrollY;
  window.scrollTo(0, 0);
}

/** From the order to 考核 or back (on a phone): start at the top. */
export function toTop(): void {
  window.scrollTo(0, 0);
}

/** Back on the queue: where the reader was. */
export function backToQueue(): void {
  window.scrollTo(0, queueScroll);
}
