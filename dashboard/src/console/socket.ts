import { io, type Socket } from 'socket.io-client';
import type { LeaderClientToServerEvents, LeaderServerToClientEvents } from '#contracts';
import { LEADER_NAMESPACE } from '#contracts/case-vocabulary';
import { orderChanged, setConnected } from './state.js';

type ConsoleSocket = Socket<LeaderServerToClientEvents, LeaderClientToServerEvents>;

let socket: ConsoleSocket | null = null;

/**
 * The console's one socket: the `/leader` namespace, which authenticates with the session cookie
 * and puts the user in the rooms of their scope. The console listens to `order:changed` only
 * (leaders keep their red alarm on /leader); it writes to the state, and the views refetch.
 */
export function connectConsole(): void {
  if (socket) return;
  const s: ConsoleSocket = io(LEADER_NAMESPACE, { transports: ['websocket'] });
  socket = s;
  s.on('connect', () => setConnected(true));
  s.on('disconnect', () => setConnected(false));
  s.on('connect_error', (err) =>
    setConnected(false, { unauthorized: err.message === 'unauthorized' }),
  );
  s.on('order:changed', (change) => orderChanged(change));
}

export function disconnectConsole(): void {
  socket?.disconnect();
  socket = null;
  setConnected(false);
}
