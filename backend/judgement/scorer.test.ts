import { existsSync } from 'node:fs';
import LogisticRegression from 'ml-logistic-regression';
import { describe, expect, it } from 'vitest';
import { FeatureSpace } from './features.js';
import {
  BUNDLED_MODEL,
  loadBundledModel,
  type ClassifierFile,
  type ModelFile,
} from './model-file.js';
import { SAMPLE_ROWS } from './sample-rows.js';
import { argmax, SparseScorer } from './scorer.js';
import { SparseFeatures } from './sparse-features.js';
import { encodeRows, trainModel } from './train.js';

/** The library's own predict on the exported weights. */
function libraryPredict(file: ClassifierFile, x: SparseFeatures): number[] {
  const lr = LogisticRegression.load({
    name: 'LogisticRegression',
    numSteps: 0,
    learningRate: 0,
    numberClasses: file.classes.length,
    classifiers: file.weights.map((w) => ({ weights: [w] })),
  });
  return lr.predict(x.toDense());
}

/** The fast scorer and the library agree on every row, for both models. */
function expectSamePredictions(model: ModelFile): void {
  const space = new FeatureSpace(model.ngrams);
  const rows = encodeRows(space, SAMPLE_ROWS);
  const x = new SparseFeatures(rows, space.size);
  for (const file of [model.colour, model.category]) {
    const scorer = new SparseScorer([file]);
    const fast = rows.map((r) => argmax(scorer.probabilities(r)[0] ?? []));
    expect(fast).toEqual(libraryPredict(file, x));
  }
}

describe('the sparse scorer', () => {
  it('gives the library’s predictions on a model trained here', () => {
    expectSamePredictions(trainModel(SAMPLE_ROWS, { steps: 150, ngrams: 300, minDf: 1 }));
  });

  it.runIf(existsSync(BUNDLED_MODEL))(
    'gives the library’s predictions on the bundled model',
    () => {
      expectSamePredictions(loadBundledModel());
    },
  );

  it('gives each model probabilities that sum to one', () => {
    const model = trainModel(SAMPLE_ROWS, { steps: 50, ngrams: 100, minDf: 1 });
    const space = new FeatureSpace(model.ngrams);
    const [row] = encodeRows(space, SAMPLE_ROWS.slice(0, 1));
    const scorer = new SparseScorer([model.colour, model.category]);
    for (const p of scorer.probabilities(row ?? { index: [], value: [] })) {
      expect(p.reduce((a, x) => a + x, 0)).toBeCloseTo(1, 12);
    }
  });
});
