import { CONCEPTS, wordsOf, type Concept, type LexiconSource } from './concepts.js';
import { BREAK } from './normalise.js';

/** One word of a lexicon found in the text. */
export interface Hit {
  concept: Concept;
  word: string;
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** The word ending here, with its concepts; null inside a word. */
  word: string | null;
  concepts: Concept[];
  /** The word is a plain idiom (see PLAIN): the danger words inside it do not count. */
  plain: boolean;
}

/** Concepts a negation can cancel: "没有人受伤" is no harm, "不是打架" no violence. */
const NEGATABLE = new Set<Concept>(
  CONCEPTS.filter((c) => c.startsWith('hazard:') || c === 'harm' || c === 'crowd'),
);

/** Short negators read just before a hazard word: "没有塌方", "未发生火灾", "不是着火". */
const NEGATORS = ['没有发生', '未发生', '没有', '并未', '不是', '没', '未', '无'];
/** A negation reaches this many characters past its own end ("没有发生 火灾"). */
const NEGATION_REACH = 2;

const BREAK_CODE = BREAK.charCodeAt(0);

/**
 * Lowerings a short negator takes back: "未找到" is not found, "不是演习" is no drill, "没解决"
 * is not settled. The lowering is dropped; nothing is denied either.
 */
const UNSAID = new Set<Concept>(['lower:settled', 'lower:drill', 'lower:elsewhere']);

/** Word lists that change how other words are read. */
export interface ReadingWords {
  /** Idioms holding a danger word that mean no danger ("气死了"). */
  plain?: readonly string[];
  /** Treatment words a negator does not deny: "没血清" is a lack of care, not "no harm". */
  care?: readonly string[];
}

function node(): TrieNode {
  return { next: new Map(), word: null, concepts: [], plain: false };
}

/**
 * A character trie over every lexicon word: one pass over the text finds every word at every
 * position without allocating substrings, which keeps a judgement within its microseconds.
 */
export class ConceptMatcher {
  /** The first level indexed directly by UTF-16 unit: most characters start no word. */
  private readonly first: (TrieNode | undefined)[] = new Array<TrieNode | undefined>(0x10000).fill(
    undefined,
  );
  /** Words of care (ReadingWords.care). */
  private readonly care: ReadonlySet<string>;

  constructor(
    lexicons: readonly LexiconSource[],
    dialect: Readonly<Record<string, readonly Concept[]>>,
    special: ReadingWords = {},
  ) {
    for (const lexicon of lexicons) {
      for (const [concept, words] of wordsOf(lexicon)) {
        for (const w of words) this.add(w, [concept]);
      }
    }
    for (const [w, concepts] of Object.entries(dialect)) this.add(w, [...concepts, 'dialect']);
    for (const w of special.plain ?? []) this.add(w, []).plain = true;
    this.care = new Set(special.care);
  }

  private add(word: string, concepts: readonly Concept[]): TrieNode {
    const c0 = word.charCodeAt(0);
    let at = this.first[c0] ?? node();
    this.first[c0] = at;
    for (let i = 1; i < word.length; i++) {
      const c = word.charCodeAt(i);
      let next = at.next.get(c);
      if (!next) {
        next = node();
        at.next.set(c, next);
      }
      at = next;
    }
    at.word = word;
    for (const c of concepts) if (!at.concepts.includes(c)) at.concepts.push(c);
    return at;
  }

  /** Every lexicon word in normalised text, negated hazards and words inside idioms removed. */
  match(text: string): Hit[] {
    const hits: Hit[] = [];
    const plain: [number, number][] = [];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let at = this.first[text.charCodeAt(i)];
      for (let j = i + 1; at; j++) {
        if (at.word !== null) {
          for (const concept of at.concepts)
            hits.push({ concept, word: at.word, start: i, end: j });
          if (at.plain) plain.push([i, j]);
        }
        if (j >= n) break;
        at = at.next.get(text.charCodeAt(j));
      }
    }
    const kept =
      plain.length === 0
        ? hits
        : hits.filter(
            (h) => !NEGATABLE.has(h.concept) || !plain.some(([s, e]) => h.start >= s && h.end <= e),
          );
    return dropNegated(text, kept, this.care);
  }
}

/** Does a short negator stand right before position `start` ("没有塌方")? */
export function negatorBefore(text: string, start: number): string | null {
  for (const neg of NEGATORS) {
    const at = start - neg.length;
    if (at < 0 || !text.startsWith(neg, at)) continue;
    if (neg === '不是' && text[at - 1] === '是') return null; // "是不是": a question
    return neg;
  }
  return null;
}

/**
 * Remove hazards cancelled by a negation. A negation phrase cancels the hazard words inside it
 * and those starting within NEGATION_REACH after it in the same clause; a hazard word right after
 * a short negator is cancelled and the negator counts as a negation, unless it is a word of care
 * (a lack of care is no denial). An UNSAID lowering right after a short negator is dropped.
 */
function dropNegated(text: string, all: Hit[], care: ReadonlySet<string>): Hit[] {
  const hits = all.filter((h) => !asks(text, h));
  const spans: [number, number][] = [];
  for (const h of hits) if (h.concept === 'lower:negated') spans.push([h.start, h.end]);
  const out: Hit[] = [];
  for (const h of hits) {
    if (UNSAID.has(h.concept) && negatorBefore(text, h.start) !== null) continue;
    if (!NEGATABLE.has(h.concept)) {
      out.push(h);
      continue;
    }
    if (spans.some(([s, e]) => h.start >= s && h.start <= reach(text, e))) continue;
    const neg = negatorBefore(text, h.start);
    if (neg === null || care.has(h.word)) {
      out.push(h);
      continue;
    }
    const start = h.start - neg.length;
    out.push({ concept: 'lower:negated', word: neg + h.word, start, end: h.end });
  }
  return out;
}

/** "是不是着火了" asks; its "不是着火" denies nothing. */
function asks(text: string, h: Hit): boolean {
  return h.concept === 'lower:negated' && h.word.startsWith('不是') && text[h.start - 1] === '是';
}

/** The end of a negation's reach: a few characters on, never across a clause break. */
function reach(text: string, end: number): number {
  let at = end;
  while (at < end + NEGATION_REACH && at < text.length && text.charCodeAt(at) !== BREAK_CODE) at++;
  return at;
}
