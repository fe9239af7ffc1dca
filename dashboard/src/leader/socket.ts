import { io, type Socket } from 'socket.io-client';
import type {
  LeaderClientToServerEvents,
  LeaderServerToClientEvents,
} from '../../../contracts/index.js';
import { LEADER_NAMESPACE } from '../../../contracts/case-vocabulary.js';
import { LEVEL_LABEL_ZH } from '../../../contracts/vocabulary.js';
import { playAlarm, showNotification } from './alarm.js';
import { api } from './api.js';
import { leader, replaceCases, upsertCase } from './state.js';

type LeaderSocket = Socket<LeaderServerToClientEvents, LeaderClientToServerEvents>;

let socket: LeaderSocket | null = null;

/** Reload the open cases (after a (re)connect, events may have been missed). */
export async function refreshCases(): Promise<void> {
  const [{ cases }, { notices }] = await Promise.all([api.openCases(), api.notices()]);
  replaceCases(cases);
  leader.notices = notices;
}

/** The leader's one socket; the session cookie authenticates it. */
export function connectLeader(): void {
  if (socket) return;
  const s: LeaderSocket = io(LEADER_NAMESPACE, { transports: ['websocket'] });
  socket = s;
  s.on('connect', () => {
    leader.connected = true;
    refreshCases().catch((err: unknown) => console.warn('[leader] refresh failed', err));
  });
  s.on('disconnect', () => (leader.connected = false));
  s.on('connect_error', (err) => {
    leader.connected = false;
    if (err.message === 'unauthorized') leader.user = null;
  });
  s.on('case:opened', upsertCase);
  s.on('case:updated', upsertCase);
  s.on('case:escalated', (e) => upsertCase(e.case));
  s.on('alert:red', (push) => {
    upsertCase(push.case);
    if (push.case.status !== 'open') return;
    leader.alarm = push;
    playAlarm();
    showNotification(
      `${LEVEL_LABEL_ZH.red}预警 · 请立即签收`,
      `${push.case.title}（工单 ${push.case.number}）`,
      push.case.id,
    );
  });
  s.on('notice:new', (notice) => {
    leader.notices = [notice, ...leader.notices].slice(0, 100);
  });
}

export function disconnectLeader(): void {
  socket?.disconnect();
  socket = null;
  leader.connected = false;
}
