import type { Level, Report, RulesFile, WindowRule } from '#contracts';
import { CATEGORY_LABEL_ZH, judgedRuleId, LEVEL_LABEL_ZH } from '#contracts';
import type { RegionTree } from '../../regions/tree.js';
import { ReportRules, type ReportMatch } from './report-rules.js';
import type { RuleSignal } from './signal.js';
import { SlidingWindow } from './sliding-window.js';
import {
  CALM,
  stepWindowState,
  thresholdFor,
  type CountMoments,
  type WindowState,
} from './window-state.js';

const EVIDENCE_LIMIT = 20;

interface WindowInstance {
  rule: WindowRule;
  regionCode: string;
  /** The category counted, or "*" for all. */
  category: string;
  ruleKey: string;
  windowKey: string;
  state: WindowState;
  /** When it must next be looked at (a pending level matures, the count falls, a clear is due). */
  due: number;
}

interface ReportHold {
  ruleId: string;
  regionCode: string;
  level: Level;
  expiresAt: number;
  reason: string;
  evidence: string[];
}

/**
 * Turns reports into rule signals. Per-report rules hold a level on the report's region for a
 * while; window rules count reports per region (and category) with pending and hysteresis.
 * Pure in-memory state, driven by an injected `now`, so it is rebuilt by replaying the store.
 *
 * Time is the reports' own: a window counts each report at its occurrence time whenever it
 * arrives, a raise is placed where the count reached the threshold in time order, a clear where
 * the count fell and stayed below. Whatever happens without a report (a pending level matures, a
 * report leaves a window, a hold expires) happens at its exact moment, in time order, before any
 * later report is counted, however often `tick` looks. So the signals depend on the reports and
 * the order they arrived in, never on when the engine happened to look, and a replay in arrival
 * order yields the same signals, stamped the same.
 */
export class RuleEngine {
  private windows = new Map<string, SlidingWindow>();
  /**
   * How long each window must remember: the longest rule counting it. A 24 h repeat-appeal rule
   * must not make every 60 min window keep a day of reports.
   */
  private spans = new Map<string, number>();
  private instances = new Map<string, WindowInstance>();
  /** Instances that are raised or pending: the only ones time alone can change. */
  private armed = new Set<WindowInstance>();
  private holds = new Map<string, ReportHold>();
  /** How far time has been followed. */
  private time = -Infinity;
  /** No instance or hold is due before this (a lower bound: looking earlier finds nothing). */
  private nextDue = Infinity;
  private readonly maxWindowMs: number;
  private readonly reportRules: ReportRules;

  constructor(
    readonly rules: RulesFile,
    private readonly regions: RegionTree,
  ) {
    this.maxWindowMs = Math.max(0, ...rules.windowRules.map((r) => r.windowMinutes * 60_000));
    this.reportRules = new ReportRules(rules.reportRules);
  }

  classify(report: { text: string; category: string; source: string }): ReportMatch | null {
    return this.reportRules.match(report);
  }

  /**
   * A report arrives at `now`: first whatever fell due before it (in time order), then the report,
   * counted at its own time. Counting and placing are binary searches in the window (a late report
   * is inserted in place, see SlidingWindow); looking for due work is one comparison unless some
   * is due.
   */
  observe(report: Report, now: number): RuleSignal[] {
    const signals = this.advance(now);
    const at = Math.min(report.occurredAt, now);
    if (at >= now - this.maxWindowMs) this.count(report, at, now, signals);
    if (report.ruleId && report.level !== 'none') this.hold(report, at, now, signals);
    return signals;
  }

  /** Time passes: windows slide, pending levels mature, holds expire, each at its own moment. */
  tick(now: number): RuleSignal[] {
    const signals = this.advance(now);
    for (const [key, window] of this.windows) {
      window.prune(now - (this.spans.get(key) ?? this.maxWindowMs));
    }
    return signals;
  }

  /** Run every instance and hold due at or before `now`, earliest first. */
  private advance(now: number): RuleSignal[] {
    const signals: RuleSignal[] = [];
    if (now < this.nextDue) {
      this.time = Math.max(this.time, now);
      return signals;
    }
    for (;;) {
      let inst: WindowInstance | null = null;
      for (const candidate of this.armed) {
        if (candidate.due <= now && (!inst || candidate.due < inst.due)) inst = candidate;
      }
      let hold: [string, ReportHold] | null = null;
      for (const entry of this.holds) {
        if (entry[1].expiresAt <= now && (!hold || entry[1].expiresAt < hold[1].expiresAt)) {
          hold = entry;
        }
      }
      if (!inst && !hold) break;
      if (inst && (!hold || inst.due <= hold[1].expiresAt)) {
        this.time = Math.max(this.time, inst.due);
        this.evaluate(inst, this.time, signals);
      } else if (hold) {
        this.time = Math.max(this.time, hold[1].expiresAt);
        this.release(hold[0], hold[1], signals);
      }
    }
    this.time = Math.max(this.time, now);
    this.nextDue = Infinity;
    for (const i of this.armed) this.nextDue = Math.min(this.nextDue, i.due);
    for (const h of this.holds.values()) this.nextDue = Math.min(this.nextDue, h.expiresAt);
    return signals;
  }

