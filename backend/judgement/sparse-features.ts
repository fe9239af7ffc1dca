import { Matrix } from 'ml-matrix';
import type { FeatureMatrix } from 'ml-logistic-regression';
import type { SparseRow } from './named-features.js';

/**
 * The training rows as a compressed sparse matrix that ml-logistic-regression can train on.
 * Each of its gradient steps is X·w and Xᵀ·e; dense, that is rows × columns multiplications
 * (and a full transpose) per step, minutes for the corpus; sparse, it is the non-zeros only,
 * about 150 per row. sparse-features.test.ts checks that training on it gives the same weights
 * as training on the dense Matrix.
 *
 * Rows may carry weights. The library's gradient step is w += rate · Xᵀ·(y − p); weighting row
 * r's term by its weight is the gradient of the weighted log-likelihood, the same as repeating
 * the row that many times, so a class that matters more (red) can count more in the loss
 * without touching the library. Only Xᵀ· sees the weights: X·w (the scores) is unweighted.
 */
export class SparseFeatures implements FeatureMatrix {
  readonly rows: number;
  private readonly start: Int32Array;
  private readonly index: Int32Array;
  private readonly value: Float64Array;
  /** Each row's weight in the gradient (1 for every row when not given). */
  private readonly weights: Float64Array;

  constructor(
    data: readonly SparseRow[],
    readonly columns: number,
    weights?: readonly number[],
  ) {
    this.rows = data.length;
    if (weights && weights.length !== data.length) throw new Error('one weight per row');
    this.weights = Float64Array.from(weights ?? data.map(() => 1));
    this.start = new Int32Array(data.length + 1);
    const nonZeros = data.reduce((n, r) => n + r.index.length, 0);
    this.index = new Int32Array(nonZeros);
    this.value = new Float64Array(nonZeros);
    let at = 0;
    data.forEach((row, r) => {
      this.start[r] = at;
      row.index.forEach((f, i) => {
        if (f < 0 || f >= columns) throw new Error(`feature ${f} outside 0..${columns - 1}`);
        this.index[at] = f;
        this.value[at++] = row.value[i] ?? 0;
      });
    });
    this.start[data.length] = at;
  }

  /** The rows' total weight: what the library's summed gradient is a sum over. */
  get weightSum(): number {
    return this.weights.reduce((a, w) => a + w, 0);
  }

  /** X·v for a column vector v (columns × 1). */
  mmul(other: Matrix): Matrix {
    const v = columnOf(other, this.columns);
    const out = new Float64Array(this.rows);
    for (let r = 0; r < this.rows; r++) {
      let sum = 0;
      for (let k = this.start[r] ?? 0, end = this.start[r + 1] ?? 0; k < end; k++)
        sum += (this.value[k] ?? 0) * (v[this.index[k] ?? 0] ?? 0);
      out[r] = sum;
    }
    return Matrix.columnVector(out);
  }

  /** Xᵀ, only as far as the library uses it: Xᵀ·e for a column vector e (rows × 1). */
  transpose(): { mmul(other: Matrix): Matrix } {
    return {
      mmul: (other: Matrix): Matrix => {
        const e = columnOf(other, this.rows);
        const out = new Float64Array(this.columns);
        for (let r = 0; r < this.rows; r++) {
          const er = (e[r] ?? 0) * (this.weights[r] ?? 1);
          if (er === 0) continue;
          for (let k = this.start[r] ?? 0, end = this.start[r + 1] ?? 0; k < end; k++) {
            const f = this.index[k] ?? 0;
            out[f] = (out[f] ?? 0) + (this.value[k] ?? 0) * er;
          }
        }
        return Matrix.columnVector(out);
      },
    };
  }

  /** The same matrix, dense and unweighted (tests, and the library's predict in the scorer test). */
  toDense(): Matrix {
    const m = new Matrix(this.rows, this.columns);
    for (let r = 0; r < this.rows; r++) {
      for (let k = this.start[r] ?? 0, end = this.start[r + 1] ?? 0; k < end; k++)
        m.set(r, this.index[k] ?? 0, this.value[k] ?? 0);
    }
    return m;
  }
}

/** The one column of a column vector, checked: the library only ever multiplies by vectors. */
function columnOf(m: Matrix, length: number): number[] {
  if (m.columns !== 1 || m.rows !== length)
    throw new Error(`expected a ${length}×1 vector, got ${m.rows}×${m.columns}`);
  return m.getColumn(0);
}
