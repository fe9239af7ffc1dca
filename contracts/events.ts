import { z } from 'zod';
import { Alert } from './alert.js';
import { RegionLevel, type LevelChanged } from './level.js';
import { Region } from './region.js';
import { ReportView } from './report.js';

/** What a wall needs to draw itself from nothing. */
export const WallSnapshot = z.object({
  serverTime: z.number(),
  county: z.object({ code: z.string(), name: z.string() }),
  regions: z.array(Region),
  levels: z.array(RegionLevel),
  alerts: z.array(Alert),
  recentReports: z.array(ReportView),
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
  snapshot: (snapshot: WallSnapshot) => void;
  'report:new': (report: ReportView) => void;
  'level:changed': (change: LevelChanged) => void;
  'index:updated': (update: IndexUpdated) => void;
  'alert:raised': (alert: Alert) => void;
  'alert:updated': (alert: Alert) => void;
  'alert:cleared': (alert: Alert) => void;
}

/** Client → server events on the `/wall` namespace. */
export interface ClientToServerEvents {
  'snapshot:get': (ack: (response: Response<WallSnapshot>) => void) => void;
}

export { WALL_NAMESPACE } from './vocabulary.js';
