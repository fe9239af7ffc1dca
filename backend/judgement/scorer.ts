import type { ClassifierFile } from './model-file.js';
import type { SparseRow } from './named-features.js';

/**
 * The run-time half of one-vs-all logistic regressions over the same features: a sparse dot
 * product per class. The weights of all classes of all models sit feature-major (every class of
 * feature f together), so one pass over a row's features scores colour and category at once.
 * Same predictions as the library's dense predict (scorer.test.ts), in a few microseconds.
 */
export class SparseScorer {
  /**
   * Single precision: the weights are stored to three decimals, so nothing is lost, and a
   * feature's 13 weights take 52 bytes instead of 104. A report's ~100 features are scattered
   * over a table of 12,000 n-grams: cache misses, not multiplications, are most of the scoring.
   */
  private readonly w: Float32Array;
  /** Classes of all models side by side. */
  private readonly width: number;
  private readonly offsets: number[];

  constructor(readonly models: readonly ClassifierFile[]) {
    this.offsets = [];
    let width = 0;
    for (const m of models) {
      this.offsets.push(width);
      width += m.classes.length;
    }
    this.width = width;
    const size = models[0]?.weights[0]?.length ?? 0;
    this.w = new Float32Array(size * width);
    models.forEach((m, k) => {
      const offset = this.offsets[k] ?? 0;
      m.weights.forEach((row, c) => row.forEach((x, f) => (this.w[f * width + offset + c] = x)));
    });
  }

  /**
   * Each model's class probabilities, each summing to 1. A classifier gives P(class) =
   * 1 − sigmoid(w·x) (the library scores "not this class"); one-vs-all probabilities do not sum
   * to one, so each model's are divided by their sum.
   */
  probabilities(row: SparseRow): Float64Array[] {
    const k = this.width;
    const z = new Float64Array(k);
    const { index, value } = row;
    const w = this.w;
    // Indices are within bounds by construction (FeatureSpace): the casts only quiet the checker.
    for (let i = 0; i < index.length; i++) {
      const base = (index[i] as number) * k;
      const v = value[i] as number;
      for (let c = 0; c < k; c++) z[c] = (z[c] as number) + (w[base + c] as number) * v;
    }
    return this.models.map((m, j) => {
      const offset = this.offsets[j] ?? 0;
      const p = new Float64Array(m.classes.length);
      let sum = 0;
      for (let c = 0; c < p.length; c++) {
        p[c] = 1 / (1 + Math.exp(z[offset + c] as number));
        sum += p[c] as number;
      }
      for (let c = 0; c < p.length; c++) p[c] = (p[c] as number) / sum;
      return p;
    });
  }
}

/** Index of the largest value (the first on a tie, as the library's predict does). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}
