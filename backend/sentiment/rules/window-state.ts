import type { Level, WindowRule } from '#contracts';
import { levelRank } from '#contracts';

/** Where one window rule stands for one region (and category). */
export interface WindowState {
  level: Level;
  /** A higher level waiting out the rule's pending period. */
  pending: { level: Level; since: number } | null;
  /** When the count fell below the current level's clear threshold. */
  belowSince: number | null;
}

export const CALM: WindowState = { level: 'none', pending: null, belowSince: null };

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
 * to whatever still holds above its `clearBelow`) only after `clearAfterMinutes` below.
 */
export function stepWindowState(
  rule: WindowRule,
  state: WindowState,
  count: number,
  now: number,
): WindowState {
  const raiseTo = highest(rule.thresholds, (t) => count >= t.raiseAt);
  if (levelRank(raiseTo) > levelRank(state.level)) {
    const since =
      state.pending && levelRank(state.pending.level) <= levelRank(raiseTo)
        ? state.pending.since
        : now;
    if (now - since >= rule.pendingSeconds * 1000) {
      return { level: raiseTo, pending: null, belowSince: null };
    }
    return { level: state.level, pending: { level: raiseTo, since }, belowSince: null };
  }
  const current = thresholdFor(rule, state.level);
  if (!current || count >= current.clearBelow) {
    return { level: state.level, pending: null, belowSince: null };
  }
  const belowSince = state.belowSince ?? now;
  if (now - belowSince < rule.clearAfterMinutes * 60_000) {
    return { level: state.level, pending: null, belowSince };
  }
  const holds = highest(
    rule.thresholds,
    (t) => count >= t.clearBelow && levelRank(t.level) < levelRank(state.level),
  );
  return { level: holds, pending: null, belowSince: null };
}
