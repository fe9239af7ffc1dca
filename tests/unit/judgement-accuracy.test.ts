import { describe, expect, it } from 'vitest';
import { loadRows, retiredTestFiles, testFiles } from '../../backend/judgement/corpus.js';
import { createJudge } from '../../backend/judgement/judge.js';
import { measure, missedTargets, TARGETS, type Metrics } from '../../backend/judgement/metrics.js';

/**
 * The bundled model on the frozen test split (tests/fixtures/judgement/test-2-*.json: written
 * under the clarified rubric by writers who saw no model and no training row, and committed
 * before any training against it; never tuned on). It must meet every target of the issue.
 *
 * The first split (test-a/test-b), retired because it was written before the rubric said where
 * thanks and suggestions go, is measured too and printed as a record; its floors are the figures
 * measured when it was retired, so the model cannot get worse on it unnoticed.
 */
const { judge, version } = createJudge();

function measureFiles(files: readonly string[]): Metrics {
  return measure(
    files.flatMap(loadRows).map((row) => {
      const j = judge({ text: row.text, flagged: row.flagged });
      return { expected: row, colour: j.colour, category: j.category };
    }),
  );
}

function print(split: string, m: Metrics): void {
  const { confusion, ...figures } = m;
  console.log(
    JSON.stringify({ split, model: version, ...figures, missed: missedTargets(m), confusion }),
  );
}

describe(`judgement accuracy on the frozen test split (${version})`, () => {
  const m = measureFiles(testFiles());

  it('prints the figures', () => {
    print('test-2', m);
    expect(m.n).toBeGreaterThanOrEqual(400);
  });

  it(`red recall ≥ ${TARGETS.redRecall}`, () => {
    expect(m.redRecall).toBeGreaterThanOrEqual(TARGETS.redRecall);
  });

  it(`red precision ≥ ${TARGETS.redPrecision}`, () => {
    expect(m.redPrecision).toBeGreaterThanOrEqual(TARGETS.redPrecision);
  });

  it(`non-red judged red ≤ ${TARGETS.nonRedJudgedRed * 100}%`, () => {
    expect(m.nonRedJudgedRed).toBeLessThanOrEqual(TARGETS.nonRedJudgedRed);
  });

  it(`colour exactly right ≥ ${TARGETS.colourExact}`, () => {
    expect(m.colourExact).toBeGreaterThanOrEqual(TARGETS.colourExact);
  });

  it(`category right ≥ ${TARGETS.category}`, () => {
    expect(m.category).toBeGreaterThanOrEqual(TARGETS.category);
  });
});

/** Measured on the retired split when it was retired (see README "Judgement"). */
const RETIRED_FLOORS = {
  redRecall: 0.86,
  colourExact: 0.84,
  category: 0.88,
} as const;

describe(`judgement on the retired first split (${version}), a record`, () => {
  const m = measureFiles(retiredTestFiles());

  it('prints the figures and holds the floors measured when it was retired', () => {
    print('test-a+b (retired)', m);
    expect(m.n).toBe(460);
    expect(m.redRecall).toBeGreaterThanOrEqual(RETIRED_FLOORS.redRecall);
    expect(m.colourExact).toBeGreaterThanOrEqual(RETIRED_FLOORS.colourExact);
    expect(m.category).toBeGreaterThanOrEqual(RETIRED_FLOORS.category);
  });
});
