import type { DefaultEventsMap, Namespace, Server } from 'socket.io';
import type {
  Case,
  LeaderClientToServerEvents,
  LeaderServerToClientEvents,
  User,
} from '#contracts';
import { LEADER_NAMESPACE } from '#contracts';
import { userFromToken, type Auth } from '../auth/middleware.js';
import { tokenFrom } from '../auth/session.js';
import type { EventBus, EventMap } from '../events/bus.js';
import type { RegionTree } from '../regions/tree.js';
import { scopeOf } from '../users/directory.js';

interface SocketData {
  user: User;
}

export type LeaderNamespace = Namespace<
  LeaderClientToServerEvents,
  LeaderServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;

const scopeRoom = (code: string) => `scope:${code}`;
const userRoom = (id: string) => `user:${id}`;

/**
 * The `/leader` namespace: one login check for every socket (namespace middleware, token from
 * the handshake's `auth.token` or the session cookie), then rooms per scope region, so a case
 * reaches exactly the users whose scope contains it.
 */
export function attachLeader(
  io: Server,
  bus: EventBus,
  auth: Auth,
  tree: RegionTree,
): { namespace: LeaderNamespace; detach: () => void } {
  const ns: LeaderNamespace = io.of(LEADER_NAMESPACE);

  ns.use((socket, next) => {
    const given = (socket.handshake.auth as { token?: unknown }).token;
    const token =
      typeof given === 'string'
        ? given
        : tokenFrom({ cookie: socket.handshake.headers.cookie ?? undefined });
    const user = userFromToken(auth, token);
    if (!user) {
      next(new Error('unauthorized'));
      return;
    }
    socket.data.user = user;
    next();
  });

  ns.on('connection', (socket) => {
    const user = socket.data.user;
    void socket.join([userRoom(user.id), ...scopeOf(user).map(scopeRoom)]);
  });

  /** Rooms of every region on the case's path to the county: whoever's scope contains it. */
  const roomsFor = (c: Case) => tree.lineage(c.regionCode).map((r) => scopeRoom(r.code));

  const handlers: { [K in keyof EventMap]?: (...args: EventMap[K]) => void } = {
    'case.opened': (c) => ns.to(roomsFor(c)).emit('case:opened', c),
    'case.updated': (c) => ns.to(roomsFor(c)).emit('case:updated', c),
    'case.escalated': (e) => ns.to(roomsFor(e.case)).emit('case:escalated', e),
    'case.red': (push) => ns.to(roomsFor(push.case)).emit('alert:red', push),
    'notice.created': (notice) => ns.to(userRoom(notice.userId)).emit('notice:new', notice),
    // An order is seen by the scopes over where it happened and over the unit that holds it.
    // Volatile: a hint to refetch (a console that reconnects reloads anyway), so Socket.IO's
    // recovery buffer does not keep two minutes of every order (at 300 reports/s, 100 MB); and
    // nothing at all when no one is connected.
    'order.changed': (change) => {
      if (ns.sockets.size === 0) return;
      ns.volatile
        .to([
          ...tree.lineage(change.order.regionCode).map((r) => scopeRoom(r.code)),
          ...tree.lineage(change.order.unitCode).map((r) => scopeRoom(r.code)),
        ])
        .emit('order:changed', change);
    },
  };
  for (const [event, handler] of Object.entries(handlers)) {
    bus.on(event as keyof EventMap, handler as (...args: unknown[]) => void);
  }
  return {
    namespace: ns,
    detach: () => {
      for (const [event, handler] of Object.entries(handlers)) {
        bus.off(event as keyof EventMap, handler as (...args: unknown[]) => void);
      }
    },
  };
}
