import { describe, expect, it } from 'vitest';
import type { HistoryRequest } from '../store.js';
import { HOUR_MS, MINUTE_MS } from './schema.js';
import { TailCounts, type TailReport } from './tail-counts.js';

const NOW = Date.parse('2026-11-22T14:37:20+08:00');
const HOUR = Date.parse('2026-11-22T14:00:00+08:00');
const request: HistoryRequest = {
  from: HOUR,
  to: HOUR + HOUR_MS,
  bucketMs: MINUTE_MS,
  by: 'source',
};

function at(occurredAt: number, source = 'hotline'): TailReport {
  return { occurredAt, regionCode: '611025101202', source, category: 'livelihood' };
}

/** Counts per bucket index, keyed `b:key`. */
function counts(tail: TailCounts, from: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of tail.history(request, from))
    out[`${r.b}:${r.key}`] = (out[`${r.b}:${r.key}`] ?? 0) + r.n;
  return out;
}

describe('TailCounts', () => {
  it('answers nothing until filled, then counts what commits and takes off what is set aside', async () => {
    const tail = new TailCounts(() => NOW);
    const minute = HOUR + 36 * MINUTE_MS;
    expect(tail.covers(request, minute)).toBe(false);
    tail.added([at(minute)]); // before the fill's instant: the fill's read has it
    let release: () => void = () => undefined;
    const filled = tail.fill(
      () =>
        new Promise((resolve) => {
          release = () =>
            resolve([
              { minute, region: '611025101', source: 'hotline', category: 'livelihood', n: 2 },
            ]);
        }),
    );
    // While the fill is in flight: a commit and a set-aside after its instant.
    tail.added([at(minute + 1_000, 'app')]);
    tail.removed([at(minute)]);
    release();
    await filled;
    expect(tail.covers(request, minute)).toBe(true);
    expect(counts(tail, minute)).toEqual({ '36:hotline': 1, '36:app': 1 });
    tail.added([at(minute + 60_000), at(HOUR - 20 * MINUTE_MS)]); // the second: before `since`
    expect(counts(tail, minute)).toEqual({ '36:hotline': 1, '36:app': 1, '37:hotline': 1 });
    expect(counts(tail, minute + MINUTE_MS)).toEqual({ '37:hotline': 1 });
  });

  it('covers neither villages nor buckets that are not whole minutes, nor minutes before it', async () => {
    const tail = new TailCounts(() => NOW);
    await tail.fill(() => Promise.resolve([]));
    const minute = HOUR + 35 * MINUTE_MS;
    expect(tail.covers(request, minute)).toBe(true);
    expect(tail.covers({ ...request, regionCode: '611025101202' }, minute)).toBe(false);
    expect(tail.covers({ ...request, bucketMs: 90_000 }, minute)).toBe(false);
    expect(tail.covers(request, HOUR)).toBe(false);
  });
});