  private release(key: string, hold: ReportHold, signals: RuleSignal[]): void {
    this.holds.delete(key);
    signals.push({
      regionCode: hold.regionCode,
      ruleId: hold.ruleId,
      ruleKey: hold.ruleId,
      level: 'none',
      explanation: {
        ruleId: hold.ruleId,
        reason: `已解除：此后${this.holdMinutes(hold.ruleId)}分钟内无同类诉求`,
        windowMinutes: null,
        value: 0,
        threshold: 1,
        evidence: hold.evidence,
      },
      at: hold.expiresAt,
    });
  }

  private count(report: Report, at: number, now: number, signals: RuleSignal[]): void {
    for (const region of this.regions.lineage(report.regionCode)) {
      for (const rule of this.rules.windowRules) {
        if (rule.regionKind !== region.kind) continue;
        const category = rule.category === '*' && !rule.perCategory ? '*' : report.category;
        if (rule.category !== '*' && rule.category !== category) continue;
        if (rule.repeatsOnly && !report.repeatOf) continue;
        const windowKey = windowKeyOf(rule, region.code, category);
        let window = this.windows.get(windowKey);
        if (!window) {
          window = new SlidingWindow();
          this.windows.set(windowKey, window);
        }
        const span = rule.windowMinutes * 60_000;
        if ((this.spans.get(windowKey) ?? 0) < span) this.spans.set(windowKey, span);
        this.addOnce(window, windowKey, at, report.id);
        this.evaluate(this.instance(rule, region.code, category), now, signals);
      }
    }
  }

  /** Two rules may share a window key; each report is added to a window once. */
  private lastAdded = new Map<string, string>();
  private addOnce(window: SlidingWindow, key: string, at: number, id: string): void {
    if (this.lastAdded.get(key) === id) return;
    this.lastAdded.set(key, id);
    window.add(at, id);
  }

  private instance(rule: WindowRule, regionCode: string, category: string): WindowInstance {
    const ruleKey = rule.perCategory ? `${rule.id}/${category}` : rule.id;
    const key = `${ruleKey}@${regionCode}`;
    let inst = this.instances.get(key);
    if (!inst) {
      const windowKey = windowKeyOf(rule, regionCode, category);
      inst = { rule, regionCode, category, ruleKey, windowKey, state: CALM, due: Infinity };
      this.instances.set(key, inst);
    }
    return inst;
  }

  /**
   * Step one instance at `now`. A change is stamped where it happened by the reports' own times:
   * a raise where the count reached the threshold (in time order, after any pending wait), so
   * the alert it opens is named the same however its reports arrived; a clear when it fell due.
   */
  private evaluate(inst: WindowInstance, now: number, signals: RuleSignal[]): void {
    const { rule } = inst;
    const windowMs = rule.windowMinutes * 60_000;
    const since = now - windowMs;
    const window = this.windows.get(inst.windowKey);
    const count = window ? window.countSince(since) : 0;
    const before = inst.state;
    const moments: CountMoments = {
      reached: (n) => window?.nthSince(since, n) ?? now,
      fellBelow: (n) => dropOf(window, n, windowMs) ?? now,
    };
    inst.state = stepWindowState(rule, before, count, now, moments);
    this.schedule(inst, now);
    if (inst.state.level === before.level) return;
    const raised = inst.state.level !== 'none';
    const t = thresholdFor(rule, raised ? inst.state.level : before.level);
    signals.push({
      regionCode: inst.regionCode,
      ruleId: rule.id,
      ruleKey: inst.ruleKey,
      level: inst.state.level,
      explanation: {
        ruleId: rule.id,
        reason: this.windowReason(inst, count, raised, t?.raiseAt ?? 0, t?.clearBelow ?? 0),
        windowMinutes: rule.windowMinutes,
        value: count,
        threshold: raised ? (t?.raiseAt ?? 0) : (t?.clearBelow ?? 0),
        evidence: window ? window.idsSince(since, EVIDENCE_LIMIT) : [],
      },
      at: inst.state.since ?? now,
    });
  }

