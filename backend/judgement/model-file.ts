import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, LEVELS } from '#contracts';
import { NAMED_FEATURES } from './named-features.js';

/**
 * The trained model as committed (model.json). Each class's weights are what
 * ml-logistic-regression learnt, with the n-grams' training scale folded in (train.ts) and
 * rounded to `training.decimals`: its one-vs-all classifiers score "not this class", so
 * P(class) = 1 − sigmoid(w·x). Keeping the library's form lets a test load them back into the
 * library and check the fast scorer against the library's own predict.
 */
const Classifier = z.object({
  classes: z.array(z.string()).min(2),
  weights: z.array(z.array(z.number())),
});
export type ClassifierFile = z.infer<typeof Classifier>;

export const ModelFile = z.object({
  version: z.string().regex(/^judgement-/),
  trainedAt: z.string(),
  /** Rows it was trained on (corpus plus corrections). */
  rows: z.number().int(),
  /** Names of the named features, in order; must match the code that reads them. */
  named: z.array(z.string()),
  /** The n-gram vocabulary, in feature order after the named features. */
  ngrams: z.array(z.string()),
  colour: Classifier,
  category: Classifier,
  /** Red only when the model's red probability reaches this (chosen by cross-validation). */
  redAt: z.number().min(0).max(1),
  /** How it was trained, for the record. */
  training: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
});
export type ModelFile = z.infer<typeof ModelFile>;

export const BUNDLED_MODEL = join(import.meta.dirname, 'model.json');

/** Check a model file against the code that will read it; throws with the reason. */
export function checkModel(model: ModelFile): ModelFile {
  const named = NAMED_FEATURES;
  if (model.named.join('\n') !== named.join('\n'))
    throw new Error(`model ${model.version}: its named features differ from the code's; retrain`);
  const size = named.length + model.ngrams.length;
  const check = (c: ClassifierFile, classes: readonly string[], what: string) => {
    if (c.classes.join() !== classes.join())
      throw new Error(`model ${model.version}: ${what} classes`);
    if (c.weights.length !== classes.length || c.weights.some((w) => w.length !== size))
      throw new Error(`model ${model.version}: ${what} weights are not ${classes.length}×${size}`);
  };
  check(model.colour, LEVELS, 'colour');
  check(model.category, CATEGORIES, 'category');
  return model;
}

export function parseModel(json: string): ModelFile {
  return checkModel(ModelFile.parse(JSON.parse(json)));
}

/** The model committed beside the code. */
export function loadBundledModel(path = BUNDLED_MODEL): ModelFile {
  return parseModel(readFileSync(path, 'utf8'));
}
