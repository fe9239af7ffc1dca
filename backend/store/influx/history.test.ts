import { describe, expect, it } from 'vitest';
import { planHistory } from './history.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './schema.js';

/** 2026-11-22 14:37:20 in Shanghai. */
const NOW = Date.parse('2026-11-22T14:37:20+08:00');
const MIDNIGHT = Date.parse('2026-11-22T00:00:00+08:00');

describe('planHistory', () => {
  it('takes settled days, then hours, then minutes, and raw reports only for the last minutes', () => {
    const to = MIDNIGHT + DAY_MS;
    const from = to - 30 * DAY_MS;
    expect(planHistory({ from, to, bucketMs: DAY_MS, by: 'source' }, NOW)).toEqual([
      { source: 'day', from, to: MIDNIGHT },
      { source: 'hour', from: MIDNIGHT, to: Date.parse('2026-11-22T14:00:00+08:00') },
      {
        source: 'minute',
        from: Date.parse('2026-11-22T14:00:00+08:00'),
        to: Date.parse('2026-11-22T14:35:00+08:00'),
      },
      { source: 'raw', from: Date.parse('2026-11-22T14:35:00+08:00'), to },
    ]);
  });

  it('reads yesterday from hours until the day CQ has summed it', () => {
    const now = MIDNIGHT + 30 * MINUTE_MS;
    const from = MIDNIGHT - 7 * DAY_MS;
    const parts = planHistory({ from, to: MIDNIGHT + DAY_MS, bucketMs: DAY_MS, by: 'source' }, now);
    expect(parts[0]).toEqual({ source: 'day', from, to: MIDNIGHT - DAY_MS });
    expect(parts[1]).toEqual({ source: 'hour', from: MIDNIGHT - DAY_MS, to: MIDNIGHT });
  });

  it('uses no day rollup for days that do not start at Shanghai midnight', () => {
    const from = MIDNIGHT - 10 * DAY_MS + 8 * HOUR_MS; // UTC midnight
    const parts = planHistory(
      { from, to: from + 11 * DAY_MS, bucketMs: DAY_MS, by: 'source' },
      NOW,
    );
    expect(parts.map((p) => p.source)).toEqual(['hour', 'minute', 'raw']);
  });

  it('counts a village, and buckets that are no whole minutes, from raw reports', () => {
    const from = MIDNIGHT - DAY_MS;
    const village = { from, to: MIDNIGHT + DAY_MS, bucketMs: HOUR_MS, by: 'source' as const };
    expect(planHistory({ ...village, regionCode: '611025101202' }, NOW)).toEqual([
      { source: 'raw', from, to: MIDNIGHT + DAY_MS },
    ]);
    expect(
      planHistory({ from: from + 7, to: from + 7 + DAY_MS, bucketMs: HOUR_MS, by: 'source' }, NOW),
    ).toEqual([{ source: 'raw', from: from + 7, to: from + 7 + DAY_MS }]);
  });

  it('leaves the part after now to raw reports when the range is all in the past', () => {
    const from = MIDNIGHT - 3 * DAY_MS;
    expect(
      planHistory({ from, to: MIDNIGHT - DAY_MS, bucketMs: DAY_MS, by: 'category' }, NOW),
    ).toEqual([{ source: 'day', from, to: MIDNIGHT - DAY_MS }]);
  });
});
