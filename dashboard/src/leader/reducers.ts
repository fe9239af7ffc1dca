import type { Alert, Case, LeaderServerToClientEvents, Notice } from '#contracts';
import { isActiveStatus } from '#contracts/case-vocabulary';

/**
 * What the leader socket's events do to the page's state, as pure functions:
 * (state, event) → the changes. state.ts applies them; the socket only hands events over.
 */

export const NOTICES_CAP = 100;

type EventName = keyof LeaderServerToClientEvents;

/** One server event on the `/leader` namespace, as the socket received it. */
export type LeaderEvent = {
  [K in EventName]: { name: K; payload: Parameters<LeaderServerToClientEvents[K]>[0] };
}[EventName];

/** A red alert pushed live and not yet acknowledged here. */
export interface RedAlarmPush {
  alert: Alert;
  case: Case;
}

export interface LeaderState {
  /** Open cases by id. */
  cases: ReadonlyMap<string, Case>;
  alarm: RedAlarmPush | null;
  notices: readonly Notice[];
}

/** Absent = unchanged. */
export interface LeaderChanges {
  /** Cases to set, or to drop from the open list (null). */
  cases: ReadonlyMap<string, Case | null>;
  alarm?: RedAlarmPush | null;
  notices?: Notice[];
}

export function reduceLeader(state: LeaderState, event: LeaderEvent): LeaderChanges {
  switch (event.name) {
    case 'case:opened':
    case 'case:updated':
      return caseChanges(state, event.payload);
    case 'case:escalated':
      return caseChanges(state, event.payload.case);
    case 'alert:red': {
      const changes = caseChanges(state, event.payload.case);
      // Only a case still waiting for 签收 rings; a late push for a signed one just updates it.
      return event.payload.case.status === 'open' ? { ...changes, alarm: event.payload } : changes;
    }
    case 'notice:new':
      return {
        cases: new Map(),
        notices: [event.payload, ...state.notices].slice(0, NOTICES_CAP),
      };
    case 'order:changed':
      // Work orders live on the console (/console); the leader page keeps to cases and alarms.
      return { cases: new Map() };
  }
}

/**
 * A case as it now stands: kept in the open list while active, dropped when done; the red alarm
 * for it ends once it is no longer waiting for 签收.
 */
export function caseChanges(state: LeaderState, c: Case): LeaderChanges {
  const changes: LeaderChanges = { cases: new Map([[c.id, isActiveStatus(c.status) ? c : null]]) };
  if (state.alarm?.case.id === c.id && c.status !== 'open') changes.alarm = null;
  return changes;
}
