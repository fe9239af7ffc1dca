import { z } from 'zod';
import { Alert } from './alert.js';
import type { Case, CaseAcknowledged, CaseEscalated } from './case.js';
import { RegionLevel, type LevelChanged } from './level.js';
import { ChannelHealth, type Notice } from './notify.js';
import { Region } from './region.js';
import { ReportView } from './report.js';
import type { OrderChanged } from './work-order.js';

/**
 * The health of what stands behind the wall. `store.state` is `degraded` while acknowledged
 * reports wait in a local spool for the time-series store (the wall shows 时序库延迟).
 */
export const SystemStatus = z.object({
  store: z.object({
    kind: z.string(),
    state: z.enum(['ok', 'degraded']),
    /** Reports accepted and on local disk, not yet in the store proper. */
    spooled: z.number().int().min(0),
    /** Age of the oldest of them; null when none waits. */
    lagMs: z.number().min(0).nullable(),
  }),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

/** What a wall needs to draw itself from nothing. */
export const WallSnapshot = z.object({
  serverTime: z.number(),
  county: z.object({ code: z.string(), name: z.string() }),
  regions: z.array(Region),
  levels: z.array(RegionLevel),
  alerts: z.array(Alert),
  recentReports: z.array(ReportView),
  /** Active alerts whose case still waits for 签收 (the wall's red takeover). */
  awaitingAck: z.array(z.string()).optional(),
  /** Outgoing notification channels and whether one is failing. */
  notifyHealth: z.array(ChannelHealth).optional(),
  /** The store's health (时序库延迟 while degraded). */
  status: SystemStatus.optional(),
});
export type WallSnapshot = z.infer<typeof WallSnapshot>;

export const IndexUpdated = z.object({
  at: z.number(),
  indices: z.record(z.string(), z.number().int().min(0).max(100)),
});
export type IndexUpdated = z.infer<typeof IndexUpdated>;

/** Acknowledgement shape for client → server calls: an error or the data. */
export type Response<T> = { error: string } | { data: T };

/** Server → client events on the `/wall` namespace, named `domain:verb`. */
export interface ServerToClientEvents {
  /**
   * Sent once to a fresh (not recovered) connection. The server asks for an acknowledgement only
   * so that Socket.IO's recovery buffer does not keep a copy per connection (acknowledged
   * packets are not buffered); a client should call `received`, and one that does not just
   * leaves a 30-second timer behind.
   */
  snapshot: (snapshot: WallSnapshot, received: () => void) => void;
  /**
   * Reports accepted within the last 100 ms, oldest first, in one packet (at most 500): the
   * county wall gets every report, a town wall its town's. Always before the levels and alerts
   * they move.
   */
  'reports:new': (reports: ReportView[]) => void;
  'level:changed': (change: LevelChanged) => void;
  'index:updated': (update: IndexUpdated) => void;
  'alert:raised': (alert: Alert) => void;
  'alert:updated': (alert: Alert) => void;
  'alert:cleared': (alert: Alert) => void;
  'case:acknowledged': (ack: CaseAcknowledged) => void;
  'notify:health': (channels: ChannelHealth[]) => void;
  /** The store's health changed (and, while degraded, its backlog moved). */
  'system:status': (status: SystemStatus) => void;
  /** A case in the wall's scope opened, moved or escalated: refetch the case summary. */
  'cases:changed': (change: { caseId: string; regionCode: string; at: number }) => void;
}

/** Client → server events on the `/wall` namespace. */
export interface ClientToServerEvents {
  'snapshot:get': (ack: (response: Response<WallSnapshot>) => void) => void;
}

export { WALL_NAMESPACE } from './vocabulary.js';

/**
 * Server → client events on the `/leader` namespace. Sockets authenticate in the namespace
 * middleware and only receive what is in their user's region scope.
 */
export interface LeaderServerToClientEvents {
  'case:opened': (item: Case) => void;
  'case:updated': (item: Case) => void;
  'case:escalated': (event: CaseEscalated) => void;
  /** A red alert's case just opened (or was raised to red): sound and a browser notification. */
  'alert:red': (push: { alert: Alert; case: Case }) => void;
  /** A notification addressed to this user. */
  'notice:new': (notice: Notice) => void;
  /** A work order in the user's scope changed (the console refreshes its queue). */
  'order:changed': (change: OrderChanged) => void;
}

export type LeaderClientToServerEvents = Record<string, never>;
