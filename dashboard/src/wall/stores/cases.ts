import { computed, shallowRef } from 'vue';
import type { CaseDeadline, WallCasesSummary } from '#contracts';

/** The server's case statistics (cases.db), replaced whole on each fetch; null until the first. */
export const caseSummary = shallowRef<WallCasesSummary | null>(null);

/**
 * Server time minus this browser's time at the last fetch: deadlines are the server's, so the
 * countdowns run on the server's clock even when the wall PC's clock is off.
 */
export const serverSkew = shallowRef(0);

/**
 * Alert and case events the socket has seen (counted by `apply.ts`): the case poller refetches
 * the summary soon after this moves.
 */
export const caseEvents = shallowRef(0);

export function setCaseSummary(summary: WallCasesSummary, receivedAt = Date.now()): void {
  serverSkew.value = summary.at - receivedAt;
  caseSummary.value = summary;
}

/** The next case deadline of each alert (签收 or 办结), for the alert list's countdowns. */
export const deadlineByAlert = computed<ReadonlyMap<string, CaseDeadline>>(() => {
  const map = new Map<string, CaseDeadline>();
  for (const d of caseSummary.value?.deadlines ?? []) map.set(d.alertId, d);
  return map;
});

/** Alerts whose case is silenced (its latest raise fell in a silence): no takeover for them. */
export const silencedAlerts = computed<ReadonlySet<string>>(
  () =>
    new Set((caseSummary.value?.deadlines ?? []).filter((d) => d.silenced).map((d) => d.alertId)),
);
