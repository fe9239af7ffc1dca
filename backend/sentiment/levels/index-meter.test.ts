import { describe, expect, it } from 'vitest';
import { IndexMeter, reportWeight } from './index-meter.js';

const VILLAGE = '611025101202';
const TOWN = '611025101';
const T = Date.parse('2026-11-22T09:30:00+08:00');
const MIN = 60_000;
const HOUR = 60 * MIN;

function meterWith(code: string, times: number[]): IndexMeter {
  const meter = new IndexMeter();
  for (const at of times) meter.add(code, at);
  return meter;
}

const times = (n: number, at: number) => Array.from({ length: n }, () => at);

describe('IndexMeter (民情指数)', () => {
  it('sits at the bottom of the level’s band without reports', () => {
    const meter = new IndexMeter();
    expect(meter.count24h(VILLAGE, T)).toBe(0);
    expect(meter.index(VILLAGE, 'village', 'none', T)).toBe(0);
    expect(meter.index(VILLAGE, 'village', 'blue', T)).toBe(40);
    expect(meter.index(VILLAGE, 'village', 'orange', T)).toBe(60);
    expect(meter.index(VILLAGE, 'village', 'red', T)).toBe(80);
    expect([...meter.regionsWithData()]).toEqual([]);
  });

  it('fills the band by the last 24 h against a normal day for the region kind', () => {
    const meter = meterWith(VILLAGE, times(50, T)); // a normal village day: 50 reports
    expect(meter.count24h(VILLAGE, T)).toBe(50);
    // 1 - e^-1 ≈ 0.632 of each band.
    expect(meter.index(VILLAGE, 'village', 'none', T)).toBe(25);
    expect(meter.index(VILLAGE, 'village', 'blue', T)).toBe(52);
    expect(meter.index(VILLAGE, 'village', 'orange', T)).toBe(72);
    expect(meter.index(VILLAGE, 'village', 'red', T)).toBe(93);
    // The same 50 reports are a light day for a town (normal 500).
    expect(meter.index(VILLAGE, 'town', 'none', T)).toBe(4);
    expect([...meter.regionsWithData()]).toEqual([VILLAGE]);
  });

  it('grows with recent reports and stays inside the band, at most 100', () => {
    const meter = new IndexMeter();
    const readings: number[] = [];
    for (let i = 0; i < 2000; i++) {
      meter.add(VILLAGE, T + (i % 60) * MIN);
      if (i % 100 === 99) readings.push(meter.index(VILLAGE, 'village', 'none', T + HOUR));
    }
    expect(readings).toEqual([...readings].sort((a, b) => a - b));
    expect(readings[0]).toBeGreaterThan(30);
    expect(readings.at(-1)).toBe(39); // never into blue's band
    expect(meter.index(VILLAGE, 'village', 'red', T + HOUR)).toBe(100);
    expect(meter.index(VILLAGE, 'group', 'red', T + HOUR)).toBe(100);
  });

  it('decays as reports leave the 24 h window', () => {
    const meter = meterWith(VILLAGE, [...times(25, T), ...times(25, T + 12 * HOUR)]);
    expect(meter.index(VILLAGE, 'village', 'none', T + 12 * HOUR)).toBe(25);
    expect(meter.count24h(VILLAGE, T + 24 * HOUR - MIN)).toBe(50);
    expect(meter.count24h(VILLAGE, T + 24 * HOUR)).toBe(25);
    expect(meter.index(VILLAGE, 'village', 'none', T + 24 * HOUR)).toBe(15);
    expect(meter.count24h(VILLAGE, T + 36 * HOUR)).toBe(0);
    expect(meter.index(VILLAGE, 'village', 'orange', T + 36 * HOUR)).toBe(60);
  });

  it('counts late reports within the day, ignores ones older than a day, keeps regions apart', () => {
    const meter = meterWith(VILLAGE, [T + 10 * HOUR]);
    meter.add(VILLAGE, T + HOUR); // late, still inside the day
    meter.add(VILLAGE, T + 10 * HOUR - 24 * HOUR); // a day old already
    meter.add(TOWN, T + 10 * HOUR);
    expect(meter.count24h(VILLAGE, T + 10 * HOUR)).toBe(2);
    expect(meter.count24h(VILLAGE, T + 25 * HOUR)).toBe(1);
    expect(meter.count24h(TOWN, T + 25 * HOUR)).toBe(1);
    expect(meter.count24h('611025101210', T + 10 * HOUR)).toBe(0);
  });

  it('a gap longer than a day empties the ring', () => {
    const meter = meterWith(VILLAGE, times(10, T));
    expect(meter.count24h(VILLAGE, T + 72 * HOUR)).toBe(0);
    meter.add(VILLAGE, T + 72 * HOUR);
    expect(meter.count24h(VILLAGE, T + 72 * HOUR)).toBe(1);
  });

  it('weighs a report by its colour and urgency', () => {
    expect((['none', 'blue', 'orange', 'red'] as const).map((l) => reportWeight(l, 0))).toEqual([
      0.5, 1, 2, 4,
    ]);
    expect(reportWeight('red', 1)).toBe(4.5);
    expect(reportWeight('blue', 0.5)).toBe(1.25);
    expect([reportWeight('none', 7), reportWeight('none', -1)]).toEqual([1, 0.5]);
    // Ten reports of weight 5 load a village like fifty ordinary ones.
    const meter = new IndexMeter();
    for (let i = 0; i < 10; i++) meter.add(VILLAGE, T, 5);
    expect(meter.count24h(VILLAGE, T)).toBe(50);
    expect(meter.index(VILLAGE, 'village', 'none', T)).toBe(25);
    expect(meter.count24h(VILLAGE, T + 24 * HOUR)).toBe(0);
  });
});
