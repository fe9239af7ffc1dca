import { encodeNamed, NAMED_FEATURES, type SparseRow } from './named-features.js';
import { GramIndex } from './gram-index.js';
import type { Reading } from './signals.js';

/**
 * The model's features: the named ones (named-features.ts), then character n-grams of the
 * normalised text chosen from the training rows (vocabulary.ts).
 */

/** UTF-16 unit as the n-grams see it: every digit is 0, so "200人" and "35人" share grams. */
function gramCode(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39 ? 0x30 : c;
}

/** The distinct 1..longest-grams of normalised text, as strings (training only: it allocates). */
export function textGrams(text: string, longest: number): Set<string> {
  const grams = new Set<string>();
  const mapped = text.replace(/[0-9]/g, '0');
  for (let i = 0; i < mapped.length; i++) {
    for (let n = 1; n <= longest && i + n <= mapped.length; n++) {
      grams.add(mapped.slice(i, i + n));
    }
  }
  return grams;
}

/** Named features plus a chosen n-gram vocabulary, turned into sparse rows. */
export class FeatureSpace {
  private readonly grams: GramIndex;
  /** Which features this row already holds: a gram seen twice counts once. */
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(readonly ngrams: readonly string[]) {
    const codes = ngrams.map((g) => Array.from({ length: g.length }, (_, i) => gramCode(g, i)));
    this.grams = new GramIndex(
      codes,
      ngrams.map((_, i) => NAMED_FEATURES.length + i),
    );
    this.seen = new Int32Array(NAMED_FEATURES.length + ngrams.length);
  }

  get size(): number {
    return NAMED_FEATURES.length + this.ngrams.length;
  }

  /**
   * Named features count 1; the n-grams share a unit length (each 1/√k for k distinct known
   * grams) so a long text does not outweigh the concepts by its length alone.
   */
  encode(text: string, reading: Reading, flagged: boolean): SparseRow {
    const row: SparseRow = { index: [], value: [] };
    encodeNamed(reading, flagged, row);
    const { index, value } = row;
    const first = index.length;
    const stamp = ++this.stamp;
    const grams = this.grams;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      // The trie is as deep as the longest gram in the vocabulary: no other bound is needed.
      for (let node = grams.root(gramCode(text, i)), j = i + 1; node !== 0; j++) {
        const f = grams.featureAt(node);
        if (f >= 0 && this.seen[f] !== stamp) {
          this.seen[f] = stamp;
          index.push(f);
        }
        node = j < n ? grams.child(node, gramCode(text, j)) : 0;
      }
    }
    const weight = 1 / Math.sqrt(Math.max(1, index.length - first));
    for (let i = first; i < index.length; i++) value.push(weight);
    return row;
  }
}
