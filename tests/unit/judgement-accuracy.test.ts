import { describe, expect, it } from 'vitest';
import { loadRows, testFiles } from '../../backend/judgement/corpus.js';
import { createJudge } from '../../backend/judgement/judge.js';
import { measure, missedTargets, TARGETS } from '../../backend/judgement/metrics.js';

/**
 * The bundled model on the frozen test split (tests/fixtures/judgement/test-a.json and
 * test-b.json, written and committed before any model existed, never tuned on).
 *
 * Where the model meets the targets (TARGETS) the test holds it there. Where it does not
 * yet (category, see README "Judgement"), it holds the figure measured on the split so the model
 * cannot get worse unnoticed; that floor rises to the target as the model does. The figures and the targets still missed print as one JSON line.
 */
const FLOORS = {
  category: 0.86,
} as const;

const { judge, version } = createJudge();
const rows = testFiles().flatMap(loadRows);
const m = measure(
  rows.map((row) => {
    const j = judge({ text: row.text, flagged: row.flagged });
    return { expected: row, colour: j.colour, category: j.category };
  }),
);

describe(`judgement accuracy on the frozen test split (${version})`, () => {
  it('prints the figures and the targets still missed', () => {
    const { confusion, ...figures } = m;
    console.log(
      JSON.stringify({ model: version, ...figures, missed: missedTargets(m), confusion }),
    );
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

  it(`category right ≥ ${FLOORS.category} (target ${TARGETS.category}, not met yet)`, () => {
    expect(m.category).toBeGreaterThanOrEqual(FLOORS.category);
  });
});
