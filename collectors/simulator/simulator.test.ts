import { describe, expect, it } from 'vitest';
import { ReportInput } from '../../contracts/index.js';
import { loadRegions } from '../../tests/helpers/server.js';
import {
  TrafficModel,
  generateBatch,
  mulberry32,
  rhythmAt,
  shanghaiIso,
  type SimulatorState,
} from './simulator.js';

const regions = loadRegions();

function day(random: () => number, startMs: number, minutes: number) {
  const model = new TrafficModel(regions.all, random);
  const state: SimulatorState = { counter: 0, buildUp: null };
  const out: ReportInput[] = [];
  for (let s = 0; s < minutes * 60; s++)
    out.push(...generateBatch(model, state, startMs + s * 1000, random, 20, 20));
  return out;
}

describe('simulator', () => {
  it('produces valid reports for regions that exist, with unique external ids', () => {
    const reports = day(mulberry32(7), Date.parse('2026-11-20T02:00:00Z'), 30);
    expect(reports.length).toBeGreaterThan(200);
    for (const r of reports) {
      expect(ReportInput.safeParse(r).success).toBe(true);
      expect(regions.has(r.regionCode)).toBe(true);
    }
    const ids = reports.map((r) => `${r.source}|${r.externalId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(reports.map((r) => r.source)).size).toBe(3);
  });

  it('is quieter at 3 am than at 10 am Beijing time, whatever the server TZ', () => {
    expect(rhythmAt(Date.parse('2026-11-20T03:00:00+08:00'))).toBeLessThan(
      rhythmAt(Date.parse('2026-11-20T10:00:00+08:00')),
    );
    const night = day(mulberry32(1), Date.parse('2026-11-20T03:00:00+08:00'), 20).length;
    const morning = day(mulberry32(1), Date.parse('2026-11-20T10:00:00+08:00'), 20).length;
    expect(night * 3).toBeLessThan(morning);
  });

  it('a build-up sends at least 10 same-category reports to one village', () => {
    const random = mulberry32(3);
    const model = new TrafficModel(regions.all, random);
    const state: SimulatorState = { counter: 0, buildUp: model.startBuildUp() };
    const { village, category } = state.buildUp!;
    const reports: ReportInput[] = [];
    for (let s = 0; s < 20 * 60 && state.buildUp; s++)
      reports.push(...generateBatch(model, state, Date.now() + s * 1000, random, 0.0001, 1e9));
    const inVillage = reports.filter(
      (r) => r.regionCode.startsWith(village.code) && r.category === category,
    );
    expect(inVillage.length).toBeGreaterThanOrEqual(10);
  });

  it('stamps times in Asia/Shanghai with their offset', () => {
    expect(shanghaiIso(Date.parse('2026-11-22T00:30:00Z'))).toBe('2026-11-22T08:30:00.000+08:00');
  });
});
