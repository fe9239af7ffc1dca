import type { Namespace, Server } from 'socket.io';
import type {
  ClientToServerEvents,
  Report,
  ReportView,
  ServerToClientEvents,
  WallSnapshot,
} from '../../contracts/index.js';
import { WALL_NAMESPACE } from '../../contracts/index.js';
import type { EventBus, EventMap } from '../events/bus.js';

export type WallNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

export function toView(report: Report): ReportView {
  const { phoneHash: _hash, externalId: _ext, ...view } = report;
  return view;
}

/**
 * The only place that emits to wall sockets. A new connection gets a snapshot; a connection that
 * Socket.IO recovered gets the events it missed instead.
 */
export function attachWall(
  io: Server,
  bus: EventBus,
  snapshot: () => Promise<WallSnapshot>,
): { namespace: WallNamespace; detach: () => void } {
  const wall: WallNamespace = io.of(WALL_NAMESPACE);

  wall.on('connection', (socket) => {
    if (!socket.recovered) {
      snapshot().then(
        (s) => socket.emit('snapshot', s),
        () => socket.disconnect(true),
      );
    }
    socket.on('snapshot:get', (ack) => {
      if (typeof ack !== 'function') return;
      snapshot().then(
        (data) => ack({ data }),
        (err: unknown) => ack({ error: (err as Error).message }),
      );
    });
  });

  const handlers: { [K in keyof EventMap]?: (...args: EventMap[K]) => void } = {
    'report.accepted': (report) => wall.emit('report:new', toView(report)),
    'level.changed': (change) => wall.emit('level:changed', change),
    'index.updated': (update) => wall.emit('index:updated', update),
    'alert.raised': (alert) => wall.emit('alert:raised', alert),
    'alert.updated': (alert) => wall.emit('alert:updated', alert),
    'alert.cleared': (alert) => wall.emit('alert:cleared', alert),
    'case.acknowledged': (ack) => wall.emit('case:acknowledged', ack),
    'notify.health': (channels) => wall.emit('notify:health', channels),
  };
  for (const [event, handler] of Object.entries(handlers)) {
    bus.on(event as keyof EventMap, handler as (...args: unknown[]) => void);
  }
  return {
    namespace: wall,
    detach: () => {
      for (const [event, handler] of Object.entries(handlers)) {
        bus.off(event as keyof EventMap, handler as (...args: unknown[]) => void);
      }
    },
  };
}
