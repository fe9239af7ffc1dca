import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './sliding-window.js';

describe('SlidingWindow', () => {
  it('counts entries since a time, including late arrivals', () => {
    const w = new SlidingWindow();
    w.add(100, 'a');
    w.add(300, 'c');
    w.add(200, 'b');
    expect(w.countSince(150)).toBe(2);
    expect(w.countSince(0)).toBe(3);
    expect(w.idsSince(0, 2)).toEqual(['c', 'b']);
  });

  it('prunes old entries and keeps counting correctly after compaction', () => {
    const w = new SlidingWindow();
    for (let i = 0; i < 5000; i++) w.add(i, `r${i}`);
    w.prune(4000);
    expect(w.size).toBe(1000);
    expect(w.countSince(4500)).toBe(500);
    w.add(4999, 'late');
    expect(w.countSince(4999)).toBe(2);
  });
});
