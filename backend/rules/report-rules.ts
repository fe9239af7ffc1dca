import type { Level, ReportRule } from '../../contracts/index.js';
import { levelRank } from '../../contracts/index.js';

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

function ruleMatches(rule: ReportRule, report: MatchInput): { keyword: string | null } | null {
  if (rule.categories && !rule.categories.some((c) => c === report.category)) return null;
  if (rule.sources && !rule.sources.some((s) => s === report.source)) return null;
  if (rule.keywords.length === 0) return { keyword: null };
  const text = report.text.toLowerCase();
  const keyword = rule.keywords.find((k) => text.includes(k.toLowerCase()));
  return keyword === undefined ? null : { keyword };
}

/** The most severe per-report rule that matches, or null. */
export function matchReportRules(
  rules: readonly ReportRule[],
  report: MatchInput,
): ReportMatch | null {
  let best: ReportMatch | null = null;
  for (const rule of rules) {
    const hit = ruleMatches(rule, report);
    if (hit && (!best || levelRank(rule.level) > levelRank(best.level))) {
      best = { rule, level: rule.level, keyword: hit.keyword };
    }
  }
  return best;
}
