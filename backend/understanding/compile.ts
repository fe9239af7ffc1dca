import type { LexiconFile } from '#contracts';
import { LEXICON_CATEGORIES } from '#contracts';

/**
 * The lexicon compiled into one character trie, so a text is scanned once for every kind of word
 * (category keywords, urgency cues, sentiment words, negators, degree adverbs).
 */

/** What one dictionary word means; a word may carry several roles (category and urgency, say). */
export interface Term {
  length: number;
  /** Category index (into LEXICON_CATEGORIES) and weight pairs, flattened; null when none. */
  categories: number[] | null;
  /** > 0 an urgency cue's weight, < 0 a calming word's. */
  urgency: number;
  /** > 0 a negative word's weight, < 0 a positive word's, 0 neither. */
  sentiment: number;
  /** An expected action's weight: counts as negative only when negated. */
  expected: number;
  negator: boolean;
  /** Blocks shorter sentiment words and negators inside it, counts nothing. */
  neutral: boolean;
  /** > 1 a degree adverb's factor, 0 not one. */
  degree: number;
}

export interface TrieNode {
  next: Map<number, TrieNode>;
  term: Term | null;
}

export interface CompiledLexicon {
  root: TrieNode;
  /** Longest word, bounding how far a match can reach. */
  maxLength: number;
  minScore: number;
  window: number;
  categoryFactor: number;
  urgencyFactor: number;
  negativeFactor: number;
  positiveFlip: number;
}

/**
 * Case and width folding, applied to words and text alike char by char (no string copies):
 * full-width ASCII (ｗｉｆｉ, １１０) reads as half-width, Latin letters as lower case.
 */
export function foldChar(code: number): number {
  let c = code;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 65 && c <= 90) c += 32;
  return c;
}

export function compileLexicon(file: LexiconFile): CompiledLexicon {
  const root: TrieNode = { next: new Map(), term: null };
  let maxLength = 0;
  const termOf = (word: string): Term => {
    let node = root;
    for (let i = 0; i < word.length; i++) {
      const c = foldChar(word.charCodeAt(i));
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map(), term: null };
        node.next.set(c, child);
      }
      node = child;
    }
    maxLength = Math.max(maxLength, word.length);
    node.term ??= {
      length: word.length,
      categories: null,
      urgency: 0,
      sentiment: 0,
      expected: 0,
      negator: false,
      neutral: false,
      degree: 0,
    };
    return node.term;
  };

  LEXICON_CATEGORIES.forEach((category, index) => {
    for (const [word, weight] of Object.entries(file.categories.keywords[category])) {
      const term = termOf(word);
      (term.categories ??= []).push(index, weight);
    }
  });
  for (const [word, weight] of Object.entries(file.urgency.cues)) termOf(word).urgency = weight;
  for (const [word, weight] of Object.entries(file.urgency.calm)) termOf(word).urgency = -weight;
  for (const [word, weight] of Object.entries(file.negativity.negative)) {
    termOf(word).sentiment = weight;
  }
  for (const [word, weight] of Object.entries(file.negativity.positive)) {
    termOf(word).sentiment = -weight;
  }
  for (const [word, weight] of Object.entries(file.negativity.expected)) {
    termOf(word).expected = weight;
  }
  for (const word of file.negativity.neutral) termOf(word).neutral = true;
  for (const word of file.negation.words) termOf(word).negator = true;
  for (const [word, factor] of Object.entries(file.degree)) termOf(word).degree = factor;

  const n = file.negation;
  return {
    root,
    maxLength,
    minScore: file.categories.minScore,
    window: n.window,
    categoryFactor: n.categoryFactor,
    urgencyFactor: n.urgencyFactor,
    negativeFactor: n.negativeFactor,
    positiveFlip: n.positiveFlip,
  };
}
