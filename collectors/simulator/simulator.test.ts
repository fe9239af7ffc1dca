import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegionFile, ReportInput } from '#contracts';
import { createJudge } from '../../backend/judgement/index.js';
import {
  TrafficModel,
  createSimulator,
  generateBatch,
  mulberry32,
  newSimulatorState,
  poisson,
  rhythmAt,
  shanghaiHour,
  shanghaiIso,
  type SimulatorState,
} from './simulator.js';
import { BUILD_UPS, RED_INCIDENTS, TEXTS, fillTemplate } from './texts.js';

const REPO = join(import.meta.dirname, '../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(REPO, file), 'utf8'));
const regions = RegionFile.parse(readJson('config/regions.json')).regions;
const byCode = new Map(regions.map((r) => [r.code, r]));
/** Red as the backend will read it: the bundled judgement. */
const { judge } = createJudge();
const SAMPLE = { village: '枣园村', group: '第三组', name: '王' };
const isRed = (text: string) => judge({ text: fillTemplate(text, SAMPLE) }).colour === 'red';
const DAY = { reportsPerMinute: 20, incidentEveryMinutes: 20 };

/** Seconds of traffic from startMs, one batch a second, as the timer would drive it. */
function run(seed: number, startMs: number, minutes: number, options = DAY) {
  const model = new TrafficModel(regions, mulberry32(seed));
  const state = newSimulatorState();
  const reports: ReportInput[] = [];
  for (let s = 0; s < minutes * 60; s++) {
    reports.push(...generateBatch(model, state, startMs + s * 1000, options));
  }
  return reports;
}

const MORNING = Date.parse('2026-11-20T10:00:00+08:00');
const NIGHT = Date.parse('2026-11-20T03:00:00+08:00');

describe('generateBatch', () => {
  const reports = run(7, MORNING, 120);

  it('produces valid reports for towns, villages or groups that exist', () => {
    expect(reports.length).toBeGreaterThan(1500);
    for (const report of reports) {
      expect(ReportInput.parse(report)).toEqual(report);
      const region = byCode.get(report.regionCode);
      expect(['village', 'group']).toContain(region?.kind);
      expect(report.occurredAt).toMatch(/\+08:00$/);
    }
  });

  it('gives every report an external id unique within its source', () => {
    const ids = reports.map((r) => `${r.source}|${r.externalId}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('mixes sources, omits the category sometimes and includes phone numbers sometimes', () => {
    const share = (pred: (r: ReportInput) => boolean) =>
      reports.filter(pred).length / reports.length;
    expect(share((r) => r.source === 'hotline')).toBeCloseTo(0.45, 1);
    expect(share((r) => r.source === 'app')).toBeCloseTo(0.3, 1);
    expect(share((r) => r.source === 'grid')).toBeCloseTo(0.25, 1);
    expect(share((r) => r.category === undefined)).toBeGreaterThan(0.08);
    expect(share((r) => r.category === undefined)).toBeLessThan(0.2);
    expect(share((r) => /1[3-9]\d{9}/.test(r.text))).toBeGreaterThan(0.03);
    expect(share((r) => r.reporter?.phone !== undefined)).toBeGreaterThan(0.1);
    const grid = reports.filter((r) => r.source === 'grid');
    const gridAtGroup = grid.filter((r) => byCode.get(r.regionCode)?.kind === 'group').length;
    expect(gridAtGroup / grid.length).toBeGreaterThan(0.6);
    const counts = new Map<string, number>();
    for (const r of reports)
      counts.set(r.category ?? '-', (counts.get(r.category ?? '-') ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 2);
    expect(top.map(([c]) => c).sort()).toEqual(['infrastructure', 'livelihood']);
  });

  it('is deterministic for a seed', () => {
    expect(run(11, MORNING, 5)).toEqual(run(11, MORNING, 5));
  });

  it('is quieter at 3 am than at 10 am Beijing time, whatever the server time zone', () => {
    expect(shanghaiHour(Date.parse('2026-11-19T19:30:00Z'))).toBe(3);
    expect(rhythmAt(NIGHT)).toBeLessThan(0.2);
    expect(rhythmAt(MORNING)).toBeGreaterThan(1.2);
    const quiet = { reportsPerMinute: 20, incidentEveryMinutes: Infinity };
    const night = run(1, NIGHT, 30, quiet).length;
    const morning = run(1, MORNING, 30, quiet).length;
    expect(night * 4).toBeLessThan(morning);
    expect(morning / 30).toBeGreaterThan(20);
    expect(morning / 30).toBeLessThan(35);
  });

  it('starts incidents now and then: build-ups, one at a time, and single red reports', () => {
    const model = new TrafficModel(regions, mulberry32(5));
    const state = newSimulatorState();
    const notes: string[] = [];
    const options = {
      reportsPerMinute: 1,
      incidentEveryMinutes: 10,
      note: (m: string) => notes.push(m),
    };
    const red: ReportInput[] = [];
    for (let s = 0; s < 12 * 3600; s++) {
      const hadBuildUp = state.buildUp;
      const batch = generateBatch(model, state, MORNING + s * 1000, options);
      red.push(...batch.filter((r) => isRed(r.text)));
      if (hadBuildUp && state.buildUp) expect(state.buildUp).toBe(hadBuildUp);
    }
    const buildUps = notes.filter((n) => n.startsWith('build-up starts')).length;
    expect(buildUps).toBeGreaterThan(10);
    expect(red.length).toBeGreaterThan(5);
    expect(buildUps + red.length).toBeGreaterThan(40);
    expect(buildUps + red.length).toBeLessThan(110);
  });
});

describe('a build-up', () => {
  it('sends at least 10 reports of one category to one village within 15 minutes', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const model = new TrafficModel(regions, mulberry32(seed));
      const state: SimulatorState = newSimulatorState();
      const buildUp = model.startBuildUp(MORNING);
      state.buildUp = buildUp;
      const quiet = { reportsPerMinute: 0, incidentEveryMinutes: Infinity };
      const reports: Array<{ at: number; report: ReportInput }> = [];
      for (let s = 1; state.buildUp; s++) {
        const at = MORNING + s * 1000;
        for (const report of generateBatch(model, state, at, quiet)) reports.push({ at, report });
      }
      const inVillage = reports.filter(
        ({ report }) =>
          report.regionCode.startsWith(buildUp.village.code) &&
          report.category === buildUp.category,
      );
      expect(inVillage.length).toBe(reports.length);
      expect(inVillage.length).toBeGreaterThanOrEqual(12);
      expect(inVillage.length).toBeLessThanOrEqual(35);
      const span = (reports.at(-1)?.at ?? 0) - (reports[0]?.at ?? 0);
      expect(span).toBeGreaterThan(4 * 60_000);
      expect(span).toBeLessThanOrEqual(15 * 60_000);
    }
  });
});

describe('texts', () => {
  it('has at least 12 Chinese templates per category', () => {
    for (const texts of Object.values(TEXTS)) {
      expect(texts.length).toBeGreaterThanOrEqual(12);
      for (const t of texts) expect(t).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the incident texts read red to the judgement, everyday texts almost never', () => {
    for (const incident of RED_INCIDENTS) expect(isRed(incident.text), incident.text).toBe(true);
    const everyday = [...Object.values(TEXTS).flat(), ...BUILD_UPS.flatMap((b) => b.texts)];
    // The judgement's own bound on non-red judged red is 3 %: the demo wall is not red all day.
    const red = everyday.filter(isRed);
    expect(red.length / everyday.length, red.join(' | ')).toBeLessThanOrEqual(0.03);
  });
});

describe('helpers', () => {
  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it('poisson has about the right mean, small or large', () => {
    const random = mulberry32(9);
    for (const mean of [0.3, 4, 200]) {
      let sum = 0;
      for (let i = 0; i < 4000; i++) sum += poisson(mean, random);
      expect(sum / 4000).toBeCloseTo(mean, mean < 1 ? 1 : 0);
    }
    expect(poisson(0, random)).toBe(0);
  });

  it('stamps times in Asia/Shanghai with their offset', () => {
    expect(shanghaiIso(Date.parse('2026-11-22T00:30:00Z'))).toBe('2026-11-22T08:30:00.000+08:00');
    expect(shanghaiIso(Date.parse('2026-11-21T18:00:00Z'))).toBe('2026-11-22T02:00:00.000+08:00');
  });
});

describe('createSimulator', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('submits a batch each tick through the given path', async () => {
    const batches: ReportInput[][] = [];
    const sim = createSimulator({
      regions,
      submit: async (reports) => {
        batches.push(reports);
      },
      now: () => MORNING,
      random: mulberry32(3),
      reportsPerMinute: 600,
    });
    for (let i = 0; i < 10; i++) await sim.tick();
    expect(batches.length).toBeGreaterThan(5);
    for (const report of batches.flat()) ReportInput.parse(report);
  });

  it('catches and logs a failing submit instead of crashing', async () => {
    const log = vi.fn();
    const sim = createSimulator({
      regions,
      submit: () => Promise.reject(new Error('backend down')),
      now: () => MORNING,
      random: mulberry32(4),
      reportsPerMinute: 600,
      log,
    });
    for (let i = 0; i < 5; i++) await expect(sim.tick()).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('backend down'));
  });

  it('ticks every second between start and stop, and not after', async () => {
    vi.useFakeTimers();
    const submit = vi.fn(() => Promise.resolve());
    const sim = createSimulator({
      regions,
      submit,
      random: mulberry32(8),
      now: () => MORNING,
      reportsPerMinute: 6000,
    });
    sim.start();
    sim.start(); // a second start does not add a second timer
    await vi.advanceTimersByTimeAsync(5000);
    expect(submit).toHaveBeenCalledTimes(5);
    sim.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(submit).toHaveBeenCalledTimes(5);
    expect(vi.getTimerCount()).toBe(0);
  });
});
