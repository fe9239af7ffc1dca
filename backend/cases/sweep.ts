import type { Case } from '#contracts';
import { countyShortTime as shanghaiTime } from '#contracts/county-time';
import { SYSTEM, unitLabel, type CaseCore, type Effects } from './core.js';
import { unitAbove } from './policy.js';

export interface SweepResult {
  escalated: number;
  supervised: number;
  overdue: number;
}

/**
 * The deadline sweep. Everything it needs is in the stored deadlines, so it can run from a cron
 * job, from a test with an injected `now`, or after a restart, and act once per missed deadline:
 * - not acknowledged in time → escalate one level up (the county, having no level above, is told
 *   it is overdue);
 * - not resolved in time → 督办 from the level above, then after the grace time escalate.
 * Each case takes at most one step per sweep; the next sweep sees the new deadlines.
 */
export class DeadlineSweep {
  constructor(private readonly core: CaseCore) {}

  sweep(now: number): SweepResult {
    const result: SweepResult = { escalated: 0, supervised: 0, overdue: 0 };
    for (const due of this.core.deps.repo.due(now)) {
      this.core.run((fx) => {
        const c = this.core.deps.repo.get(due.id);
        if (c) this.step(fx, c, now, result);
      });
    }
    return result;
  }

  /** When the next deadline falls (for tests and logs). */
  nextDeadline(): number | null {
    return this.core.deps.repo.nextDeadline();
  }

  private step(fx: Effects, c: Case, now: number, result: SweepResult): void {
    if (c.status === 'open' && c.ackDueAt !== null && c.ackDueAt <= now) {
      const reason = `${unitLabel(c.unit)}超时未签收`;
      const moved = this.core.moveUp(fx, c, { actor: SYSTEM, reason, resetResolve: false }, now);
      if (moved) result.escalated++;
      else this.overdue(fx, c, now, 'ack', result);
      return;
    }
    if (c.supervisedAt === null && c.resolveDueAt !== null && c.resolveDueAt <= now) {
      this.supervise(fx, c, now);
      result.supervised++;
      return;
    }
    if (c.escalateDueAt !== null && c.escalateDueAt <= now) {
      const reason = `${unitLabel(c.unit)}督办后仍未办结`;
      const moved = this.core.moveUp(fx, c, { actor: SYSTEM, reason, resetResolve: true }, now);
      if (moved) result.escalated++;
      else this.overdue(fx, c, now, 'resolve', result);
    }
  }

  /** 督办: the level above presses the unit, which gets a grace time before it escalates. */
  private supervise(fx: Effects, c: Case, now: number): void {
    const by = unitAbove(c.unit) ?? c.unit;
    const escalateDueAt = now + this.core.deps.policy.graceMs(c.unit);
    const stored = this.core.record(
      fx,
      c,
      { ...c, supervisedAt: now, escalateDueAt },
      {
        actor: { id: null, name: `${unitLabel(by)}督办` },
        action: 'supervise',
        note: `超过办结时限 ${shanghaiTime(c.resolveDueAt ?? now)}`,
        data: { by, resolveDueAt: c.resolveDueAt, escalateDueAt },
      },
      now,
    );
    this.core.notify(fx, {
      kind: 'supervised',
      case: stored,
      units: [c.unit],
      detail: `已超过办结时限，${unitLabel(by)}督办：请于 ${shanghaiTime(escalateDueAt)} 前办结，逾期将上报`,
      key: `${c.id}|supervised|${c.resolveDueAt ?? 0}`,
      now,
    });
  }

  /** The county missed a deadline: there is nobody above, so its leaders are told once. */
  private overdue(
    fx: Effects,
    c: Case,
    now: number,
    which: 'ack' | 'resolve',
    result: SweepResult,
  ): void {
    const what = which === 'ack' ? '超时未签收' : '督办后仍未办结';
    const stored = this.core.record(
      fx,
      c,
      which === 'ack' ? { ...c, ackDueAt: null } : { ...c, escalateDueAt: null },
      { actor: SYSTEM, action: 'overdue', note: `${unitLabel(c.unit)}${what}`, data: { which } },
      now,
    );
    this.core.notify(fx, {
      kind: 'overdue',
      case: stored,
      units: [c.unit],
      detail: `${unitLabel(c.unit)}${what}，请立即处理`,
      key: `${c.id}|overdue|${which}|${c.escalations}|${c.resolveDueAt ?? 0}`,
      now,
    });
    result.overdue++;
  }
}
