import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Judgement } from '#contracts';
import { createJudge, modelColour } from './judge.js';
import { BUNDLED_MODEL } from './model-file.js';
import { SAMPLE_ROWS } from './sample-rows.js';
import { trainModel } from './train.js';

/** A model that knows nothing (zero steps: every class equally likely): the rules alone speak. */
const flat = createJudge(
  trainModel(SAMPLE_ROWS, { steps: 0, ngrams: 50, minDf: 1 }, 'judgement-test-flat'),
);
/** A model trained on the handful of sample rows. */
const small = createJudge(
  trainModel(SAMPLE_ROWS, { steps: 400, ngrams: 400, minDf: 1 }, 'judgement-test-1'),
);

describe('judge', () => {
  it('returns a judgement the contract accepts, stamped with the model version', () => {
    const j = small.judge({
      text: '我男人现在拿着菜刀要砍我婆娘，快来人',
      flagged: true,
      source: 'app',
    });
    expect(Judgement.parse(j)).toEqual(j);
    expect(j.model).toBe('judgement-test-1');
    expect(small.version).toBe('judgement-test-1');
    expect(j.signals).toEqual(
      expect.arrayContaining(['hazard:weapon', 'now', 'family', 'flagged']),
    );
  });

  it('holds a hazard under way at orange or above even when the model knows nothing', () => {
    const j = flat.judge({ text: '后山正在塌方，石头滚到路上了' });
    expect(j.colour).toBe('orange');
    expect(j.signals).toContain('rule:floor-hazard-now');
    // A model that knows nothing gives red a quarter: enough to ask the dispatcher for a look.
    expect(j.explanation).toMatch(/^危险：塌方.*正在发生.*→ 橙色（疑似红色 25%）$/);
    expect(j.signals).toContain('maybe:red');
  });

  it('keeps settled, drill and elsewhere texts with red words below red', () => {
    for (const text of [
      '去年那次塌方压了一辆车，已经处理了',
      '今天村里搞了防汛演练，模拟山洪被困群众转移',
      '网上看到外地有人持刀砍人，挺吓人的',
    ]) {
      for (const engine of [flat, small]) {
        const j = engine.judge({ text, flagged: true });
        expect(['none', 'blue'], text).toContain(j.colour);
      }
    }
  });

  it('explains a lowered hazard by what lowered it', () => {
    const j = small.judge({ text: '去年塌方的那段路已经处理了' });
    expect(j.explanation).toMatch(/^提及塌方，但.*去年.*→ (无|蓝色)$/);
  });

  it('gives a confidence that is a probability and a one-line explanation', () => {
    for (const row of SAMPLE_ROWS) {
      const j = small.judge({ text: row.text, flagged: row.flagged });
      expect(j.confidence).toBeGreaterThanOrEqual(0);
      expect(j.confidence).toBeLessThanOrEqual(1);
      expect(j.explanation).not.toMatch(/\n/);
      expect(j.explanation.length).toBeLessThanOrEqual(200);
    }
  });

  it('learns the sample rows it was trained on', () => {
    const right = SAMPLE_ROWS.filter(
      (r) => small.judge({ text: r.text, flagged: r.flagged }).category === r.category,
    );
    expect(right.length / SAMPLE_ROWS.length).toBeGreaterThan(0.8);
  });

  it('copes with empty, long and odd text', () => {
    for (const text of ['', '？？？', 'x'.repeat(5000), '１２０救护车😀']) {
      expect(() => Judgement.parse(small.judge({ text }))).not.toThrow();
    }
  });

  it.runIf(existsSync(BUNDLED_MODEL))('loads the bundled model by default', () => {
    const engine = createJudge();
    expect(engine.version).toMatch(/^judgement-\d{4}\.\d{2}\.\d{2}-\d+$/);
    expect(engine.judge({ text: '路灯坏了' }).model).toBe(engine.version);
  });
});

describe('the model colour', () => {
  it('is red only from the red threshold, else the likeliest of the rest', () => {
    expect(modelColour([0.1, 0.2, 0.3, 0.4], 0.5)).toBe('orange');
    expect(modelColour([0.1, 0.2, 0.3, 0.4], 0.4)).toBe('red');
    expect(modelColour([0.5, 0.2, 0.1, 0.2], 0.2)).toBe('red');
  });
});
