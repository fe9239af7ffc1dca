import type { Alert, Case } from '#contracts';
import { CASE_STATUSES, LEVEL_LABEL_ZH, isActiveStatus, levelRank } from '#contracts';
import { countyShortTime as shanghaiTime } from '#contracts/county-time';
import { SYSTEM, unitLabel, type CaseCore } from './core.js';
import { alertCategory, caseTitle, placeName } from './labels.js';
import { assignUnit, unitRank, type RaisedLevel } from './policy.js';

/** The most recent cases a start looks at for an alert that ended while it was down. */
const RECONCILE_LIMIT = 10_000;

/**
 * Alerts → cases: one case per alert at blue or above (idempotent: keyed by the alert's
 * deterministic id, so a replayed alert opens nothing), raised with its alert, told when it clears.
 */
export class AlertCases {
  constructor(
    private readonly core: CaseCore,
    private readonly clock: () => number,
  ) {}

  private get repo() {
    return this.core.deps.repo;
  }

  /** Open the case of an alert at blue or above; a replayed or repeated alert opens nothing. */
  openFromAlert(alert: Alert, now = this.clock()): Case | null {
    return this.caseFor(alert, now)?.case ?? null;
  }

  /** The case of an alert at blue or above: the one it has, or a new one (`opened`). */
  private caseFor(alert: Alert, now: number): { case: Case; opened: boolean } | null {
    if (alert.level === 'none' || alert.status !== 'active') return null;
    const level = alert.level;
    return this.core.run((fx) => {
      const existing = this.repo.byAlert(alert.id);
      if (existing) return { case: existing, opened: false };
      // New rules can place the same surge differently (another threshold, another onset), so
      // it comes back under another id: the case of the region and rule's active alert is its.
      const rebuilt = this.repo.activeFor(alert.regionCode, alert.ruleKey);
      if (rebuilt)
        return { case: this.repo.update({ ...rebuilt, alertId: alert.id }), opened: false };
      const { case: c, created } = this.repo.insert(this.newCase(alert, level, now));
      if (!created) return { case: c, opened: false };
      this.repo.appendEvent({
        caseId: c.id,
        at: now,
        actor: SYSTEM,
        action: 'open',
        from: null,
        to: 'open',
        note: alert.explanation.reason,
        data: {
          alertId: alert.id,
          level,
          unit: c.unit,
          unitCode: c.unitCode,
          assignee: c.assigneeId,
        },
      });
      const outcome = this.core.notify(fx, {
        kind: 'opened',
        case: c,
        units: this.core.deps.policy.forLevel(level).notify,
        detail: `${LEVEL_LABEL_ZH[level]}预警，由${unitLabel(c.unit)}办理，请于 ${shanghaiTime(c.ackDueAt ?? now)} 前签收`,
        key: `${c.id}|opened`,
        now,
      });
      const opened = outcome.silenced ? this.repo.update({ ...c, silenced: true }) : c;
      fx.emit('case.opened', opened);
      if (level === 'red' && !outcome.silenced) fx.emit('case.red', { alert, case: opened });
      return { case: opened, opened: true };
    });
  }

  /** A rising alert raises its case: a higher level may mean a higher unit and shorter times. */
  onAlertUpdated(alert: Alert, now = this.clock()): Case | null {
    const c = this.repo.byAlert(alert.id);
    if (!c) return this.openFromAlert(alert, now);
    if (alert.level === 'none' || levelRank(alert.level) <= levelRank(c.level)) return c;
    const level = alert.level;
    return this.core.run((fx) => {
      const policy = this.core.deps.policy;
      const target = assignUnit(this.core.deps.tree, c.regionCode, policy.forLevel(level).unit);
      const higher = unitRank(target.unit) > unitRank(c.unit);
      const unit = higher ? target.unit : c.unit;
      // A case handed to a higher unit must be 签收 again there, as with any escalation.
      const reopen = higher && isActiveStatus(c.status);
      const open = c.status === 'open' || reopen;
      const next: Case = {
        ...c,
        // The title says why the case stands where it stands: the reason it was raised to `level`.
        title: caseTitle(alert),
        level,
        unit,
        unitCode: higher ? target.unitCode : c.unitCode,
        status: reopen ? 'open' : c.status,
        ackDueAt: open
          ? Math.min(reopen ? Infinity : (c.ackDueAt ?? Infinity), now + policy.ackMs(unit))
          : null,
        acknowledgedAt: reopen ? null : c.acknowledgedAt,
        acknowledgedBy: reopen ? null : c.acknowledgedBy,
        // As with any escalation: the old unit's assignee cannot act at the new one.
        assigneeId: higher ? null : c.assigneeId,
        assigneeName: higher ? null : c.assigneeName,
        resolveDueAt: Math.min(c.resolveDueAt ?? Infinity, now + policy.resolveMs(unit)),
      };
      const step = { fromLevel: c.level, toLevel: level, fromUnit: c.unit, toUnit: unit };
      const stored = this.core.record(
        fx,
        c,
        next,
        { actor: SYSTEM, action: 'upgrade', note: alert.explanation.reason, data: step },
        now,
      );
      const outcome = this.core.notify(fx, {
        kind: 'upgraded',
        case: stored,
        units: policy.forLevel(level).notify,
        detail: `预警升级为${LEVEL_LABEL_ZH[level]}，由${unitLabel(unit)}办理`,
        key: `${c.id}|upgraded|${level}`,
        now,
      });
      // Silenced or not as its latest raise was: a raise during a silence rings nowhere (no alarm,
      // no wall takeover), a raise after it rings everywhere.
      const raised =
        outcome.silenced === stored.silenced
          ? stored
          : this.repo.update({ ...stored, silenced: outcome.silenced });
      if (level === 'red' && !outcome.silenced) fx.emit('case.red', { alert, case: raised });
      return raised;
    });
  }

