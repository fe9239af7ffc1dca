import type { SystemStatus } from '#contracts';
import type { EventBus } from '../events/bus.js';
import type { ReportStore, StoreStatus } from './store.js';

/** What the wall is told about a store status (the spool's details stay on /readyz). */
function toSystemStatus(status: StoreStatus): SystemStatus {
  return {
    store: {
      kind: status.kind,
      state: status.state,
      spooled: status.spooled,
      lagMs: status.lagMs,
    },
  };
}

/** The store's health now; a store without a spool is always `ok`. */
export function systemStatus(store: ReportStore): SystemStatus {
  return toSystemStatus(
    store.status?.() ?? { kind: store.kind, state: 'ok', spooled: 0, lagMs: null },
  );
}

/** Put the store's status changes on the bus as `system.status`; returns the unsubscribe. */
export function watchSystemStatus(store: ReportStore, bus: EventBus): () => void {
  return (
    store.onStatus?.((status) => bus.emit('system.status', toSystemStatus(status))) ?? (() => {})
  );
}
