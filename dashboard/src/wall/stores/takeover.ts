import { computed, shallowRef } from 'vue';
import type { Alert } from '#contracts';
import { silencedAlerts } from './cases.js';
import { takeoverAlertsOf, type TakeoverState } from './reducers.js';
import { wall } from './wall.js';

/**
 * Which red alerts still wait for 签收. The wall takes over the whole screen while any does; an
 * acknowledgement anywhere (the leader page, the API) ends it on every wall. Written by
 * `apply.ts` from the snapshot's list and the alert and acknowledgement events.
 */
export const takeover = shallowRef<TakeoverState>({ awaiting: new Set(), settled: new Set() });

/** Active red alerts waiting for 签收 whose case is not silenced, newest first. */
export const takeoverAlerts = computed<Alert[]>(() =>
  takeoverAlertsOf(wall.alerts.values(), takeover.value, silencedAlerts.value),
);
