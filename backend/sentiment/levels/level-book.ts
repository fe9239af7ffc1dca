import type {
  ChildrenRule,
  Explanation,
  Level,
  LevelChanged,
  Region,
  RegionLevel,
} from '#contracts';
import { LEVEL_LABEL_ZH, WEATHER_OF, levelRank } from '#contracts';
import type { RegionTree } from '../../regions/tree.js';
import type { RuleSignal } from '../rules/signal.js';

interface RuleHold {
  level: Level;
  explanation: Explanation;
}

interface RegionState {
  rules: Map<string, RuleHold>;
  level: Level;
  explanation: Explanation | null;
  since: number;
}

export interface LevelOutcome {
  changes: Array<Omit<LevelChanged, 'index'>>;
  /** Signals of children rules that started or stopped holding on a parent. */
  derived: RuleSignal[];
}

/**
 * Region levels: each region's own rule levels, and a parent at least as severe as its worst
 * child. A signal recomputes the region and walks up only while something changes.
 */
export class LevelBook {
  private readonly states = new Map<string, RegionState>();

  constructor(
    private readonly regions: RegionTree,
    private readonly childrenRules: readonly ChildrenRule[],
    start: number,
  ) {
    for (const region of regions.all) {
      this.states.set(region.code, {
        rules: new Map(),
        level: 'none',
        explanation: null,
        since: start,
      });
    }
  }

  level(code: string): Level {
    return this.states.get(code)?.level ?? 'none';
  }

  view(code: string, index: number): RegionLevel | undefined {
    const s = this.states.get(code);
    if (!s) return undefined;
    return {
      regionCode: code,
      level: s.level,
      weather: WEATHER_OF[s.level],
      index,
      explanation: s.explanation,
      since: s.since,
    };
  }

  apply(signal: RuleSignal): LevelOutcome {
    const outcome: LevelOutcome = { changes: [], derived: [] };
    const state = this.states.get(signal.regionCode);
    if (!state) return outcome;
    if (signal.level === 'none') state.rules.delete(signal.ruleKey);
    else state.rules.set(signal.ruleKey, { level: signal.level, explanation: signal.explanation });
    for (const region of this.regions.lineage(signal.regionCode)) {
      const derived =
        region.code === signal.regionCode ? [] : this.applyChildrenRules(region, signal.at);
      outcome.derived.push(...derived);
      const changed = this.recompute(region, signal.at, outcome);
      if (!changed && derived.length === 0 && region.code !== signal.regionCode) break;
    }
    return outcome;
  }

  private applyChildrenRules(region: Region, at: number): RuleSignal[] {
    const state = this.states.get(region.code);
    if (!state) return [];
    const signals: RuleSignal[] = [];
    for (const rule of this.childrenRules) {
      if (rule.regionKind !== region.kind) continue;
      const hot = this.regions
        .children(region.code)
        .filter((c) => levelRank(this.level(c.code)) >= levelRank(rule.childLevel));
      const holds = hot.length >= rule.atLeast;
      const had = state.rules.has(rule.id);
      if (holds === had && !holds) continue;
      const explanation: Explanation = {
        ruleId: rule.id,
        reason: holds
          ? `${region.name}下辖${hot.length}个村（社区）为${LEVEL_LABEL_ZH[rule.childLevel]}及以上：${hot.map((c) => c.name).join('、')}`
          : `已解除：${region.name}${LEVEL_LABEL_ZH[rule.childLevel]}及以上的下级降至${hot.length}个`,
        windowMinutes: null,
        value: hot.length,
        threshold: rule.atLeast,
        evidence: hot.map((c) => c.code),
      };
      if (holds) state.rules.set(rule.id, { level: rule.level, explanation });
      else state.rules.delete(rule.id);
      if (holds !== had) {
        signals.push({
          regionCode: region.code,
          ruleId: rule.id,
          ruleKey: rule.id,
          level: holds ? rule.level : 'none',
          explanation,
          at,
        });
      }
    }
    return signals;
  }

  /** Returns whether the region's level changed. */
  private recompute(region: Region, at: number, outcome: LevelOutcome): boolean {
    const state = this.states.get(region.code);
    if (!state) return false;
    let level: Level = 'none';
    let explanation: Explanation | null = null;
    for (const hold of state.rules.values()) {
      if (levelRank(hold.level) > levelRank(level)) {
        level = hold.level;
        explanation = hold.explanation;
      }
    }
    const worstChild = this.worstChild(region.code);
    if (worstChild && levelRank(worstChild.level) > levelRank(level)) {
      level = worstChild.level;
      explanation = this.rollup(worstChild.region, worstChild.level, worstChild.count);
    }
    const previous = state.level;
    state.explanation = explanation;
    if (previous === level) return false;
    state.level = level;
    state.since = at;
    outcome.changes.push({
      regionCode: region.code,
      level,
      previous,
      weather: WEATHER_OF[level],
      ruleId: explanation?.ruleId ?? null,
      reason: explanation?.reason ?? '恢复平稳',
      explanation,
      at,
    });
    return true;
  }

  private worstChild(code: string): { region: Region; level: Level; count: number } | null {
    let worst: { region: Region; level: Level; count: number } | null = null;
    for (const child of this.regions.children(code)) {
      const level = this.level(child.code);
      if (level === 'none') continue;
      if (!worst || levelRank(level) > levelRank(worst.level))
        worst = { region: child, level, count: 1 };
      else if (level === worst.level) worst.count++;
    }
    return worst;
  }

  private rollup(child: Region, level: Level, count: number): Explanation {
    const evidence = this.states.get(child.code)?.explanation?.evidence ?? [];
    return {
      ruleId: 'rollup',
      reason: `下辖${child.name}${count > 1 ? `等${count}处` : ''}为${LEVEL_LABEL_ZH[level]}`,
      windowMinutes: null,
      value: count,
      threshold: 1,
      evidence,
    };
  }
}
