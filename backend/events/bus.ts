import { EventEmitter } from 'node:events';
import type {
  Alert,
  Case,
  CaseAcknowledged,
  CaseEscalated,
  ChannelHealth,
  IndexUpdated,
  LevelChanged,
  Notice,
  OrderChanged,
  Report,
  SystemStatus,
} from '#contracts';

/**
 * Events inside the backend. Domain modules emit; the realtime layer (and later the notifier)
 * subscribe. Neither side knows the other.
 */
export interface EventMap {
  'report.accepted': [report: Report];
  /** A dispatcher corrected a report's colour or category (the report as it now reads). */
  'report.corrected': [report: Report];
  'level.changed': [change: LevelChanged];
  'index.updated': [update: IndexUpdated];
  'alert.raised': [alert: Alert];
  'alert.updated': [alert: Alert];
  'alert.cleared': [alert: Alert];
  'case.opened': [item: Case];
  'case.updated': [item: Case];
  'case.escalated': [event: CaseEscalated];
  'case.acknowledged': [ack: CaseAcknowledged];
  /** A red case opened (or was raised to red) and is not silenced: leaders get an alarm. */
  'case.red': [push: { alert: Alert; case: Case }];
  'notice.created': [notice: Notice];
  /** A work order was opened or took a step (the console's queues follow it). */
  'order.changed': [change: OrderChanged];
  'notify.health': [channels: ChannelHealth[]];
  /** The report store's health changed (a spooled store falling behind or catching up). */
  'system.status': [status: SystemStatus];
}

export class EventBus extends EventEmitter<EventMap> {
  constructor() {
    super({ captureRejections: true });
    // Many wall sockets and tests subscribe; this is not a leak.
    this.setMaxListeners(0);
  }
}