  /** When `inst` must next be looked at, if nothing arrives for it before. */
  private schedule(inst: WindowInstance, now: number): void {
    const { rule, state } = inst;
    const windowMs = rule.windowMinutes * 60_000;
    const window = this.windows.get(inst.windowKey);
    let due = Infinity;
    if (state.pending) {
      const raiseAt = thresholdFor(rule, state.pending.level)?.raiseAt ?? 1;
      due = Math.min(
        state.pending.since + rule.pendingSeconds * 1000,
        dropOf(window, raiseAt, windowMs) ?? now,
      );
    } else if (state.belowSince !== null) {
      due = state.belowSince + rule.clearAfterMinutes * 60_000;
    } else if (state.level !== 'none') {
      const clearBelow = thresholdFor(rule, state.level)?.clearBelow ?? 0;
      due = clearBelow > 0 ? (dropOf(window, clearBelow, windowMs) ?? now) : Infinity;
    }
    inst.due = due;
    if (due === Infinity) this.armed.delete(inst);
    else {
      this.armed.add(inst);
      this.nextDue = Math.min(this.nextDue, due);
    }
  }

  private windowReason(
    inst: WindowInstance,
    count: number,
    raised: boolean,
    raiseAt: number,
    clearBelow: number,
  ): string {
    const name = this.regions.get(inst.regionCode)?.name ?? inst.regionCode;
    const what =
      inst.category === '*'
        ? '诉求'
        : `${CATEGORY_LABEL_ZH[inst.category as keyof typeof CATEGORY_LABEL_ZH] ?? inst.category}类诉求`;
    const window = `${inst.rule.windowMinutes}分钟内`;
    if (raised) {
      return `${name}${window}${what}${count}条，达到${LEVEL_LABEL_ZH[inst.state.level]}阈值${raiseAt}条`;
    }
    return `已解除：${name}${window}${what}${count}条，低于${clearBelow}条已持续${inst.rule.clearAfterMinutes}分钟`;
  }

  /**
   * The per-report rule a report's `ruleId` names: a county rule, or the judgement's own
   * `judged-red` / `judged-orange` with the hold the rules file gives it.
   */
  private reportRule(
    ruleId: string,
  ): { id: string; description: string; holdMinutes: number } | null {
    const county = this.rules.reportRules.find((r) => r.id === ruleId);
    if (county) return county;
    for (const level of ['red', 'orange'] as const) {
      if (ruleId !== judgedRuleId(level)) continue;
      return {
        id: ruleId,
        description: `研判为${LEVEL_LABEL_ZH[level]}`,
        holdMinutes: this.rules.judgedReports[level].holdMinutes,
      };
    }
    return null;
  }

  private hold(report: Report, at: number, now: number, signals: RuleSignal[]): void {
    const rule = report.ruleId ? this.reportRule(report.ruleId) : null;
    if (!rule) return;
    const expiresAt = at + rule.holdMinutes * 60_000;
    if (expiresAt <= now) return;
    const key = `${rule.id}@${report.regionCode}`;
    const existing = this.holds.get(key);
    const why =
      report.judgement && rule.id.startsWith('judged-')
        ? `（${report.judgement.explanation}）`
        : '';
    const reason = `单条诉求触发「${rule.description}」${why}：${report.text.slice(0, 60)}`;
    if (existing) {
      existing.expiresAt = Math.max(existing.expiresAt, expiresAt);
      existing.evidence = [report.id, ...existing.evidence].slice(0, EVIDENCE_LIMIT);
      return;
    }
    const hold: ReportHold = {
      ruleId: rule.id,
      regionCode: report.regionCode,
      level: report.level,
      expiresAt,
      reason,
      evidence: [report.id],
    };
    this.holds.set(key, hold);
    this.nextDue = Math.min(this.nextDue, expiresAt);
    signals.push({
      regionCode: report.regionCode,
      ruleId: rule.id,
      ruleKey: rule.id,
      level: report.level,
      explanation: {
        ruleId: rule.id,
        reason,
        windowMinutes: null,
        value: 1,
        threshold: 1,
        evidence: hold.evidence,
      },
      at,
    });
  }

  private holdMinutes(ruleId: string): number {
    return this.reportRule(ruleId)?.holdMinutes ?? 0;
  }
}

/**
 * When a window of `windowMs` stops holding `n` reports if none arrives: the moment its n-th
 * newest report leaves it (a window counts reports at or after now − windowMs). Undefined when it
 * holds fewer than `n` already.
 */
function dropOf(
  window: SlidingWindow | undefined,
  n: number,
  windowMs: number,
): number | undefined {
  const at = window?.nthNewest(n);
  return at === undefined ? undefined : at + windowMs + 1;
}

/** Reports counted by a rule: a region's subtree, one category (or all), repeats apart. */
function windowKeyOf(rule: WindowRule, regionCode: string, category: string): string {
  return `${regionCode}|${category}${rule.repeatsOnly ? '|repeat' : ''}`;
}
