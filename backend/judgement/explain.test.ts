import { describe, expect, it } from 'vitest';
import { explain, withVerdict } from './explain.js';
import { maybeRed } from './judge.js';
import { normalise } from './normalise.js';
import { readText } from './signals.js';

const read = (text: string) => readText(normalise(text));

describe('an orange the model nearly called red', () => {
  it('is marked only when orange and the red probability reaches the mark', () => {
    expect(maybeRed('orange', [0, 0.1, 0.5, 0.4], 0.3)).toBe(0.4);
    expect(maybeRed('orange', [0, 0.2, 0.6, 0.2], 0.3)).toBeUndefined();
    expect(maybeRed('blue', [0, 0.3, 0.3, 0.4], 0.3)).toBeUndefined();
    expect(maybeRed('red', [0, 0, 0.4, 0.6], 0.3)).toBeUndefined();
  });

  it('says so at the end of the explanation, after the colour', () => {
    const line = explain(read('半夜有人一直拧我家门把手'), 'orange', false, undefined, 0.384);
    expect(line).toMatch(/ → 橙色（疑似红色 38%）$/);
    expect(explain(read('半夜有人一直拧我家门把手'), 'orange', false, undefined)).toMatch(
      / → 橙色$/,
    );
  });

  it('keeps the colour and the mark when a long explanation is cut', () => {
    const line = withVerdict('危险：菜刀、'.repeat(40), ' → 橙色（疑似红色 45%）', 200);
    expect(line).toHaveLength(200);
    expect(line).toMatch(/… → 橙色（疑似红色 45%）$/);
    expect(withVerdict('危险：菜刀', ' → 红色', 200)).toBe('危险：菜刀 → 红色');
  });
});
