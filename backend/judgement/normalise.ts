/**
 * One canonical form of a report's text, shared by the concept matcher, the number reader and
 * the n-gram features, so that the trainer and the judge see the same characters.
 */

/** Longer texts are cut here: the corpus stops at 300 characters and the judge must stay fast. */
export const MAX_CHARS = 400;

/** Any run of punctuation or spaces becomes this one clause break… */
export const BREAK = '|';
/** …or this one when the run holds a question mark: asking is a signal of its own. */
export const ASK = '?';

/** Full-width forms, compatibility characters and combining marks: what NFKC changes. */
const NEEDS_NFKC = /[\u00a0-\u036f\u2000-\u2fff\u3000\u3200-\u33ff\uf900-\ufaff\ufe30-\uffef]/;
const SPACE_OR_PUNCT = /[\s\p{P}\p{S}]+/gu;

/**
 * NFKC folds full-width letters, digits and marks (１２０ → 120, ？ → ?); lower case folds the
 * rest; every run of punctuation becomes one break, because a clause break matters ("没事，刚才
 * 打起来了") but which mark was typed does not, except a question mark.
 */
export function normalise(text: string): string {
  const cut = text.slice(0, MAX_CHARS);
  // NFKC is the slowest step; most reports have nothing for it to fold.
  const folded = (NEEDS_NFKC.test(cut) ? cut.normalize('NFKC') : cut)
    .toLowerCase()
    .replace(SPACE_OR_PUNCT, (run) => (run.includes(ASK) ? ASK : BREAK));
  return folded.includes('么') ? folded.replace(DIALECT_NOT, '$1没') : folded;
}

/**
 * Shaanxi "么" is "没" (么人管, 么动手, 么有), except in 什么/怎么/那么/这么/多么/要么: folding
 * it lets one negation lexicon read both.
 */
const DIALECT_NOT = /(^|[^什怎那这多要干为])么/g;
