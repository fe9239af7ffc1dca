import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ReportView,
  ServerToClientEvents,
  WallSnapshot,
} from '../../../contracts/index.js';
import { WALL_NAMESPACE } from '../../../contracts/vocabulary.js';
import type { ReconnectNoteKind, WallEvent } from '../stores/wall.js';
import { applyEvents, replaceSnapshot, setSystemStatus, wall } from '../stores/wall.js';
import { countReports } from '../stores/trend.js';
import { countCategories } from '../stores/categories.js';
import { wallAuth } from './access.js';
import { refreshCasesSoon } from './cases.js';
import { createFrameQueue } from './frameQueue.js';
import { setChannels } from '../panels/NotifyHealth/health.js';
import { noteAcknowledged, noteAlert, replaceAwaiting } from '../panels/RedTakeover/takeover.js';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Disconnected this long, the wall says its data may be out of date. */
export const STALE_AFTER_MS = 3_000;
/** How long the "caught up" note stays after a reconnect. */
const NOTE_MS = 8_000;
/** A fresh connection that has no snapshot after this long asks for one. */
const SNAPSHOT_WAIT_MS = 5_000;
/** A full snapshot every so often, so weeks of events can never drift from the server. */
const RESYNC_MS = 15 * 60_000;
const ACK_TIMEOUT_MS = 10_000;
/** Events kept to replay over a snapshot that is on its way. */
const SNAPSHOT_BUFFER_CAP = 10_000;

export const NOTE_TEXT: Record<ReconnectNoteKind, string> = {
  recovered: '已恢复断线期间的数据',
  reloaded: '已重新加载最新数据',
};

let socket: WallSocket | null = null;

/**
 * The wall's one socket. Events are queued and applied to the store once per frame; snapshots
 * replace the store at once. Panels never see the socket.
 */
export function connectWall(): WallSocket {
  if (socket) return socket;
  const s: WallSocket = io(WALL_NAMESPACE, {
    transports: ['websocket'],
    auth: wallAuth(),
  });
  socket = s;

  let everConnected = false;
  let staleTimer = 0;
  let noteTimer = 0;
  let snapshotTimer = 0;
  let reloadNotePending = false;
  /**
   * Events that arrived while a snapshot was being built and sent. The snapshot may not include
   * them, so they are applied again on top of it (every apply step is idempotent and time-guarded).
   */
  let sinceRequest: WallEvent[] | null = null;

  const queue = createFrameQueue<WallEvent>((batch) => {
    applyEvents(batch);
    const reports: ReportView[] = [];
    for (const event of batch) if (event.name === 'report:new') reports.push(event.payload);
    countReports(reports);
    countCategories(reports);
  });

  function enqueue(event: WallEvent): void {
    queue.push(event);
    if (sinceRequest && sinceRequest.length < SNAPSHOT_BUFFER_CAP) sinceRequest.push(event);
  }

  function showNote(kind: ReconnectNoteKind): void {
    wall.connection.note = { kind, text: NOTE_TEXT[kind] };
    window.clearTimeout(noteTimer);
    noteTimer = window.setTimeout(() => (wall.connection.note = null), NOTE_MS);
  }

  function startStaleTimer(): void {
    window.clearTimeout(staleTimer);
    staleTimer = window.setTimeout(() => {
      if (!s.connected) wall.connection.stale = true;
    }, STALE_AFTER_MS);
  }

  function onSnapshot(snapshot: WallSnapshot): void {
    window.clearTimeout(snapshotTimer);
    queue.flush();
    replaceSnapshot(snapshot);
    replaceAwaiting(snapshot.awaitingAck ?? []);
    setChannels(snapshot.notifyHealth);
    if (sinceRequest) applyEvents(sinceRequest);
    sinceRequest = null;
    if (reloadNotePending) {
      reloadNotePending = false;
      showNote('reloaded');
    }
  }

  function requestSnapshot(): void {
    sinceRequest ??= [];
    s.timeout(ACK_TIMEOUT_MS).emit('snapshot:get', (err, response) => {
      if (err || 'error' in response) {
        console.warn('[wall] snapshot request failed', err ?? response);
        if (!wall.snapshotAt.value && s.connected) {
          snapshotTimer = window.setTimeout(requestSnapshot, SNAPSHOT_WAIT_MS);
        } else {
          sinceRequest = null;
        }
        return;
      }
      onSnapshot(response.data);
    });
  }

  s.on('connect', () => {
    window.clearTimeout(staleTimer);
    wall.connection.connected = true;
    wall.connection.stale = false;
    if (s.recovered) {
      // Connection-state recovery: the server replays what we missed, no snapshot follows.
      if (everConnected) showNote('recovered');
    } else {
      // A fresh session: the server sends a snapshot on connect; ask if it does not come.
      sinceRequest = [];
      reloadNotePending = everConnected;
      window.clearTimeout(snapshotTimer);
      snapshotTimer = window.setTimeout(requestSnapshot, SNAPSHOT_WAIT_MS);
    }
    everConnected = true;
  });

  s.on('disconnect', (reason) => {
    wall.connection.connected = false;
    window.clearTimeout(snapshotTimer);
    startStaleTimer();
    // The client does not retry after the server closed it on purpose; a wall always should.
    if (reason === 'io server disconnect') window.setTimeout(() => s.connect(), 2_000);
  });

  s.on('snapshot', (snapshot, received) => {
    received();
    onSnapshot(snapshot);
  });
  s.on('report:new', (payload) => enqueue({ name: 'report:new', payload }));
  s.on('level:changed', (payload) => enqueue({ name: 'level:changed', payload }));
  s.on('index:updated', (payload) => enqueue({ name: 'index:updated', payload }));
  s.on('alert:raised', (payload) => enqueue({ name: 'alert:raised', payload }));
  s.on('alert:updated', (payload) => enqueue({ name: 'alert:updated', payload }));
  s.on('alert:cleared', (payload) => enqueue({ name: 'alert:cleared', payload }));
  // The red takeover and the channel badge keep their own small state (panels/RedTakeover, NotifyHealth).
  s.on('alert:raised', noteAlert);
  s.on('alert:updated', noteAlert);
  s.on('case:acknowledged', noteAcknowledged);
  s.on('notify:health', setChannels);
  s.on('system:status', setSystemStatus);
  // The case panels refetch their statistics when alerts or cases move.
  s.on('alert:raised', refreshCasesSoon);
  s.on('alert:updated', refreshCasesSoon);
  s.on('alert:cleared', refreshCasesSoon);
  s.on('case:acknowledged', refreshCasesSoon);
  s.on('cases:changed', refreshCasesSoon);

  window.setInterval(() => {
    if (s.connected) requestSnapshot();
  }, RESYNC_MS);

  // Not connected yet counts as disconnected: a wall that never got data must say so too.
  startStaleTimer();
  return s;
}
