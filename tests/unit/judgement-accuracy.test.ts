import { describe, expect, it } from 'vitest';
import { loadRows, testFiles } from '../../backend/judgement/corpus.js';
import { createJudge } from '../../backend/judgement/judge.js';
import { measure, TARGETS } from '../../backend/judgement/metrics.js';

/**
 * The bundled model on the frozen test split (tests/fixtures/judgement/test-a.json and
 * test-b.json, written and committed before any tuning, never tuned on). Fails below the bar
 * the issue sets. The figures print as one JSON line.
 */
const { judge, version } = createJudge();
const rows = testFiles().flatMap(loadRows);
const m = measure(
  rows.map((row) => {
    const j = judge({ text: row.text, flagged: row.flagged });
    return { expected: row, colour: j.colour, category: j.category };
  }),
);

describe(`judgement accuracy on the frozen test split (${version})`, () => {
  it('prints the figures', () => {
    const { confusion, ...figures } = m;
    console.log(JSON.stringify({ model: version, ...figures, confusion }));
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
