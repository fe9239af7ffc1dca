import type { Explanation, Level } from '#contracts';

/**
 * What a rule says about one region: its level (none = the rule no longer holds) and why.
 * `ruleKey` distinguishes per-category instances of one rule.
 */
export interface RuleSignal {
  regionCode: string;
  ruleId: string;
  ruleKey: string;
  level: Level;
  explanation: Explanation;
  at: number;
}
