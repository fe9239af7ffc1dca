import { computed, reactive, shallowReactive } from 'vue';
import type { Case, Notice, User } from '#contracts';
import { levelRank as rankOf } from '#contracts/vocabulary';
import type { LeaderChanges, LeaderEvent, RedAlarmPush } from './reducers.js';
import { caseChanges, reduceLeader } from './reducers.js';

/**
 * The leader page's state: the socket's events arrive through `applyLeaderEvent` (pure
 * reducers in reducers.ts), the API answers through the setters below; the views read it.
 */
export const leader = reactive({
  user: null as User | null,
  connected: false,
  /** A red alert pushed live and not yet acknowledged here. */
  alarm: null as RedAlarmPush | null,
  notices: [] as Notice[],
});

/** Open cases by id. */
export const cases = shallowReactive(new Map<string, Case>());

function apply(changes: LeaderChanges): void {
  for (const [id, c] of changes.cases) {
    if (c) cases.set(id, c);
    else cases.delete(id);
  }
  if (changes.alarm !== undefined) leader.alarm = changes.alarm;
  if (changes.notices) leader.notices = changes.notices;
}

function current() {
  return { cases, alarm: leader.alarm, notices: leader.notices };
}

export function applyLeaderEvent(event: LeaderEvent): void {
  apply(reduceLeader(current(), event));
}

/** A case as an API call returned it. */
export function upsertCase(c: Case): void {
  apply(caseChanges(current(), c));
}

/** The open cases and the notices, reloaded whole (after a (re)connect). */
export function replaceCases(list: readonly Case[], notices: Notice[]): void {
  cases.clear();
  for (const c of list) upsertCase(c);
  leader.notices = notices;
}

/** The socket's connection; a refused session signs the page out. */
export function setConnected(connected: boolean, options: { unauthorized?: boolean } = {}): void {
  leader.connected = connected;
  if (options.unauthorized) leader.user = null;
}

/** The deadline that matters now: 签收 while open, else 办结. */
export function dueOf(c: Case): number | null {
  return c.status === 'open' ? c.ackDueAt : c.resolveDueAt;
}

/** Most urgent first: level, then the nearest deadline. */
export const casesByUrgency = computed<Case[]>(() =>
  [...cases.values()].sort(
    (a, b) =>
      rankOf(b.level) - rankOf(a.level) ||
      (dueOf(a) ?? Infinity) - (dueOf(b) ?? Infinity) ||
      b.openedAt - a.openedAt,
  ),
);
