import type { Namespace, Server } from 'socket.io';
import type { Case, ClientToServerEvents, ServerToClientEvents, WallSnapshot } from '#contracts';
import { WALL_NAMESPACE } from '#contracts';
import type { EventBus, EventMap } from '../events/bus.js';
import { toView } from '../reports/view.js';

export type WallNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/** How long the server waits for a wall to acknowledge its snapshot before forgetting it. */
const SNAPSHOT_ACK_MS = 30_000;

/** Rooms: the county wall hears everything, a town wall (`auth: { region }`) its town only. */
const COUNTY_ROOM = 'county';
const townRoom = (regionCode: string) => `town:${regionCode.slice(0, 9)}`;
/** The town code a socket asked for in its handshake, if it names one; county wall otherwise. */
function scopeOf(auth: unknown, isTown: (code: string) => boolean): string | undefined {
  const region = (auth as { region?: unknown } | undefined)?.region;
  return typeof region === 'string' && isTown(region) ? region : undefined;
}

/**
 * The only place that emits to wall sockets. A new connection gets a snapshot; a connection that
 * Socket.IO recovered gets the events it missed instead.
 */
export function attachWall(
  io: Server,
  bus: EventBus,
  snapshot: (town?: string) => Promise<WallSnapshot>,
  isTown: (code: string) => boolean = () => false,
): { namespace: WallNamespace; detach: () => void } {
  const wall: WallNamespace = io.of(WALL_NAMESPACE);
  /** Emit to the county wall and to the wall of the town `regionCode` lies in. */
  const local = (regionCode: string) => wall.to(COUNTY_ROOM).to(townRoom(regionCode));

  wall.on('connection', (socket) => {
    const town = scopeOf(socket.handshake.auth, isTown);
    // A recovered socket keeps its rooms; joining again is harmless.
    void socket.join(town ? townRoom(town) : COUNTY_ROOM);
    if (!socket.recovered) {
      snapshot(town).then(
        // With an acknowledgement: Socket.IO's recovery buffer keeps every un-acknowledged
        // packet for two minutes, and 1,000 walls reconnecting at once held 100 MB of snapshots.
        (s) => socket.timeout(SNAPSHOT_ACK_MS).emit('snapshot', s, () => undefined),
        () => socket.disconnect(true),
      );
    }
    socket.on('snapshot:get', (ack) => {
      if (typeof ack !== 'function') return;
      snapshot(town).then(
        (data) => ack({ data }),
        (err: unknown) => ack({ error: (err as Error).message }),
      );
    });
  });

  const casesChanged = (item: Case) =>
    local(item.regionCode).emit('cases:changed', {
      caseId: item.id,
      regionCode: item.regionCode,
      at: item.updatedAt,
    });
  const handlers: { [K in keyof EventMap]?: (...args: EventMap[K]) => void } = {
    'report.accepted': (report) => local(report.regionCode).emit('report:new', toView(report)),
    'level.changed': (change) => local(change.regionCode).emit('level:changed', change),
    'index.updated': (update) => wall.emit('index:updated', update),
    'alert.raised': (alert) => local(alert.regionCode).emit('alert:raised', alert),
    'alert.updated': (alert) => local(alert.regionCode).emit('alert:updated', alert),
    'alert.cleared': (alert) => local(alert.regionCode).emit('alert:cleared', alert),
    'case.acknowledged': (ack) => wall.emit('case:acknowledged', ack),
    'notify.health': (channels) => wall.emit('notify:health', channels),
    'system.status': (status) => wall.emit('system:status', status),
    'case.opened': (item) => casesChanged(item),
    'case.updated': (item) => casesChanged(item),
    'case.escalated': (event) => casesChanged(event.case),
  };
  // Socket.IO encodes a broadcast before it looks for sockets: with no wall open (a night's
  // import, an ingest-only node) that was a sixth of ingest's CPU spent telling nobody.
  const listeners = Object.entries(handlers).map(([event, handler]) => {
    const send = handler as (...args: unknown[]) => void;
    const listener = (...args: unknown[]) => {
      if (hasAudience(wall)) send(...args);
    };
    return [event as keyof EventMap, listener] as const;
  });
  for (const [event, listener] of listeners) bus.on(event, listener);
  return {
    namespace: wall,
    detach: () => {
      for (const [event, listener] of listeners) bus.off(event, listener);
    },
  };
}

/**
 * A wall is connected, or one dropped within the recovery window and will want what it missed
 * (Socket.IO's session-aware adapter keeps those sessions; its `sessions` map is not typed).
 */
function hasAudience(wall: WallNamespace): boolean {
  if (wall.sockets.size > 0) return true;
  const sessions = (wall.adapter as unknown as { sessions?: Map<string, unknown> }).sessions;
  return (sessions?.size ?? 0) > 0;
}
