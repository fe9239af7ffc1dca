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

window.addEventListener('hashchange', () => {
  const id = orderIdOf(window.location.hash);
  openedHere = id !== null && open.value === null ? true : openedHere && id !== null;
  open.value = id;
});

export const openOrderId = readonly(open);

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

/** Back on the queue: where the reader was. */
export function backToQueue(): void {
  window.scrollTo(0, queueScroll);
}
