import { describe, expect, it } from 'vitest';
import { WindowRule } from '#contracts';
import { CALM, stepWindowState, type WindowState } from './window-state.js';

const rule = WindowRule.parse({
  id: 'surge',
  description: 'test',
  regionKind: 'village',
  category: '*',
  windowMinutes: 60,
  thresholds: [
    { level: 'orange', raiseAt: 10, clearBelow: 6 },
    { level: 'red', raiseAt: 30, clearBelow: 20 },
  ],
  pendingSeconds: 60,
  clearAfterMinutes: 15,
});

function run(steps: Array<[count: number, atSeconds: number]>): WindowState[] {
  let state = CALM;
  return steps.map(([count, at]) => (state = stepWindowState(rule, state, count, at * 1000)));
}

describe('window rule hysteresis', () => {
  it('waits out the pending period before raising', () => {
    const states = run([
      [10, 0],
      [11, 30],
      [12, 60],
    ]);
    expect(states.map((s) => s.level)).toEqual(['none', 'none', 'orange']);
  });

  it('forgets a spike that falls back within the pending period', () => {
    const states = run([
      [10, 0],
      [5, 30],
      [10, 61],
    ]);
    expect(states.map((s) => s.level)).toEqual(['none', 'none', 'none']);
  });

  it('does not clear between clearBelow and raiseAt (no flapping)', () => {
    const states = run([
      [12, 0],
      [12, 60],
      [7, 120],
      [9, 5000],
      [6, 9000],
    ]);
    expect(states.map((s) => s.level)).toEqual(['none', 'orange', 'orange', 'orange', 'orange']);
  });

  it('clears only after staying below clearBelow for clearAfterMinutes', () => {
    const states = run([
      [12, 0],
      [12, 60],
      [5, 120],
      [5, 120 + 14 * 60],
      [5, 120 + 15 * 60],
    ]);
    expect(states.map((s) => s.level)).toEqual(['none', 'orange', 'orange', 'orange', 'none']);
  });

  it('steps down from red to orange while the count still holds orange', () => {
    const states = run([
      [31, 0],
      [31, 60],
      [15, 120],
      [15, 120 + 15 * 60],
    ]);
    expect(states.map((s) => s.level)).toEqual(['none', 'red', 'red', 'orange']);
  });

  it('resets the clear timer when the count recovers', () => {
    const states = run([
      [12, 0],
      [12, 60],
      [5, 120],
      [8, 600],
      [5, 700],
      [5, 700 + 14 * 60],
    ]);
    expect(states.at(-1)?.level).toBe('orange');
  });
});
