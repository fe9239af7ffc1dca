import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '#contracts';
import { FeatureSpace } from './features.js';
import { SAMPLE_ROWS } from './sample-rows.js';
import { SparseFeatures } from './sparse-features.js';
import { DEFAULT_TRAINING, encodeRows } from './train.js';
import { chooseNgrams } from './vocabulary.js';
import { normalise } from './normalise.js';

const rows = [...SAMPLE_ROWS];
const vocabulary = chooseNgrams(
  rows.map((r) => normalise(r.text)),
  rows,
  { ...DEFAULT_TRAINING, ngrams: 200, minDf: 1 },
);
const space = new FeatureSpace(vocabulary);
const sparse = new SparseFeatures(encodeRows(space, rows), space.size);
const y = Matrix.columnVector(rows.map((r) => LEVELS.indexOf(r.colour)));

describe('the sparse stand-in for the library’s features matrix', () => {
  it('multiplies like the dense matrix', () => {
    const dense = sparse.toDense();
    const w = Matrix.columnVector(Array.from({ length: space.size }, (_, i) => Math.sin(i)));
    const e = Matrix.columnVector(Array.from({ length: rows.length }, (_, i) => Math.cos(i)));
    const close = (a: Matrix, b: Matrix) =>
      a.to1DArray().forEach((x, i) => expect(x).toBeCloseTo(b.to1DArray()[i] ?? NaN, 10));
    close(sparse.mmul(w), dense.mmul(w));
    close(sparse.transpose().mmul(e), dense.transpose().mmul(e));
  });

  it('trains ml-logistic-regression to the same weights as the dense matrix', () => {
    const options = { numSteps: 40, learningRate: 0.05 };
    const onSparse = new LogisticRegression(options);
    onSparse.train(sparse, y);
    const onDense = new LogisticRegression(options);
    onDense.train(sparse.toDense(), y);
    onSparse.classifiers.forEach((c, k) => {
      const dense = onDense.classifiers[k]?.weights.to1DArray() ?? [];
      c.weights.to1DArray().forEach((w, i) => expect(w).toBeCloseTo(dense[i] ?? NaN, 9));
    });
    expect(onSparse.predict(sparse)).toEqual(onDense.predict(sparse.toDense()));
  });

  it('weighs a row in the gradient as if it were repeated', () => {
    const twice = new SparseFeatures(encodeRows(space, [...rows, ...rows.slice(0, 1)]), space.size);
    const weighted = new SparseFeatures(
      encodeRows(space, rows),
      space.size,
      rows.map((_, i) => (i === 0 ? 2 : 1)),
    );
    const e = rows.map((_, i) => Math.cos(i));
    const a = twice
      .transpose()
      .mmul(Matrix.columnVector([...e, e[0] ?? 0]))
      .to1DArray();
    const b = weighted.transpose().mmul(Matrix.columnVector(e)).to1DArray();
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i] ?? NaN, 10));
    expect(weighted.weightSum).toBe(rows.length + 1);
  });

  it('refuses a vector of the wrong shape', () => {
    expect(() => sparse.mmul(Matrix.ones(3, 1))).toThrow(/vector/);
  });
});
