import { CONCEPTS, type Concept } from './concepts.js';
import { isDigit } from './normalise.js';
import { conceptIndex, MANY, VERY_MANY, type Reading } from './signals.js';

/**
 * The model's features: a constant (ml-logistic-regression has no bias term), the concepts the
 * lexicons read, a few conjunctions of them (a linear model cannot AND two features itself),
 * the sender's flag, and character 1–3-grams of the normalised text. The voice of the corpus
 * row is never a feature: the judge is not told it.
 */

/** A sparse feature row: parallel feature indices and values. */
export interface SparseRow {
  index: number[];
  value: number[];
}

interface Named {
  name: string;
  on: (r: Reading, flagged: boolean) => boolean;
}

/** A test of one concept, its index resolved once here so judging compares numbers. */
function is(c: Concept): (r: Reading) => boolean {
  const i = conceptIndex(c);
  return (r) => r.has[i] === 1;
}
const harm = is('harm');
const crowd = is('crowd');
const weapon = is('hazard:weapon');
const violence = is('hazard:violence');
const family = is('family');
const missing = is('hazard:missing');
const noCare = is('noCare');
const soon = is('soon');
const official = is('official');
const misconduct = is('misconduct');
const grievance = is('grievance');
const arrears = is('arrears');
const tension = is('tension');
const many = (r: Reading) => r.people >= MANY;

/** Features with a name, always at the same index, before the n-grams. */
export const NAMED_FEATURES: readonly Named[] = [
  { name: 'bias', on: () => true },
  ...CONCEPTS.map((c) => ({ name: `c:${c}`, on: is(c) })),
  { name: 'many:10', on: many },
  { name: 'many:50', on: (r) => r.people >= VERY_MANY },
  { name: 'asks', on: (r) => r.asks },
  { name: 'flagged', on: (_r, f) => f },
  { name: 'now', on: (r) => r.now },
  { name: 'strongNow', on: (r) => r.strongNow },
  { name: 'lowered', on: (r) => r.lowered },
  { name: 'vulnerable', on: (r) => r.vulnerable },
  { name: 'hazard', on: (r) => r.anyHazard },
  { name: 'x:hazard&now', on: (r) => r.anyHazard && r.now },
  { name: 'x:hazard&now&!lowered', on: (r) => r.anyHazard && r.now && !r.lowered },
  { name: 'x:hazard&lowered', on: (r) => r.anyHazard && r.lowered },
  { name: 'x:hazard&!lowered', on: (r) => r.anyHazard && !r.lowered },
  { name: 'x:hazard&harm', on: (r) => r.anyHazard && harm(r) },
  { name: 'x:hazard&vulnerable', on: (r) => r.anyHazard && r.vulnerable },
  { name: 'x:hazard&many', on: (r) => r.anyHazard && many(r) },
  { name: 'x:hazards>1', on: (r) => r.hazards.length > 1 },
  { name: 'x:crowd&many', on: (r) => crowd(r) && many(r) },
  { name: 'x:crowd&now', on: (r) => crowd(r) && r.now },
  { name: 'x:crowd&!lowered', on: (r) => crowd(r) && !r.lowered },
  { name: 'x:weapon&threat', on: (r) => weapon(r) && (violence(r) || family(r)) },
  { name: 'x:missing&vulnerable', on: (r) => missing(r) && r.vulnerable },
  { name: 'x:vulnerable&noCare', on: (r) => r.vulnerable && noCare(r) },
  { name: 'x:vulnerable&soon', on: (r) => r.vulnerable && soon(r) },
  { name: 'x:soon&!lowered', on: (r) => soon(r) && !r.lowered },
  { name: 'x:official&misconduct', on: (r) => official(r) && misconduct(r) },
  { name: 'x:grievance&many', on: (r) => grievance(r) && many(r) },
  { name: 'x:arrears&many', on: (r) => arrears(r) && many(r) },
  { name: 'x:tension&now', on: (r) => tension(r) && r.now },
  { name: 'x:lowered&!now', on: (r) => r.lowered && !r.now },
  { name: 'x:flagged&hazard', on: (r, f) => f && r.anyHazard },
  { name: 'x:flagged&!hazard', on: (r, f) => f && !r.anyHazard },
];

/** UTF-16 unit as the n-grams see it: every digit is 0, so "200人" and "35人" share grams. */
function gramCode(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return isDigit(c) ? 0x30 : c;
}

/** The distinct 1–3-grams of normalised text, as strings (training only: it allocates). */
export function textGrams(text: string): Set<string> {
  const grams = new Set<string>();
  const mapped = text.replace(/[0-9]/g, '0');
  for (let i = 0; i < mapped.length; i++) {
    for (let n = 1; n <= 3 && i + n <= mapped.length; n++) grams.add(mapped.slice(i, i + n));
  }
  return grams;
}

/** A node of the n-gram trie: the feature index of the gram ending here (−1: none). */
interface GramNode {
  at: number;
  next: Map<number, GramNode> | null;
}

/** Named features plus a chosen n-gram vocabulary, turned into sparse rows. */
export class FeatureSpace {
  /**
   * The vocabulary as a trie keyed by UTF-16 unit: small-integer Map keys and no substring per
   * gram keep a text's ~200 gram lookups within a few microseconds.
   */
  private readonly first: (GramNode | undefined)[] = new Array<GramNode | undefined>(0x10000).fill(
    undefined,
  );
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(readonly ngrams: readonly string[]) {
    ngrams.forEach((g, i) => this.add(g, NAMED_FEATURES.length + i));
    this.seen = new Int32Array(NAMED_FEATURES.length + ngrams.length);
  }

  private add(gram: string, at: number): void {
    const c0 = gramCode(gram, 0);
    let node = this.first[c0] ?? { at: -1, next: null };
    this.first[c0] = node;
    for (let i = 1; i < gram.length; i++) {
      const level: Map<number, GramNode> = (node.next ??= new Map());
      const c = gramCode(gram, i);
      const next: GramNode = level.get(c) ?? { at: -1, next: null };
      level.set(c, next);
      node = next;
    }
    node.at = at;
  }

  get size(): number {
    return NAMED_FEATURES.length + this.ngrams.length;
  }

  /**
   * Named features count 1; the n-grams share a unit length (each 1/√k for k distinct known
   * grams) so a long text does not outweigh the concepts by its length alone.
   */
  encode(text: string, reading: Reading, flagged: boolean): SparseRow {
    const index: number[] = [];
    const value: number[] = [];
    for (let i = 0; i < NAMED_FEATURES.length; i++) {
      if (NAMED_FEATURES[i]?.on(reading, flagged)) {
        index.push(i);
        value.push(1);
      }
    }
    const first = index.length;
    const stamp = ++this.stamp;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let node = this.first[gramCode(text, i)];
      for (let j = i + 1; node; j++) {
        if (node.at >= 0 && this.seen[node.at] !== stamp) {
          this.seen[node.at] = stamp;
          index.push(node.at);
        }
        if (j >= n || j >= i + 3 || !node.next) break;
        node = node.next.get(gramCode(text, j));
      }
    }
    const weight = 1 / Math.sqrt(Math.max(1, index.length - first));
    for (let i = first; i < index.length; i++) value.push(weight);
    return { index, value };
  }
}
