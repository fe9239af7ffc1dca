import { createHash } from 'node:crypto';
import type { Alert } from '#contracts';
import type { RuleSignal } from '../rules/signal.js';

export type AlertEvent = { type: 'raised' | 'updated' | 'cleared'; alert: Alert };

const RECENTLY_CLEARED = 200;

function alertId(regionCode: string, ruleKey: string, raisedAt: number): string {
  return createHash('sha1')
    .update(`${regionCode}|${ruleKey}|${raisedAt}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * 预警: one active alert per region + rule instance. A rule that rises again while active updates
 * its alert instead of raising another; it clears when the rule clears, saying when and why.
 * Ids derive from region, rule and raise time, so a replay after restart yields the same ids.
 */
export class AlertBook {
  private readonly active = new Map<string, Alert>();
  private readonly cleared: Alert[] = [];

  apply(signal: RuleSignal): AlertEvent | null {
    const key = `${signal.regionCode}|${signal.ruleKey}`;
    const current = this.active.get(key);
    if (signal.level === 'none') {
      if (!current) return null;
      this.active.delete(key);
      const alert: Alert = {
        ...current,
        status: 'cleared',
        updatedAt: signal.at,
        clearedAt: signal.at,
        clearReason: signal.explanation.reason,
      };
      this.cleared.unshift(alert);
      this.cleared.length = Math.min(this.cleared.length, RECENTLY_CLEARED);
      return { type: 'cleared', alert };
    }
    if (current) {
      const alert: Alert = {
        ...current,
        level: signal.level,
        explanation: signal.explanation,
        updatedAt: signal.at,
      };
      this.active.set(key, alert);
      return { type: 'updated', alert };
    }
    const alert: Alert = {
      id: alertId(signal.regionCode, signal.ruleKey, signal.at),
      regionCode: signal.regionCode,
      ruleId: signal.ruleId,
      ruleKey: signal.ruleKey,
      level: signal.level,
      status: 'active',
      explanation: signal.explanation,
      raisedAt: signal.at,
      updatedAt: signal.at,
      clearedAt: null,
      clearReason: null,
    };
    this.active.set(key, alert);
    return { type: 'raised', alert };
  }

  /** Active alerts, most severe and newest first. */
  list(): Alert[] {
    const rank = { none: 0, blue: 1, orange: 2, red: 3 } as const;
    return [...this.active.values()].sort(
      (a, b) => rank[b.level] - rank[a.level] || b.raisedAt - a.raisedAt,
    );
  }

  recentlyCleared(): readonly Alert[] {
    return this.cleared;
  }

  get(id: string): Alert | undefined {
    return [...this.active.values(), ...this.cleared].find((a) => a.id === id);
  }
}
