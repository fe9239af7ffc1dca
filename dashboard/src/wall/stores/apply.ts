import type { WallSnapshot } from '#contracts';
import { caseEvents } from './cases.js';
import { categoryTrend } from './categories.js';
import { channels } from './notify-health.js';
import type {
  ConnectionEvent,
  FrameEvent,
  FrameOptions,
  InstantState,
  WallEvent,
} from './reducers.js';
import { reduceConnection, reduceFrame, reduceInstant, reduceSnapshot } from './reducers.js';
import { takeover } from './takeover.js';
import { trend } from './trend.js';
import { wall } from './wall.js';

/**
 * Where what the socket brings enters the stores: each function reads the stores, asks a pure
 * reducer (reducers.ts) what changes, and writes exactly that. The socket calls only these.
 */

/** A snapshot replaces the picture, the takeover's waiting list and the channel badge. */
export function applySnapshot(snapshot: WallSnapshot, receivedAt = Date.now()): void {
  const next = reduceSnapshot(snapshot, receivedAt);
  wall.county.value = next.county;
  wall.regions.value = next.regions;
  wall.levels.clear();
  for (const [code, level] of next.levels) wall.levels.set(code, level);
  wall.alerts.clear();
  for (const [id, alert] of next.alerts) wall.alerts.set(id, alert);
  wall.reports.value = next.reports;
  wall.indexAt.value = next.indexAt;
  wall.status.value = next.status;
  wall.snapshotAt.value = next.snapshotAt;
  wall.connection.lastDataAt = next.lastDataAt;
  takeover.value = next.takeover;
  channels.value = next.channels;
}

/** A frame's worth of picture events, in arrival order. */
export function applyFrame(
  events: readonly FrameEvent[],
  options: FrameOptions = {},
  receivedAt = Date.now(),
): void {
  const changes = reduceFrame(
    {
      levels: wall.levels,
      alerts: wall.alerts,
      reports: wall.reports.value,
      indexAt: wall.indexAt.value,
      trend: trend.value,
      categoryTrend: categoryTrend.value,
    },
    events,
    receivedAt,
    options,
  );
  for (const [code, level] of changes.levels) wall.levels.set(code, level);
  for (const [id, alert] of changes.alerts) {
    if (alert) wall.alerts.set(id, alert);
    else wall.alerts.delete(id);
  }
  if (changes.reports) wall.reports.value = changes.reports;
  if (changes.indexAt !== undefined) wall.indexAt.value = changes.indexAt;
  if (changes.trend) trend.value = changes.trend;
  if (changes.categoryTrend) categoryTrend.value = changes.categoryTrend;
  if (changes.lastDataAt !== undefined) wall.connection.lastDataAt = changes.lastDataAt;
}

/** An event's small, immediate part (takeover, channel badge, store health, case events). */
export function applyInstant(event: WallEvent): void {
  const state: InstantState = {
    takeover: takeover.value,
    channels: channels.value,
    status: wall.status.value,
    caseEvents: caseEvents.value,
  };
  const changes = reduceInstant(state, event);
  if (changes.takeover) takeover.value = changes.takeover;
  if (changes.channels) channels.value = changes.channels;
  if (changes.status !== undefined) wall.status.value = changes.status;
  if (changes.caseEvents !== undefined) caseEvents.value = changes.caseEvents;
}

/** The socket's own life: connected, disconnected, stale, the reconnect note. */
export function applyConnection(event: ConnectionEvent): void {
  const next = reduceConnection(wall.connection, event);
  wall.connection.connected = next.connected;
  wall.connection.stale = next.stale;
  wall.connection.lastDataAt = next.lastDataAt;
  wall.connection.note = next.note;
}
