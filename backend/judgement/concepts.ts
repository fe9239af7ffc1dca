/**
 * The concepts a duty officer reads for, named once. The lexicons (lexicon-*.ts) list the words
 * of each; the rules, the features and the explanation speak only of concepts, never of words.
 */

export const HAZARDS = [
  'violence',
  'weapon',
  'fire',
  'geo',
  'poison',
  'drowning',
  'missing',
  'suicide',
  'traffic',
  'trapped',
  'medical',
  'electric',
  'animal',
] as const;
export type Hazard = (typeof HAZARDS)[number];

export const VULNERABLE = [
  'child',
  'old',
  'disabled',
  'mental',
  'alone',
  'pregnant',
  'sick',
] as const;
export type Vulnerable = (typeof VULNERABLE)[number];

/** What makes a report less than it sounds (the rubric's "traps"). */
export const LOWERINGS = [
  'settled',
  'elsewhere',
  'drill',
  'hypothetical',
  'negated',
  'thanks',
  'question',
] as const;
export type Lowering = (typeof LOWERINGS)[number];

/** Category hints: words typical of one service category (the model weighs them). */
export const CATEGORY_HINTS = [
  'ceremony',
  'leftBehind',
  'security',
  'dispute',
  'infrastructure',
  'livelihood',
  'industry',
  'agency',
  'other',
] as const;

export const CONCEPTS = [
  ...HAZARDS.map((h) => `hazard:${h}` as const),
  'harm',
  'crowd',
  ...VULNERABLE.map((v) => `vulnerable:${v}` as const),
  'family',
  'noCare',
  'now',
  /** Today, this morning: recent, weaker than "now" (a drill today is still a drill). */
  'today',
  'urgent',
  'soon',
  /** Worry about what may come ("怕出事"): not a hypothetical, often a real risk. */
  'worry',
  /** Plans for later ("明天要去"): a gathering planned is not a gathering under way. */
  'future',
  /** Time words of the past ("当时", "上次"): context, not proof that it is over. */
  'past',
  ...LOWERINGS.map((l) => `lower:${l}` as const),
  'official',
  'misconduct',
  'grievance',
  'arrears',
  'tension',
  ...CATEGORY_HINTS.map((c) => `cat:${c}` as const),
  /** The report is written in Shaanxi dialect or plain speech (碎娃, 婆娘, 咋整). */
  'dialect',
] as const;
export type Concept = (typeof CONCEPTS)[number];

/** Chinese names used in the one-line explanation. */
export const HAZARD_ZH: Readonly<Record<Hazard, string>> = {
  violence: '暴力',
  weapon: '持械',
  fire: '火情',
  geo: '塌方洪水',
  poison: '中毒燃气',
  drowning: '溺水',
  missing: '走失失联',
  suicide: '轻生',
  traffic: '交通事故',
  trapped: '被困被埋',
  medical: '急病',
  electric: '触电漏电',
  animal: '野兽伤人',
};

export const LOWERING_ZH: Readonly<Record<Lowering, string>> = {
  settled: '已处理或已过去',
  elsewhere: '外地或新闻',
  drill: '演练培训',
  hypothetical: '假设或担心',
  negated: '已否定（无伤亡等）',
  thanks: '感谢表扬',
  question: '咨询询问',
};

/** A lexicon: each concept's words, written as one space-separated string to stay readable. */
export type LexiconSource = Partial<Record<Concept, string>>;

/** Split a lexicon source into word lists. */
export function wordsOf(source: LexiconSource): [Concept, string[]][] {
  return Object.entries(source).map(([concept, words]) => [
    concept as Concept,
    (words ?? '').split(/\s+/).filter(Boolean),
  ]);
}
