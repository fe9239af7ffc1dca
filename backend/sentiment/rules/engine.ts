import type { Level, Report, RulesFile, WindowRule } from '#contracts';
import { CATEGORY_LABEL_ZH, LEVEL_LABEL_ZH } from '#contracts';
import type { RegionTree } from '../../regions/tree.js';
import { ReportRules, type ReportMatch } from './report-rules.js';
import type { RuleSignal } from './signal.js';
import { SlidingWindow } from './sliding-window.js';
import { CALM, stepWindowState, thresholdFor, type WindowState } from './window-state.js';

const EVIDENCE_LIMIT = 20;

interface WindowInstance {
  rule: WindowRule;
  regionCode: string;
  /** The category counted, or "*" for all. */
  category: string;
  ruleKey: string;
  state: WindowState;
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
 */
export class RuleEngine {
  private windows = new Map<string, SlidingWindow>();
  /**
   * How long each window must remember: the longest rule counting it. A 24 h repeat-appeal rule
   * must not make every 60 min window keep a day of reports.
   */
  private spans = new Map<string, number>();
  private instances = new Map<string, WindowInstance>();
  private holds = new Map<string, ReportHold>();
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

  observe(report: Report, now: number): RuleSignal[] {
    const at = Math.min(report.occurredAt, now);
    const signals: RuleSignal[] = [];
    if (at >= now - this.maxWindowMs) this.count(report, at, now, signals);
    if (report.ruleId && report.level !== 'none') this.hold(report, at, now, signals);
    return signals;
  }

  /** Time passes: windows slide, pending levels mature, holds expire. */
  tick(now: number): RuleSignal[] {
    const signals: RuleSignal[] = [];
    for (const inst of this.instances.values()) {
      if (inst.state.level === 'none' && !inst.state.pending) continue;
      this.evaluate(inst, now, signals);
    }
    for (const [key, hold] of this.holds) {
      if (hold.expiresAt > now) continue;
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
        at: now,
      });
    }
    for (const [key, window] of this.windows) {
      window.prune(now - (this.spans.get(key) ?? this.maxWindowMs));
    }
    return signals;
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
        this.evaluate(this.instance(rule, region.code, category), now, signals, at);
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
      inst = { rule, regionCode, category, ruleKey, state: CALM };
      this.instances.set(key, inst);
    }
    return inst;
  }

  /**
   * `stamp` is the time the signal carries: the triggering report's time when a report moved the
   * count, so replaying the store after a restart yields the same alert ids and times.
   */
  private evaluate(inst: WindowInstance, now: number, signals: RuleSignal[], stamp = now): void {
    const { rule } = inst;
    const since = now - rule.windowMinutes * 60_000;
    const window = this.windows.get(windowKeyOf(rule, inst.regionCode, inst.category));
    const count = window ? window.countSince(since) : 0;
    const before = inst.state;
    inst.state = stepWindowState(rule, before, count, now);
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
      at: stamp,
    });
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

  private hold(report: Report, at: number, now: number, signals: RuleSignal[]): void {
    const rule = this.rules.reportRules.find((r) => r.id === report.ruleId);
    if (!rule) return;
    const expiresAt = at + rule.holdMinutes * 60_000;
    if (expiresAt <= now) return;
    const key = `${rule.id}@${report.regionCode}`;
    const existing = this.holds.get(key);
    const reason = `单条诉求触发「${rule.description}」：${report.text.slice(0, 60)}`;
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
    return this.rules.reportRules.find((r) => r.id === ruleId)?.holdMinutes ?? 0;
  }
}

/** Reports counted by a rule: a region's subtree, one category (or all), repeats apart. */
function windowKeyOf(rule: WindowRule, regionCode: string, category: string): string {
  return `${regionCode}|${category}${rule.repeatsOnly ? '|repeat' : ''}`;
}
