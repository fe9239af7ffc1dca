import {
  CATEGORIES,
  LEVELS,
  type Category,
  type JudgeInput,
  type Judgement,
  type Level,
} from '#contracts';
import { explain } from './explain.js';
import { FeatureSpace } from './features.js';
import type { SparseRow } from './named-features.js';
import { loadBundledModel, type ModelFile } from './model-file.js';
import { normalise } from './normalise.js';
import { bounds, boundedProbabilities, clamp, RULES, type Rule } from './rules.js';
import { argmax, SparseScorer } from './scorer.js';
import { readText, signalNames, type Reading } from './signals.js';

/** What ingest is given: a pure function from a report's text and hints to its judgement. */
export type Judge = (input: JudgeInput) => Judgement;

/** The contract's limit on signals. */
const MAX_SIGNALS = 32;

/** The model's colour before the rules: red only above the red threshold, else the likeliest. */
export function modelColour(p: ArrayLike<number>, redAt: number): Level {
  const red = LEVELS.indexOf('red');
  if ((p[red] ?? 0) >= redAt) return 'red';
  const rest = Array.from({ length: red }, (_, i) => p[i] ?? 0);
  return LEVELS[argmax(rest)] ?? 'none';
}

/**
 * An orange the model nearly called red: its red probability at or above this. Such a report is
 * marked for the dispatcher's second look (signal `maybe:red`, "疑似红色" in the explanation); it
 * pages no leader. Chosen by cross-validation on the training rows (README "Judgement").
 */
export const MAYBE_RED_AT = 0.2;

/** The red probability worth a dispatcher's second look, or undefined. */
export function maybeRed(
  colour: Level,
  p: ArrayLike<number>,
  at = MAYBE_RED_AT,
): number | undefined {
  const red = p[LEVELS.indexOf('red')] ?? 0;
  return colour === 'orange' && red >= at ? red : undefined;
}

/** Everything one judgement computes, for the judge and for the evaluation's error analysis. */
export interface Reasoned {
  judgement: Judgement;
  reading: Reading;
  /** The model's colour before the rules. */
  modelColour: Level;
  colourP: Float64Array;
}

export interface JudgeEngine {
  judge: Judge;
  /** The model file's version, stamped on every judgement. */
  version: string;
  /** The judgement with its workings (evaluation and debugging). */
  reason: (input: JudgeInput) => Reasoned;
}

/**
 * Build the judge from a model file: read the concepts, score colour and category with the
 * model, hold the colour within the rules' floor and cap, explain it from the signals.
 */
export function createJudge(
  model: ModelFile = loadBundledModel(),
  rules: readonly Rule[] = RULES,
): JudgeEngine {
  const space = new FeatureSpace(model.ngrams);
  const scorer = new SparseScorer([model.colour, model.category]);

  const reason = (input: JudgeInput): Reasoned => {
    const text = normalise(input.text);
    const flagged = input.flagged === true;
    const reading = readText(text);
    const row: SparseRow = space.encode(text, reading, flagged);
    const [colourP = new Float64Array(LEVELS.length), categoryP = new Float64Array(0)] =
      scorer.probabilities(row);
    const raw = modelColour(colourP, model.redAt);
    const b = bounds(reading, flagged, rules);
    const colour = clamp(raw, b);
    const heldBy: Rule | undefined =
      colour === raw ? undefined : b.fired.find((r) => (r.floor ?? r.cap) === colour);
    const best = argmax(categoryP);
    const category: Category = CATEGORIES[best] ?? 'other';
    const signals = signalNames(reading, flagged);
    const redChance = maybeRed(colour, colourP);
    if (redChance !== undefined) signals.unshift('maybe:red');
    if (heldBy) signals.unshift(`rule:${heldBy.id}`); // first: it decided the colour
    const confidence = boundedProbabilities(colourP, b)[LEVELS.indexOf(colour)] ?? 0;
    const judgement: Judgement = {
      colour,
      category,
      confidence: Math.round(confidence * 1000) / 1000,
      categoryConfidence: Math.round((categoryP[best] ?? 0) * 1000) / 1000,
      explanation: explain(reading, colour, flagged, heldBy, redChance),
      signals: signals.slice(0, MAX_SIGNALS),
      model: model.version,
    };
    return { judgement, reading, modelColour: raw, colourP };
  };

  return { judge: (input) => reason(input).judgement, version: model.version, reason };
}
