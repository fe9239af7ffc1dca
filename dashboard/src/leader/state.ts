import { computed, reactive, shallowReactive } from 'vue';
import type { Alert, Case, Notice, User } from '../../../contracts/index.js';
import { isActiveStatus } from '../../../contracts/case-vocabulary.js';
import { levelRank as rankOf } from '../../../contracts/vocabulary.js';

/** The leader page's state: written by the socket and the API calls, read by the views. */
export const leader = reactive({
  user: null as User | null,
  connected: false,
  /** A red alert pushed live and not yet acknowledged here. */
  alarm: null as { alert: Alert; case: Case } | null,
  notices: [] as Notice[],
  history: [] as Case[],
});

/** Open cases by id. */
export const cases = shallowReactive(new Map<string, Case>());

export function upsertCase(c: Case): void {
  if (isActiveStatus(c.status)) cases.set(c.id, c);
  else cases.delete(c.id);
  if (leader.alarm?.case.id === c.id && c.status !== 'open') leader.alarm = null;
}

export function replaceCases(list: readonly Case[]): void {
  cases.clear();
  for (const c of list) upsertCase(c);
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
