import type { LabelledReport } from '#contracts';
import { assignFolds } from './corpus.js';
import { createJudge, type Reasoned } from './judge.js';
import type { Judged } from './metrics.js';
import { RULES, type Rule } from './rules.js';
import { trainModel, type TrainOptions } from './train.js';

/** A held-out row with how the model judged it. */
export interface HeldOut {
  row: LabelledReport;
  reasoned: Reasoned;
}

/**
 * k-fold cross-validation on training rows: each fold is judged by a model trained on the
 * others (vocabulary included), so the figures estimate new text. All tuning uses this, never
 * the frozen test split. `always` rows are in every fold's training and never judged: rows
 * written later by other hands, measured by what they add on the earlier ones.
 */
export function crossValidate(
  rows: readonly LabelledReport[],
  options: Partial<TrainOptions> = {},
  k = 5,
  rules: readonly Rule[] = RULES,
  progress: (fold: number) => void = () => {},
  always: readonly LabelledReport[] = [],
): HeldOut[] {
  const folds = assignFolds(rows, k);
  const out: HeldOut[] = [];
  for (let f = 0; f < k; f++) {
    progress(f);
    const model = trainModel(
      [...rows.filter((_, i) => folds[i] !== f), ...always],
      options,
      `judgement-cv-${f}`,
    );
    const { reason } = createJudge(model, rules);
    rows.forEach((row, i) => {
      if (folds[i] === f)
        out.push({ row, reasoned: reason({ text: row.text, flagged: row.flagged }) });
    });
  }
  return out;
}

export function asJudged(heldOut: readonly HeldOut[]): Judged[] {
  return heldOut.map(({ row, reasoned }) => ({
    expected: row,
    colour: reasoned.judgement.colour,
    category: reasoned.judgement.category,
  }));
}
