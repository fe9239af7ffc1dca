import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { CATEGORIES, LEVELS, type LabelledReport } from '#contracts';
import { FeatureSpace, NAMED_FEATURES, textGrams, type SparseRow } from './features.js';
import type { ClassifierFile, ModelFile } from './model-file.js';
import { normalise } from './normalise.js';
import { readText } from './signals.js';
import { SparseFeatures } from './sparse-features.js';

/** How a model is trained. The defaults were chosen by 5-fold cross-validation on train-*.json. */
export interface TrainOptions {
  /** How many n-grams to keep (the most label-telling by χ², among those frequent enough). */
  ngrams: number;
  /** An n-gram must appear in at least this many training texts. */
  minDf: number;
  /** Gradient steps (full batch; stopping early is the only regularisation the library has). */
  steps: number;
  /** Step size times the number of rows (the library's gradient is a sum, not a mean). */
  rate: number;
  /** The model's red threshold (see ModelFile.redAt). */
  redAt: number;
}

export const DEFAULT_TRAINING: TrainOptions = {
  ngrams: 3000,
  minDf: 3,
  steps: 1500,
  rate: 8,
  redAt: 0.53,
};

/** χ² of a term and a class from document counts. */
function chiSquare(n: number, withTerm: number, inClass: number, both: number): number {
  const a = both;
  const b = withTerm - both;
  const c = inClass - both;
  const d = n - a - b - c;
  const den = (a + b) * (c + d) * (a + c) * (b + d);
  return den === 0 ? 0 : (n * (a * d - b * c) ** 2) / den;
}

/**
 * The n-gram vocabulary: grams in at least minDf texts, ranked by how strongly they tell any
 * one colour or category apart (the largest χ²), the best `size` kept. Chosen from the training
 * rows only, so cross-validation folds never see their held-out texts' grams.
 */
export function chooseVocabulary(
  texts: readonly string[],
  rows: readonly LabelledReport[],
  o: TrainOptions,
): string[] {
  const labels = rows.map((r) => [`colour:${r.colour}`, `category:${r.category}`]);
  const classSize = new Map<string, number>();
  for (const ls of labels) for (const l of ls) classSize.set(l, (classSize.get(l) ?? 0) + 1);
  const df = new Map<string, number>();
  const joint = new Map<string, Map<string, number>>();
  texts.forEach((text, i) => {
    for (const g of textGrams(text)) {
      df.set(g, (df.get(g) ?? 0) + 1);
      let byClass = joint.get(g);
      if (!byClass) joint.set(g, (byClass = new Map()));
      for (const l of labels[i] ?? []) byClass.set(l, (byClass.get(l) ?? 0) + 1);
    }
  });
  const n = texts.length;
  const scored: [string, number][] = [];
  for (const [g, count] of df) {
    if (count < o.minDf || g.trim() === '' || /^[|?]+$/.test(g)) continue;
    let best = 0;
    for (const [l, size] of classSize) {
      best = Math.max(best, chiSquare(n, count, size, joint.get(g)?.get(l) ?? 0));
    }
    scored.push([g, best]);
  }
  scored.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, o.ngrams).map(([g]) => g);
}

/** Feature rows of labelled texts in a given feature space. */
export function encodeRows(space: FeatureSpace, rows: readonly LabelledReport[]): SparseRow[] {
  return rows.map((r) => {
    const text = normalise(r.text);
    return space.encode(text, readText(text), r.flagged);
  });
}

/** One one-vs-all model over class numbers, exported as the model file stores it. */
export function trainClassifier(
  x: SparseFeatures,
  y: readonly number[],
  classes: readonly string[],
  o: TrainOptions,
): ClassifierFile {
  const present = new Set(y);
  if (classes.some((_, i) => !present.has(i)))
    throw new Error(
      `every class needs training rows; missing: ${classes.filter((_, i) => !present.has(i)).join(', ')}`,
    );
  const lr = new LogisticRegression({ numSteps: o.steps, learningRate: o.rate / x.rows });
  lr.train(x, Matrix.columnVector([...y]));
  return {
    classes: [...classes],
    weights: lr.classifiers.map((c) => c.weights.getRow(0).map((w) => Math.round(w * 1e5) / 1e5)),
  };
}

/** Train colour and category models on labelled rows. */
export function trainModel(
  rows: readonly LabelledReport[],
  options: Partial<TrainOptions> = {},
  version = `judgement-${new Date().toISOString().slice(0, 10).replaceAll('-', '.')}-1`,
): ModelFile {
  const o = { ...DEFAULT_TRAINING, ...options };
  const texts = rows.map((r) => normalise(r.text));
  const ngrams = chooseVocabulary(texts, rows, o);
  const space = new FeatureSpace(ngrams);
  const x = new SparseFeatures(encodeRows(space, rows), space.size);
  const colour = trainClassifier(
    x,
    rows.map((r) => LEVELS.indexOf(r.colour)),
    LEVELS,
    o,
  );
  const category = trainClassifier(
    x,
    rows.map((r) => CATEGORIES.indexOf(r.category)),
    CATEGORIES,
    o,
  );
  return {
    version,
    trainedAt: new Date().toISOString(),
    rows: rows.length,
    named: NAMED_FEATURES.map((f) => f.name),
    ngrams,
    colour,
    category,
    redAt: o.redAt,
    training: { library: 'ml-logistic-regression@2.0.0', ...o },
  };
}
