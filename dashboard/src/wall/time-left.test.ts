import { describe, expect, it } from 'vitest';
import { formatTimeLeft } from './time-left.js';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const MIN = 60_000;

describe('the wall countdowns', () => {
  it('counts minutes and seconds under an hour, hours and days beyond', () => {
    expect(formatTimeLeft(NOW + 12 * MIN + 5_000, NOW)).toEqual({
      text: '剩 12:05',
      overdue: false,
    });
    expect(formatTimeLeft(NOW + 320 * MIN, NOW).text).toBe('剩 5时20分');
    expect(formatTimeLeft(NOW + 51 * 60 * MIN, NOW).text).toBe('剩 2天3时');
  });

  it('says 超时 once the deadline has passed', () => {
    expect(formatTimeLeft(NOW - 90 * MIN, NOW)).toEqual({ text: '超时 1时30分', overdue: true });
  });
});
