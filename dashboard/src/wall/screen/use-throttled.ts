import type { Ref, ShallowRef } from 'vue';
import { onBeforeUnmount, shallowRef, watch } from 'vue';

/**
 * Follow `source`, but at most once per `ms`: the first value passes at once, later ones wait
 * for the window to close and then show the newest. For panels that redraw heavily (charts).
 */
export function useThrottled<T>(source: Readonly<Ref<T>>, ms: number): Readonly<ShallowRef<T>> {
  const shown = shallowRef(source.value);
  let timer = 0;
  let last = 0;
  watch(source, () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = window.setTimeout(() => {
      timer = 0;
      last = Date.now();
      shown.value = source.value;
    }, wait);
  });
  onBeforeUnmount(() => window.clearTimeout(timer));
  return shown;
}
