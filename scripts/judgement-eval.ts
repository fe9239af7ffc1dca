/**
 * How well the judge reads: per-colour precision and recall, the confusion matrix, category
 * accuracy, red recall and precision, the share of non-red reports judged red.
 *
 *   npm run judgement:eval                         # the bundled model on the frozen test split
 *   npm run judgement:eval -- --retired            # … on the first split, retired (a record)
 *   npm run judgement:eval -- some-file.json       # … on other labelled rows
 *   npm run judgement:eval -- --cv [--set k=v]     # 5-fold cross-validation on train-*.json
 *   npm run judgement:eval -- --cv --sweep         # … and the red threshold swept
 *   npm run judgement:eval -- --cv --without cap-lowered   # … without some rules
 *   npm run judgement:eval -- --cv --always train-10   # … train-10* always trained, never held out
 *   --misses lists the rows it got wrong; --model path evaluates another model file.
 */
import { basename, resolve } from 'node:path';
import { parseOptions } from '../backend/judgement/cli-options.js';
import {
  dedupe,
  loadRows,
  retiredTestFiles,
  testFiles,
  trainingFiles,
} from '../backend/judgement/corpus.js';
import { asJudged, crossValidate, type HeldOut } from '../backend/judgement/cv.js';
import { createJudge, modelColour } from '../backend/judgement/judge.js';
import {
  categoryMistakes,
  formatMetrics,
  measure,
  missedTargets,
  type Judged,
} from '../backend/judgement/metrics.js';
import { loadBundledModel } from '../backend/judgement/model-file.js';
import { bounds, clamp, RULES, type Rule } from '../backend/judgement/rules.js';
import { DEFAULT_TRAINING } from '../backend/judgement/train.js';

const args = parseOptions(process.argv.slice(2));
const without = new Set(args.without);
const rules = RULES.filter((r) => !without.has(r.id));

function report(what: Record<string, unknown>, judged: readonly Judged[]): void {
  const m = measure(judged);
  const missed = missedTargets(m);
  const { perColour, confusion, byTrap, ...figures } = m;
  console.log(JSON.stringify({ ...what, ...figures, met: missed.length === 0, missed }));
  console.log(
    `\n${formatMetrics({ ...figures, perColour, confusion, byTrap }, categoryMistakes(judged))}`,
  );
}

/** The held-out rows judged again with another red threshold and other rules (no retraining). */
function rejudge(heldOut: readonly HeldOut[], redAt: number, using: readonly Rule[]): Judged[] {
  return heldOut.map(({ row, reasoned }) => ({
    expected: row,
    category: reasoned.judgement.category,
    colour: clamp(
      modelColour(reasoned.colourP, redAt),
      bounds(reasoned.reading, row.flagged, using),
    ),
  }));
}

function line(label: string, judged: readonly Judged[]): string {
  const m = measure(judged);
  return (
    `${label}: exact ${m.colourExact} red recall ${m.redRecall} precision ${m.redPrecision} ` +
    `non-red→red ${m.nonRedJudgedRed}`
  );
}

/** The red threshold swept, and each rule left out in turn, on the held-out probabilities. */
function sweep(heldOut: readonly HeldOut[], redAt: number): void {
  console.log('\nred threshold sweep (held-out)');
  for (let at = 0.2; at <= 0.8001; at += 0.05)
    console.log(line(`redAt ${at.toFixed(2)}`, rejudge(heldOut, at, rules)));
  console.log(`\nrules left out one at a time (redAt ${redAt})`);
  console.log(line('all rules', rejudge(heldOut, redAt, rules)));
  console.log(line('no rules', rejudge(heldOut, redAt, [])));
  for (const rule of rules)
    console.log(
      line(
        `without ${rule.id}`,
        rejudge(
          heldOut,
          redAt,
          rules.filter((r) => r !== rule),
        ),
      ),
    );
}

function misses(heldOut: readonly HeldOut[]): void {
  console.log('\nmisses (labelled → judged [model]: explanation | text)');
  for (const { row, reasoned } of heldOut) {
    const j = reasoned.judgement;
    if (j.colour === row.colour && j.category === row.category) continue;
    const p = Array.from(reasoned.colourP, (x) => x.toFixed(2)).join('/');
    console.log(
      `${row.colour}→${j.colour} [${reasoned.modelColour} ${p}] ${row.category}→${j.category} ` +
        `${row.trap ?? ''}${row.flagged ? ' flagged' : ''}: ${j.explanation} | ${row.text}`,
    );
  }
}

if (args.flags.has('cv')) {
  const files = trainingFiles();
  const isAlways = (f: string) => args.always.some((p) => basename(f).startsWith(p));
  const always = dedupe(files.filter(isAlways).flatMap(loadRows));
  const alwaysTexts = new Set(always.map((r) => r.text));
  const rows = dedupe(files.filter((f) => !isAlways(f)).flatMap(loadRows)).filter(
    (r) => !alwaysTexts.has(r.text),
  );
  const started = Date.now();
  const heldOut = crossValidate(
    rows,
    args.options,
    5,
    rules,
    (f) => console.error(`fold ${f + 1}/5`),
    always,
  );
  report(
    {
      mode: '5-fold cross-validation',
      files,
      alwaysTrained: always.length,
      options: args.options,
      without: [...without],
      seconds: (Date.now() - started) / 1000,
    },
    asJudged(heldOut),
  );
  if (args.flags.has('sweep')) sweep(heldOut, args.options.redAt ?? DEFAULT_TRAINING.redAt);
  if (args.flags.has('misses')) misses(heldOut);
} else {
  const split = args.flags.has('retired') ? retiredTestFiles() : testFiles();
  const files = args.files.length > 0 ? args.files.map((f) => resolve(f)) : split;
  const rows = files.flatMap(loadRows);
  const model = args.model ? loadBundledModel(resolve(args.model)) : loadBundledModel();
  const { reason } = createJudge(model, rules);
  const heldOut = rows.map((row) => ({
    row,
    reasoned: reason({ text: row.text, flagged: row.flagged }),
  }));
  report({ mode: 'files', files, model: model.version }, asJudged(heldOut));
  if (args.flags.has('misses')) misses(heldOut);
}
