import type { Category } from '#contracts';
import { LEXICON_CATEGORIES } from '#contracts';
import { foldChar, type CompiledLexicon, type Term } from './compile.js';

/** What the scan found, before it is turned into a category and two scores. */
export interface TextScores {
  /** Summed keyword weight per category, in LEXICON_CATEGORIES order. */
  categories: Float64Array;
  urgencySum: number;
  /** Negative minus positive weight. */
  sentimentSum: number;
}

/** Scores turned into the report's numbers. */
export interface TextReading {
  /** The inferred category (`other` when no category scored at least the lexicon's minScore). */
  category: Category;
  /** 0..1 */
  urgency: number;
  /** 0..1 */
  negativity: number;
}

/** A clause break ends a negation or degree adverb: "不知道，很危险" is not "不危险". */
function isBreak(c: number): boolean {
  return (
    c === 0x2c || // , (and ，folded)
    c === 0x2e ||
    c === 0x21 ||
    c === 0x3f ||
    c === 0x3b ||
    c === 0x3a ||
    c === 0x3002 || // 。
    c === 0x3001 || // 、
    c === 0x0a ||
    c === 0x20
  );
}

/**
 * One left-to-right pass over the text. At each position the trie yields every word starting
 * there; for each role (category, urgency, sentiment) the longest one wins and the role is then
 * blind until that word ends, so "拖欠工资" counts once and its "工资" does not count again.
 * Negators and degree adverbs share the sentiment role, so "不满意" (a word) beats "不" (a negator).
 * `hits`, when given, collects the words that counted (for explanations and tuning).
 */
export function scanText(lex: CompiledLexicon, text: string, hits?: string[]): TextScores {
  const categories = new Float64Array(LEXICON_CATEGORIES.length);
  const matches: Term[] = [];
  let urgencySum = 0;
  let sentimentSum = 0;
  let categoryEnd = 0;
  let urgencyEnd = 0;
  let sentimentEnd = 0;
  // A negator or degree adverb reaches the words starting in [from, to].
  let negFrom = 1;
  let negTo = -1;
  let degFrom = 1;
  let degTo = -1;
  let degFactor = 1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = foldChar(text.charCodeAt(i));
    if (isBreak(c)) {
      negTo = -1;
      degTo = -1;
      continue;
    }
    let node = lex.root.next.get(c);
    if (!node) continue;
    let count = 0;
    for (let j = i + 1; ; j++) {
      if (node.term) matches[count++] = node.term;
      if (j >= n) break;
      const next: typeof node | undefined = node.next.get(foldChar(text.charCodeAt(j)));
      if (!next) break;
      node = next;
    }
    if (count === 0) continue;
    const negated = i >= negFrom && i <= negTo;
    const amplify = i >= degFrom && i <= degTo ? degFactor : 1;
    for (let m = count - 1; m >= 0; m--) {
      const t = matches[m] as Term;
      let counted = false;
      if (t.categories && i >= categoryEnd) {
        categoryEnd = i + t.length;
        const f = negated ? lex.categoryFactor : 1;
        for (let k = 0; k < t.categories.length; k += 2) {
          const index = t.categories[k] as number;
          categories[index] = (categories[index] as number) + (t.categories[k + 1] as number) * f;
        }
        counted = true;
      }
      if (t.urgency !== 0 && i >= urgencyEnd) {
        urgencyEnd = i + t.length;
        urgencySum += t.urgency * (negated ? lex.urgencyFactor : amplify);
        counted = true;
      }
      const sentimentRole =
        t.sentiment !== 0 || t.expected > 0 || t.negator || t.neutral || t.degree > 0;
      if (sentimentRole && i >= sentimentEnd) {
        // Neutral words and unnegated expected actions hold their characters and count nothing.
        sentimentEnd = i + t.length;
        if (t.negator) {
          negFrom = i + t.length;
          negTo = negFrom + lex.window;
          counted = true;
        } else if (t.degree > 0) {
          degFrom = i + t.length;
          degTo = degFrom + lex.window;
          degFactor = t.degree;
          counted = true;
        } else if (t.sentiment !== 0 || (t.expected > 0 && negated)) {
          sentimentSum += sentimentOf(lex, t, negated, amplify);
          negTo = -1;
          degTo = -1;
          counted = true;
        }
      }
      if (counted && hits) hits.push(text.slice(i, i + t.length));
    }
  }
  return { categories, urgencySum, sentimentSum };
}

/**
 * What one sentiment word adds: a negative word its weight (dampened when negated), a positive
 * word minus its weight (a complaint when negated: "没有解决", "不及时"), an expected action its
 * weight when negated ("还没发", "一直没修").
 */
function sentimentOf(lex: CompiledLexicon, t: Term, negated: boolean, amplify: number): number {
  if (t.expected > 0) return t.expected * amplify;
  if (t.sentiment > 0) return t.sentiment * (negated ? lex.negativeFactor : amplify);
  return negated ? -t.sentiment * lex.positiveFlip * amplify : t.sentiment * amplify;
}

/** Saturating: a second cue adds less than the first, and nothing exceeds 1. */
export function saturate(sum: number): number {
  return sum > 0 ? Math.round((1 - Math.exp(-sum)) * 1000) / 1000 : 0;
}

export function readText(lex: CompiledLexicon, text: string): TextReading {
  const scores = scanText(lex, text);
  return {
    category: bestCategory(scores.categories, lex.minScore),
    urgency: saturate(scores.urgencySum),
    negativity: saturate(scores.sentimentSum),
  };
}

/** The highest-scoring category (the earlier one in a tie), or `other` below `minScore`. */
export function bestCategory(scores: Float64Array, minScore: number): Category {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best >= 0 && bestScore >= minScore ? (LEXICON_CATEGORIES[best] as Category) : 'other';
}