  /** The alert cleared: say so on the case; the work it started still has to be finished. */
  onAlertCleared(alert: Alert, now = this.clock()): void {
    const c = this.repo.byAlert(alert.id);
    if (!c || c.alertStatus === 'cleared') return;
    this.core.run((fx) =>
      this.core.record(
        fx,
        c,
        { ...c, alertStatus: 'cleared' },
        { actor: SYSTEM, action: 'alertCleared', note: alert.clearReason },
        now,
      ),
    );
  }

  /**
   * After a start, against the alerts the replay rebuilt: an active alert without a case gets one
   * (it was raised while the process was down: a report stored but not yet published, a pending
   * level that matured), an alert rebuilt under another id finds its case again, and a case whose
   * alert is no longer active (it ended while the process was down) is marked so, telling
   * nobody. The replay names alerts as they were named live, so a plain restart opens nothing.
   */
  reconcile(alerts: readonly Alert[], now = this.clock()): { opened: number; cleared: number } {
    let opened = 0;
    for (const alert of alerts) {
      if (this.caseFor(alert, now)?.opened) opened++;
    }
    const active = new Set(alerts.map((a) => a.id));
    const stale = this.repo
      .list({ statuses: CASE_STATUSES.filter((s) => s !== 'closed'), limit: RECONCILE_LIMIT })
      .filter((c) => c.alertStatus === 'active' && !active.has(c.alertId));
    for (const c of stale) {
      this.core.run((fx) =>
        this.core.record(
          fx,
          c,
          { ...c, alertStatus: 'cleared' },
          { actor: SYSTEM, action: 'alertCleared', note: '预警已解除（系统停止期间）' },
          now,
        ),
      );
    }
    return { opened, cleared: stale.length };
  }

  private newCase(alert: Alert, level: RaisedLevel, now: number): Case {
    const { deps } = this.core;
    const policy = deps.policy.forLevel(level);
    const { unit, unitCode } = assignUnit(deps.tree, alert.regionCode, policy.unit);
    const staff = deps.users
      .staffOf(unitCode)
      .map((u) => ({ u, load: deps.repo.openAssignedCount(u.id) }))
      .sort((a, b) => a.load - b.load || a.u.id.localeCompare(b.u.id))[0]?.u;
    return {
      id: `c${alert.id}`,
      number: '',
      alertId: alert.id,
      alertStatus: 'active',
      title: caseTitle(alert),
      regionCode: alert.regionCode,
      place: placeName(deps.tree, alert.regionCode),
      category: alertCategory(alert),
      ruleId: alert.ruleId,
      ruleKey: alert.ruleKey,
      level,
      status: 'open',
      unit,
      unitCode,
      assigneeId: staff?.id ?? null,
      assigneeName: staff?.name ?? null,
      openedAt: now,
      updatedAt: now,
      ackDueAt: now + deps.policy.ackMs(unit),
      resolveDueAt: now + deps.policy.resolveMs(unit),
      supervisedAt: null,
      escalateDueAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      closedAt: null,
      followUp: null,
      escalations: 0,
      reopenCount: 0,
      silenced: false,
    };
  }
}
