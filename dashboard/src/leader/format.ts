import { countdown as countdownTo, formatWhen } from '../shared/time.js';

export { formatWhen };

/** 剩余 12:34, or 已超时 05:10; '—' without a deadline. */
export function countdown(due: number | null, now: number): { text: string; late: boolean } {
  return due === null ? { text: '—', late: false } : countdownTo(due, now);
}

/** Robot messages link to /leader#case=<id>: that case opens once logged in. */
export function linkedCaseId(): string | null {
  return /^#case=([\w-]+)$/.exec(window.location.hash)?.[1] ?? null;
}
