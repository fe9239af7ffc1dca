import { computed } from 'vue';
import { useNow } from '../shared/use-now.js';
import { serverSkew } from './stores/cases.js';

/**
 * The wall's time: the page clock (ticking on the second), the server's clock for deadlines,
 * and how times print on the wall (county time, shared/time.ts).
 */
export { formatClock, formatHourMinute, formatTime } from '../shared/time.js';

/**
 * `now` is this browser's clock; `serverNow` is the server's (deadlines are the server's, so
 * countdowns run on its clock even when the wall PC's clock is off).
 */
export function useWallClock() {
  const now = useNow();
  const serverNow = computed(() => now.value + serverSkew.value);
  return { now, serverNow };
}
