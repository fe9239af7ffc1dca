import type { Namespace, Server, Socket } from 'socket.io';
import type {
  Case,
  ClientToServerEvents,
  ReportView,
  Response,
  ServerToClientEvents,
  WallSnapshot,
} from '#contracts';
import { WALL_NAMESPACE } from '#contracts';
import type { EventBus, EventMap } from '../events/bus.js';
import { toView } from '../reports/view.js';
import { ReportBatch } from './report-batch.js';
import type { WallSnapshots } from './snapshot.js';
import { WallAdmission, type AdmissionOptions } from './wall-admission.js';

export type WallNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;
type WallSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** How long the server waits for a wall to acknowledge its snapshot before forgetting it. */
const SNAPSHOT_ACK_MS = 30_000;
/** Snapshot rounds at most this often: a scope's snapshot is built once per round, shared. */
export const SNAPSHOT_EVERY_MS = 1_000;
/**
 * One socket's `snapshot:get`s after its first, at most one per this long. The wall asks every
 * 15 min; an answer is encoded per asker, so a socket asking in a loop must not cost a build each.
 */
const SNAPSHOT_GET_GAP_MS = 30_000;
/** Sockets sent a round's snapshot in one turn of the event loop (one encoding each turn). */
const SEND_BATCH = 32;
/** Snapshots sent per second at most, all walls together (WallOptions.snapshotsPerSecond). */
export const SNAPSHOTS_PER_SECOND = 100;

/** Rooms: the county wall hears everything, a town wall (`auth: { region }`) its town only. */
const COUNTY_ROOM = 'county';
const townRoom = (regionCode: string) => `town:${regionCode.slice(0, 9)}`;
/** The town code a socket asked for in its handshake, if it names one; county wall otherwise. */
function scopeOf(auth: unknown, isTown: (code: string) => boolean): string | undefined {
  const region = (auth as { region?: unknown } | undefined)?.region;
  return typeof region === 'string' && isTown(region) ? region : undefined;
}

export interface WallOptions {
  /** Whether a handshake's `auth.region` names a town (a town wall); county wall otherwise. */
  isTown?: (code: string) => boolean;
  /** Per-address and total limits on wall sockets, and which proxies to believe. */
  admission?: AdmissionOptions;
  /** How often snapshots are built and sent, each scope's once (default SNAPSHOT_EVERY_MS). */
  snapshotEveryMs?: number;
  /** Snapshots sent per second at most, all walls together (default SNAPSHOTS_PER_SECOND). */
  snapshotsPerSecond?: number;
}

/**
 * The only place that emits to wall sockets. A new connection gets a snapshot; a connection that
 * Socket.IO recovered gets the events it missed instead. Connections are admitted per address
 * and in all (wall-admission.ts); snapshots are built once per scope and interval for every
 * socket waiting (from one shared copy of the store's newest reports, snapshot.ts), encoded once
 * per batch of sockets and sent within a budget per second: a churn of walls costs no store read
 * and no build per connection, and no more bytes a second than the budget.
 */
export function attachWall(
  io: Server,
  bus: EventBus,
  snapshots: WallSnapshots,
  options: WallOptions = {},
): { namespace: WallNamespace; admission: WallAdmission; detach: () => void } {
  const wall: WallNamespace = io.of(WALL_NAMESPACE);
  const isTown = options.isTown ?? (() => false);
  const admission = new WallAdmission(options.admission);
  admission.guard(wall);
  const rounds = new SnapshotRounds(
    wall,
    snapshots,
    options.snapshotEveryMs ?? SNAPSHOT_EVERY_MS,
    options.snapshotsPerSecond ?? SNAPSHOTS_PER_SECOND,
  );
  /** Emit to the county wall and to the wall of the town `regionCode` lies in. */
  const local = (regionCode: string) => wall.to(COUNTY_ROOM).to(townRoom(regionCode));
  /** New reports, gathered (report-batch.ts): the county wall gets all, a town wall its own. */
  const reports = new ReportBatch((batch) => {
    wall.to(COUNTY_ROOM).emit('reports:new', batch);
    const byTown = new Map<string, ReportView[]>();
    for (const report of batch) {
      const room = townRoom(report.regionCode);
      const list = byTown.get(room);
      if (list) list.push(report);
      else byTown.set(room, [report]);
    }
    for (const [room, list] of byTown) wall.to(room).emit('reports:new', list);
  });

  wall.on('connection', (socket) => {
    if (!admission.admit(socket)) return;
    const town = scopeOf(socket.handshake.auth, isTown);
    // A recovered socket keeps its rooms; joining again is harmless. Joined before its snapshot
    // is built: what happens in between reaches it as events (the wall applies them again over
    // the snapshot), and the snapshot is built after this moment.
    void socket.join(town ? townRoom(town) : COUNTY_ROOM);
    if (!socket.recovered) rounds.push(socket, town);
    let lastAsk = Number.NEGATIVE_INFINITY;
    socket.on('snapshot:get', (ack) => {
      if (typeof ack !== 'function') return;
      const now = performance.now();
      if (now - lastAsk < SNAPSHOT_GET_GAP_MS) {
        ack({ error: 'snapshot requested too often; the last one is on its way or arrived' });
        return;
      }
      lastAsk = now;
      rounds.answer(town, ack);
    });
  });

  const casesChanged = (item: Case) =>
    local(item.regionCode).emit('cases:changed', {
      caseId: item.id,
      regionCode: item.regionCode,
      at: item.updatedAt,
    });
  const handlers: { [K in keyof EventMap]?: (...args: EventMap[K]) => void } = {
    'report.accepted': (report) => reports.add(toView(report)),
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
      // Whatever follows a report (its levels, alerts) must not overtake it.
      if (event !== 'report.accepted') reports.flush();
      if (hasAudience(wall)) send(...args);
    };
    return [event as keyof EventMap, listener] as const;
  });
  // The snapshots' shared copy of the newest reports follows every report, audience or not.
  const keepRecent = (...[report]: EventMap['report.accepted']) => snapshots.accepted(report);
  bus.on('report.accepted', keepRecent);
  for (const [event, listener] of listeners) bus.on(event, listener);
  return {
    namespace: wall,
    admission,
    detach: () => {
      bus.off('report.accepted', keepRecent);
      for (const [event, listener] of listeners) bus.off(event, listener);
      reports.close();
      rounds.close();
    },
  };
}

