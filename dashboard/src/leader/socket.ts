import { io, type Socket } from 'socket.io-client';
import type { LeaderClientToServerEvents, LeaderServerToClientEvents } from '#contracts';
import { LEADER_NAMESPACE } from '#contracts/case-vocabulary';
import type { LeaderEvent } from './reducers.js';
import { applyLeaderEvent, setConnected } from './state.js';

type LeaderSocket = Socket<LeaderServerToClientEvents, LeaderClientToServerEvents>;

let socket: LeaderSocket | null = null;

/**
 * The leader's one socket; the session cookie authenticates it. It writes only to the state
 * store (state.ts); what follows from the state (reloading on connect, ringing) lives there
 * and in LeaderApp.
 */
export function connectLeader(): void {
  if (socket) return;
  const s: LeaderSocket = io(LEADER_NAMESPACE, { transports: ['websocket'] });
  socket = s;
  const receive = (event: LeaderEvent): void => applyLeaderEvent(event);
  s.on('connect', () => setConnected(true));
  s.on('disconnect', () => setConnected(false));
  s.on('connect_error', (err) =>
    setConnected(false, { unauthorized: err.message === 'unauthorized' }),
  );
  s.on('case:opened', (payload) => receive({ name: 'case:opened', payload }));
  s.on('case:updated', (payload) => receive({ name: 'case:updated', payload }));
  s.on('case:escalated', (payload) => receive({ name: 'case:escalated', payload }));
  s.on('alert:red', (payload) => receive({ name: 'alert:red', payload }));
  s.on('notice:new', (payload) => receive({ name: 'notice:new', payload }));
}

export function disconnectLeader(): void {
  socket?.disconnect();
  socket = null;
  setConnected(false);
}
