import { readonly, shallowRef } from 'vue';

const now = shallowRef(Date.now());
let started = false;

function tick(): void {
  now.value = Date.now();
  // Re-aim at the next second boundary each time, so the clock never drifts.
  window.setTimeout(tick, 1000 - (now.value % 1000) + 5);
}

/** One clock for the whole page (wall or leader), ticking on the second. */
export function useNow() {
  if (!started) {
    started = true;
    tick();
  }
  return readonly(now);
}
