import { computed, shallowRef } from 'vue';
import type { Alert } from '#contracts';
import type { TakeoverState } from './reducers.js';
import { wall } from './wall.js';

/**
 * Which red alerts still wait for 签收. The wall takes over the whole screen while any does; an
 * acknowledgement anywhere (the leader page, the API) ends it on every wall. Written by
 * `apply.ts` from the snapshot's list and the alert and acknowledgement events.
 */
export const takeover = shallowRef<TakeoverState>({ awaiting: new Set(), acknowledged: new Set() });

/** Active red alerts waiting for 签收, newest first. */
export const takeoverAlerts = computed<Alert[]>(() => {
  const { awaiting } = takeover.value;
  return [...wall.alerts.values()]
    .filter((a) => a.status === 'active' && a.level === 'red' && awaiting.has(a.id))
    .sort((a, b) => b.raisedAt - a.raisedAt);
});
