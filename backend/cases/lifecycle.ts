import type { CaseStatus } from '#contracts';

/**
 * The case lifecycle: open → acknowledged (签收) → inProgress → resolved (办结) → followedUp
 * (回访) → closed. An unsatisfied follow-up reopens; escalation hands it back to 'open'.
 * Notes (comment, attach, assign) do not change the status.
 */
const FROM: Record<
  'acknowledge' | 'start' | 'resolve' | 'followUp' | 'close',
  readonly CaseStatus[]
> = {
  acknowledge: ['open'],
  start: ['acknowledged', 'reopened'],
  resolve: ['acknowledged', 'inProgress', 'reopened'],
  followUp: ['resolved'],
  close: ['followedUp'],
};

const TO = {
  acknowledge: 'acknowledged',
  start: 'inProgress',
  resolve: 'resolved',
  followUp: 'followedUp',
  close: 'closed',
} as const satisfies Record<keyof typeof FROM, CaseStatus>;

export type Transition = keyof typeof FROM;

/** The status after `action`, or null when the case's status does not allow it. */
export function nextStatus(action: Transition, from: CaseStatus): CaseStatus | null {
  return FROM[action].includes(from) ? TO[action] : null;
}
