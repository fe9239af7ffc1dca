import { describe, expect, it } from 'vitest';
import type { Level } from '#contracts';
import { Alert } from '#contracts';
import type { RuleSignal } from '../rules/signal.js';
import { AlertBook } from './alert-book.js';

const VILLAGE = '611025101202';
const OTHER = '611025101210';
const T = Date.parse('2026-11-22T09:30:00+08:00');
const MIN = 60_000;

function signal(level: Level, at: number, o: Partial<RuleSignal> = {}): RuleSignal {
  return {
    regionCode: VILLAGE,
    ruleId: 'village-surge',
    ruleKey: 'village-surge/dispute',
    level,
    explanation: {
      ruleId: 'village-surge',
      reason: `${level} at ${at}`,
      windowMinutes: 60,
      value: 5,
      threshold: 5,
      evidence: ['r1'],
    },
    at,
    ...o,
  };
}

describe('AlertBook', () => {
  it('raises one active alert per region and rule instance', () => {
    const book = new AlertBook();
    const event = book.apply(signal('blue', T));
    expect(event?.type).toBe('raised');
    expect(Alert.parse(event?.alert)).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
      regionCode: VILLAGE,
      ruleId: 'village-surge',
      ruleKey: 'village-surge/dispute',
      level: 'blue',
      status: 'active',
      explanation: signal('blue', T).explanation,
      raisedAt: T,
      updatedAt: T,
      clearedAt: null,
      clearReason: null,
    });
    // Another category of the same rule, and another region, are separate alerts.
    const other = book.apply(signal('blue', T, { ruleKey: 'village-surge/livelihood' }));
    const elsewhere = book.apply(signal('blue', T, { regionCode: OTHER }));
    expect([other?.type, elsewhere?.type]).toEqual(['raised', 'raised']);
    const ids = new Set([event?.alert.id, other?.alert.id, elsewhere?.alert.id]);
    expect(ids.size).toBe(3);
    expect(book.list()).toHaveLength(3);
  });

  it('updates the active alert when the rule rises, keeping its id and raise time', () => {
    const book = new AlertBook();
    const raised = book.apply(signal('blue', T));
    const updated = book.apply(signal('orange', T + 5 * MIN));
    expect(updated?.type).toBe('updated');
    expect(updated?.alert).toMatchObject({
      id: raised?.alert.id,
      level: 'orange',
      status: 'active',
      raisedAt: T,
      updatedAt: T + 5 * MIN,
      explanation: { reason: `orange at ${T + 5 * MIN}` },
    });
    expect(book.list().map((a) => [a.id, a.level])).toEqual([[raised?.alert.id, 'orange']]);
  });

  it('clears with the reason and time, keeps it among the recently cleared, then raises anew', () => {
    const book = new AlertBook();
    const raised = book.apply(signal('orange', T));
    const cleared = book.apply(signal('none', T + 90 * MIN));
    expect(cleared?.type).toBe('cleared');
    expect(cleared?.alert).toMatchObject({
      id: raised?.alert.id,
      level: 'orange', // the level it had, not none
      status: 'cleared',
      raisedAt: T,
      updatedAt: T + 90 * MIN,
      clearedAt: T + 90 * MIN,
      clearReason: `none at ${T + 90 * MIN}`,
    });
    expect(book.list()).toEqual([]);
    expect(book.recentlyCleared().map((a) => a.id)).toEqual([raised?.alert.id]);
    expect(book.get(raised?.alert.id ?? '')?.status).toBe('cleared');

    expect(book.apply(signal('none', T + 91 * MIN))).toBeNull(); // nothing active to clear
    const again = book.apply(signal('blue', T + 120 * MIN));
    expect(again?.type).toBe('raised');
    expect(again?.alert.id).not.toBe(raised?.alert.id);
    expect(book.get(again?.alert.id ?? '')?.status).toBe('active');
  });

  it('derives ids from region, rule instance and raise time, so a replay gets the same ids', () => {
    const first = new AlertBook().apply(signal('red', T));
    const replay = new AlertBook().apply(signal('red', T));
    expect(replay?.alert.id).toBe(first?.alert.id);
    expect(new AlertBook().apply(signal('red', T + 1))?.alert.id).not.toBe(first?.alert.id);
    expect(new AlertBook().apply(signal('blue', T))?.alert.id).toBe(first?.alert.id);
  });

  it('lists the most severe first, then the newest', () => {
    const book = new AlertBook();
    book.apply(signal('blue', T, { regionCode: '611025101203' }));
    book.apply(signal('orange', T, { regionCode: VILLAGE }));
    book.apply(signal('blue', T + MIN, { regionCode: OTHER }));
    expect(book.list().map((a) => [a.regionCode, a.level])).toEqual([
      [VILLAGE, 'orange'],
      [OTHER, 'blue'],
      ['611025101203', 'blue'],
    ]);
    expect(book.get('no-such-id')).toBeUndefined();
  });

  it('remembers only the 200 most recently cleared alerts, newest first', () => {
    const book = new AlertBook();
    for (let i = 0; i < 205; i++) {
      const ruleKey = `rule-${i}`;
      book.apply(signal('blue', T + i, { ruleKey }));
      book.apply(signal('none', T + i + 1, { ruleKey }));
    }
    const cleared = book.recentlyCleared();
    expect(cleared).toHaveLength(200);
    expect(cleared[0]?.ruleKey).toBe('rule-204');
    expect(cleared.at(-1)?.ruleKey).toBe('rule-5');
  });
});