/** A socket waiting for its first snapshot, or a `snapshot:get` waiting for its answer. */
interface Waiting {
  town: string | undefined;
  socket?: WallSocket;
  ack?: (response: Response<WallSnapshot>) => void;
}

/**
 * Snapshots, served in rounds at most `everyMs` apart: the first wall after a quiet spell gets its
 * snapshot at once; walls arriving meanwhile wait for the next round. A round serves the oldest
 * waiting, all scopes together, up to `perSecond` a second (a snapshot is 70–160 KB: copying it
 * to sockets is what a churn of walls costs once building is shared; 1,000 walls churning asked
 * for 230 a second, 36 MB/s), and builds each scope's snapshot once for all it serves. A socket
 * is served after it joined its room, so it misses nothing: what happens meanwhile reaches it as
 * events, which the wall applies again over the snapshot.
 */
class SnapshotRounds {
  private queue: Waiting[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the last round started (monotonic ms). */
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly perRound: number;

  constructor(
    private readonly wall: WallNamespace,
    private readonly snapshots: WallSnapshots,
    private readonly everyMs: number,
    perSecond: number,
  ) {
    this.perRound = Math.max(1, Math.round((perSecond * everyMs) / 1000));
  }

  push(socket: WallSocket, town: string | undefined): void {
    this.queue.push({ town, socket });
    this.schedule();
  }

  answer(town: string | undefined, ack: (response: Response<WallSnapshot>) => void): void {
    this.queue.push({ town, ack });
    this.schedule();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
    this.head = 0;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastAt + this.everyMs - performance.now());
    this.timer = setTimeout(() => this.round(), wait);
  }

  private round(): void {
    this.timer = null;
    this.lastAt = performance.now();
    const scopes = new Map<
      string,
      { town: string | undefined; ids: string[]; acks: Waiting['ack'][] }
    >();
    let served = 0;
    while (this.head < this.queue.length && served < this.perRound) {
      const next = this.queue[this.head++] as Waiting;
      if (next.socket && !next.socket.connected) continue; // gone before its turn: costs nothing
      served++;
      const key = next.town ?? '';
      let scope = scopes.get(key);
      if (!scope) {
        scope = { town: next.town, ids: [], acks: [] };
        scopes.set(key, scope);
      }
      if (next.socket) scope.ids.push(next.socket.id);
      if (next.ack) scope.acks.push(next.ack);
    }
    if (this.head === this.queue.length || this.head > 1_000) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.queue.length > 0) this.schedule();
    for (const { town, ids, acks } of scopes.values()) {
      this.snapshots.build(town).then(
        (snapshot) => {
          this.send(snapshot, ids);
          for (const ack of acks) ack?.({ data: snapshot });
        },
        (err: unknown) => {
          for (const id of ids) this.wall.sockets.get(id)?.disconnect(true);
          for (const ack of acks) ack?.({ error: (err as Error).message });
        },
      );
    }
  }

  /**
   * One broadcast per SEND_BATCH sockets, a turn of the event loop apart: a full round (100
   * walls) is 16 MB to copy to sockets, and requests get in between the batches.
   */
  private send(snapshot: WallSnapshot, ids: string[]): void {
    const batch = ids.slice(0, SEND_BATCH).filter((id) => this.wall.sockets.has(id));
    // With an acknowledgement: Socket.IO's recovery buffer keeps every un-acknowledged packet
    // for two minutes, and 1,000 walls reconnecting at once held 100 MB of snapshots.
    if (batch.length > 0) {
      this.wall
        .to(batch)
        .timeout(SNAPSHOT_ACK_MS)
        .emit('snapshot', snapshot, () => undefined);
    }
    if (ids.length > SEND_BATCH) setImmediate(() => this.send(snapshot, ids.slice(SEND_BATCH)));
  }
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
