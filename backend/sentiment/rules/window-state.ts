import type { Level, WindowRule } from '#contracts';
import { levelRank } from '#contracts';

/** Where one window rule stands for one region (and category). */
export interface WindowState {
  level: Level;
  /** A higher level waiting out the rule's pending period. */
  pending: { level: Level; since: number } | null;
  /** When the count fell below the current level's clear threshold. */
  belowSince: number | null;
  /**
   * When the current level was reached: for a raise, when the count reached it (after the
   * pending wait), by the reports' own times; for a clear, when it cleared. Null before any.
   */
  since: number | null;
}

export const CALM: WindowState = { level: 'none', pending: null, belowSince: null, since: null };

/**
 * Where the count's turning points lie in time, read from the reports' own (occurrence) times, so
 * a state does not depend on when it was looked at: not on arrival order, nor on the tick.
 */
export interface CountMoments {
  /** When the count reached `raiseAt` (the raiseAt-th report of the window, in time order). */
  reached(raiseAt: number): number;
  /** When the count fell below `clearBelow` (a report left the window). */
  fellBelow(clearBelow: number): number;
}

/** Without the reports at hand: every moment is the time of the step. */
const atTheStep = (now: number): CountMoments => ({ reached: () => now, fellBelow: () => now });

type Threshold = WindowRule['thresholds'][number];

function highest(thresholds: readonly Threshold[], ok: (t: Threshold) => boolean): Level {
  let level: Level = 'none';
  for (const t of thresholds) {
    if (ok(t) && levelRank(t.level) > levelRank(level)) level = t.level;
  }
  return level;
}

export function thresholdFor(rule: WindowRule, level: Level): Threshold | undefined {
  return rule.thresholds.find((t) => t.level === level);
}

/**
 * One step of the hysteresis machine: raise at `raiseAt` after `pendingSeconds`, and clear (down
 * to whatever still holds above its `clearBelow`) only after `clearAfterMinutes` below. The
 * pending and clear clocks start at the moments the count crossed (`moments`), never later than
 * `now`, and a level is never placed before the one it follows.
 */
export function stepWindowState(
  rule: WindowRule,
  state: WindowState,
  count: number,
  now: number,
  moments: CountMoments = atTheStep(now),
): WindowState {
  const raiseTo = highest(rule.thresholds, (t) => count >= t.raiseAt);
  if (levelRank(raiseTo) > levelRank(state.level)) {
    const reached = moments.reached(thresholdFor(rule, raiseTo)?.raiseAt ?? count);
    const since =
      state.pending && levelRank(state.pending.level) <= levelRank(raiseTo)
        ? state.pending.since
        : Math.min(now, Math.max(reached, state.since ?? -Infinity));
    if (now - since >= rule.pendingSeconds * 1000) {
      return {
        level: raiseTo,
        pending: null,
        belowSince: null,
        since: since + rule.pendingSeconds * 1000,
      };
    }
    return {
      level: state.level,
      pending: { level: raiseTo, since },
      belowSince: null,
      since: state.since,
    };
  }
  const current = thresholdFor(rule, state.level);
  if (!current || count >= current.clearBelow) {
    return { level: state.level, pending: null, belowSince: null, since: state.since };
  }
  const belowSince = state.belowSince ?? Math.min(now, moments.fellBelow(current.clearBelow));
  if (now - belowSince < rule.clearAfterMinutes * 60_000) {
    return { level: state.level, pending: null, belowSince, since: state.since };
  }
  const holds = highest(
    rule.thresholds,
    (t) => count >= t.clearBelow && levelRank(t.level) < levelRank(state.level),
  );
  return { level: holds, pending: null, belowSince: null, since: now };
}
