import { computed, shallowReactive } from 'vue';
import type { Alert, CaseAcknowledged } from '../../../../contracts/index.js';
import { wall } from '../../stores/wall.js';

/**
 * Which red alerts still wait for 签收. The wall takes over the whole screen while any does; an
 * acknowledgement anywhere (the leader page, the API) ends it on every wall.
 */
const awaiting = shallowReactive(new Set<string>());
const acknowledged = new Set<string>();

/** From a snapshot: the server's list of alerts whose case is not yet acknowledged. */
export function replaceAwaiting(ids: readonly string[]): void {
  awaiting.clear();
  acknowledged.clear();
  for (const id of ids) awaiting.add(id);
}

/** A red alert raised (or an alert risen to red) waits for 签收 unless it already had one. */
export function noteAlert(alert: Alert): void {
  if (alert.level === 'red' && alert.status === 'active' && !acknowledged.has(alert.id)) {
    awaiting.add(alert.id);
  }
}

export function noteAcknowledged(ack: CaseAcknowledged): void {
  acknowledged.add(ack.alertId);
  awaiting.delete(ack.alertId);
}

/** Active red alerts waiting for 签收, newest first. */
export const takeoverAlerts = computed<Alert[]>(() =>
  [...wall.alerts.values()]
    .filter((a) => a.status === 'active' && a.level === 'red' && awaiting.has(a.id))
    .sort((a, b) => b.raisedAt - a.raisedAt),
);
