import { describe, expect, it } from 'vitest';
import type { Silence } from '#contracts';
import { silenceMatches } from './silences.js';
import { backoffMs } from './worker.js';

const retry = { maxAttempts: 8, baseSeconds: 5, maxSeconds: 600, timeoutSeconds: 10 };

describe('outbox backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, retry))).toEqual([5000, 10000, 20000, 40000]);
    expect(backoffMs(12, retry)).toBe(600_000);
  });
});

describe('silences', () => {
  const silence: Silence = {
    id: 's',
    kind: 'maintenance',
    regionCode: '611025101',
    category: 'infrastructure',
    ruleId: null,
    startsAt: 1000,
    endsAt: 2000,
    comment: '联调',
    createdBy: '张建国',
    createdAt: 0,
  };
  const target = { regionCode: '611025101202', category: 'infrastructure', ruleId: 'r' };

  it('match a region’s subtree, the named category, within the time range', () => {
    expect(silenceMatches(silence, target, 1500)).toBe(true);
    expect(silenceMatches(silence, target, 999)).toBe(false);
    expect(silenceMatches(silence, target, 2000)).toBe(false);
    expect(silenceMatches(silence, { ...target, regionCode: '611025102201' }, 1500)).toBe(false);
    expect(silenceMatches(silence, { ...target, category: 'dispute' }, 1500)).toBe(false);
  });

  it('a rule silence matches only that rule', () => {
    const byRule = { ...silence, regionCode: null, category: null, ruleId: 'red-violence' };
    expect(silenceMatches(byRule, { ...target, ruleId: 'red-violence' }, 1500)).toBe(true);
    expect(silenceMatches(byRule, target, 1500)).toBe(false);
  });
});
