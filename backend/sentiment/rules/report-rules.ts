import type { Level, ReportRule } from '#contracts';
import { levelRank } from '#contracts';

export interface ReportMatch {
  rule: ReportRule;
  level: Level;
  keyword: string | null;
}

interface MatchInput {
  text: string;
  category: string;
  source: string;
}

interface CompiledRule {
  rule: ReportRule;
  rank: number;
  categories: ReadonlySet<string> | null;
  sources: ReadonlySet<string> | null;
  /** [as written, lower-cased]: matched case-insensitively, reported as the rule spells it. */
  keywords: ReadonlyArray<readonly [string, string]>;
}

/**
 * The per-report rules, prepared once per rules file: every report is checked against every
 * rule, so lower-casing keywords (and the report's text) once is most of the cost saved.
 * Most severe rules first, so the first hit is the answer.
 */
export class ReportRules {
  private readonly compiled: readonly CompiledRule[];

  constructor(rules: readonly ReportRule[]) {
    this.compiled = rules
      .map((rule, order) => ({
        order,
        rule,
        rank: levelRank(rule.level),
        categories: rule.categories ? new Set<string>(rule.categories) : null,
        sources: rule.sources ? new Set<string>(rule.sources) : null,
        keywords: rule.keywords.map((k) => [k, k.toLowerCase()] as const),
      }))
      // Stable: among equally severe rules the first in the file wins, as it always has.
      .sort((a, b) => b.rank - a.rank || a.order - b.order);
  }

  /** The most severe rule that matches, or null. */
  match(report: MatchInput): ReportMatch | null {
    let text: string | null = null;
    for (const c of this.compiled) {
      if (c.categories && !c.categories.has(report.category)) continue;
      if (c.sources && !c.sources.has(report.source)) continue;
      if (c.keywords.length === 0) return { rule: c.rule, level: c.rule.level, keyword: null };
      text ??= report.text.toLowerCase();
      for (const [keyword, lower] of c.keywords) {
        if (text.includes(lower)) return { rule: c.rule, level: c.rule.level, keyword };
      }
    }
    return null;
  }
}
