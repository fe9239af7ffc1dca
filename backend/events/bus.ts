import { EventEmitter } from 'node:events';
import type { Alert, IndexUpdated, LevelChanged, Report } from '../../contracts/index.js';

/**
 * Events inside the backend. Domain modules emit; the realtime layer (and later the notifier)
 * subscribe. Neither side knows the other.
 */
export interface EventMap {
  'report.accepted': [report: Report];
  'level.changed': [change: LevelChanged];
  'index.updated': [update: IndexUpdated];
  'alert.raised': [alert: Alert];
  'alert.updated': [alert: Alert];
  'alert.cleared': [alert: Alert];
}

export class EventBus extends EventEmitter<EventMap> {
  constructor() {
    super({ captureRejections: true });
    // Many wall sockets and tests subscribe; this is not a leak.
    this.setMaxListeners(0);
  }
}
