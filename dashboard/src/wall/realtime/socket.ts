import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, WallSnapshot } from '#contracts';
import { WALL_NAMESPACE } from '#contracts/vocabulary';
import { wallAuth } from '../access.js';
import { applyConnection, applyFrame, applyInstant, applySnapshot } from '../stores/apply.js';
import type { FrameEvent, ReconnectNoteKind, WallEvent } from '../stores/reducers.js';
import { isFrameEvent } from '../stores/reducers.js';
import { wall } from '../stores/wall.js';
import { createFrameQueue } from './frame-queue.js';

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
/** After a refused handshake, try again in 15–30 s. */
const REFUSED_RETRY_MS = 15_000;
/** Events kept to replay over a snapshot that is on its way. */
const SNAPSHOT_BUFFER_CAP = 10_000;

let socket: WallSocket | null = null;

/**
 * The wall's one socket. It writes nothing itself: every event goes to the stores through
 * stores/apply.ts (pure reducers). Picture events are queued and applied once per frame,
 * snapshots at once. Panels never see the socket; they read the stores.
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
  let sinceRequest: FrameEvent[] | null = null;

  const queue = createFrameQueue<FrameEvent>((batch) => applyFrame(batch));

  /** Every server event but the snapshot: its instant part now, its picture part next frame. */
  function receive(event: WallEvent): void {
    applyInstant(event);
    if (!isFrameEvent(event)) return;
    queue.push(event);
    if (sinceRequest && sinceRequest.length < SNAPSHOT_BUFFER_CAP) sinceRequest.push(event);
  }

  function showNote(kind: ReconnectNoteKind): void {
    applyConnection({ type: 'note', kind });
    window.clearTimeout(noteTimer);
    noteTimer = window.setTimeout(() => applyConnection({ type: 'note-expired' }), NOTE_MS);
  }

  function startStaleTimer(): void {
    window.clearTimeout(staleTimer);
    staleTimer = window.setTimeout(() => applyConnection({ type: 'stale-check' }), STALE_AFTER_MS);
  }

  function onSnapshot(snapshot: WallSnapshot): void {
    window.clearTimeout(snapshotTimer);
    queue.flush();
    applySnapshot(snapshot);
    if (sinceRequest) applyFrame(sinceRequest, { replay: true });
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
    applyConnection({ type: 'connected' });
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
    applyConnection({ type: 'disconnected' });
    window.clearTimeout(snapshotTimer);
    startStaleTimer();
    // The client does not retry after the server closed it on purpose; a wall always should.
    if (reason === 'io server disconnect') window.setTimeout(() => s.connect(), 2_000);
  });

  // A handshake the server refused (admission full, wrong token) is not retried by the client
  // (\`active\` is false); a wall on its own for weeks must try again, with jitter so a room of
  // walls does not come back in one wave.
  s.on('connect_error', (err) => {
    if (s.active) return;
    console.warn('[wall] connection refused', err.message);
    window.setTimeout(() => s.connect(), REFUSED_RETRY_MS + Math.random() * REFUSED_RETRY_MS);
  });

  s.on('snapshot', (snapshot, received) => {
    received();
    onSnapshot(snapshot);
  });
  s.on('reports:new', (reports) => {
    for (const payload of reports) receive({ name: 'report:new', payload });
  });
  s.on('level:changed', (payload) => receive({ name: 'level:changed', payload }));
  s.on('index:updated', (payload) => receive({ name: 'index:updated', payload }));
  s.on('alert:raised', (payload) => receive({ name: 'alert:raised', payload }));
  s.on('alert:updated', (payload) => receive({ name: 'alert:updated', payload }));
  s.on('alert:cleared', (payload) => receive({ name: 'alert:cleared', payload }));
  s.on('case:acknowledged', (payload) => receive({ name: 'case:acknowledged', payload }));
  s.on('notify:health', (payload) => receive({ name: 'notify:health', payload }));
  s.on('system:status', (payload) => receive({ name: 'system:status', payload }));
  s.on('cases:changed', (payload) => receive({ name: 'cases:changed', payload }));

  window.setInterval(() => {
    if (s.connected) requestSnapshot();
  }, RESYNC_MS);

  // Not connected yet counts as disconnected: a wall that never got data must say so too.
  startStaleTimer();
  return s;
}
