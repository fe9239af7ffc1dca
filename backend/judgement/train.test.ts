import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '#contracts';
import { FeatureSpace, textGrams } from './features.js';
import { NAMED_FEATURES } from './named-features.js';
import { normalise } from './normalise.js';
import { SAMPLE_ROWS } from './sample-rows.js';
import { argmax, SparseScorer } from './scorer.js';
import { readText } from './signals.js';
import { SparseFeatures } from './sparse-features.js';
import { encodeRows, trainClassifier } from './train.js';
import { chooseNgrams } from './vocabulary.js';

const rows = [...SAMPLE_ROWS];
const ngrams = chooseNgrams(
  rows.map((r) => normalise(r.text)),
  rows,
  { ngrams: 300, minDf: 1, gramLength: 3 },
);
const space = new FeatureSpace(ngrams);
const encoded = encodeRows(space, rows);
const y = rows.map((r) => LEVELS.indexOf(r.colour));

describe('training', () => {
  it('folds the n-gram scale into the weights: same scores as the library on scaled grams', () => {
    const s = 3;
    const scale = (f: number) => (f < NAMED_FEATURES.length ? 1 : s);
    const file = trainClassifier(encoded, space.size, y, LEVELS, {
      steps: 60,
      rate: 4,
      scale,
      decimals: 12,
    });
    const scaled = encoded.map((r) => ({
      index: r.index,
      value: r.value.map((v, i) => v * scale(r.index[i] ?? 0)),
    }));
    const lr = new LogisticRegression({ numSteps: 60, learningRate: 4 / rows.length });
    lr.train(new SparseFeatures(scaled, space.size), Matrix.columnVector(y));
    const scorer = new SparseScorer([file]);
    const ours = encoded.map((r) => argmax(scorer.probabilities(r)[0] ?? []));
    expect(ours).toEqual(lr.predict(new SparseFeatures(scaled, space.size)));
  });

  it('encodes exactly the vocabulary grams a text holds, each once', () => {
    const at = new Map(ngrams.map((g, i) => [g, NAMED_FEATURES.length + i]));
    for (const r of rows) {
      const text = normalise(r.text);
      const want = [...textGrams(text, 3)].flatMap((g) => at.get(g) ?? []);
      const got = space
        .encode(text, readText(text), r.flagged)
        .index.filter((i) => i >= NAMED_FEATURES.length);
      expect([...got].sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
    }
  });
});
