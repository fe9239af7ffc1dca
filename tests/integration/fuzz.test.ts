import { describe, expect, inject, it } from 'vitest';
import { fuzzEveryEndpoint, type FuzzReport } from '../helpers/fuzz.js';

/**
 * The short seeded fuzz of every endpoint that `npm test` runs (issue 15): FUZZ_RUNS cases per
 * endpoint (default 200) plus fixed edge cases, from FUZZ_SEED (default 15), against SQLite (or
 * the run's InfluxDB with FUZZ_STORE=influx). The proof suite calls the same `fuzzEveryEndpoint`
 * (tests/helpers/fuzz.ts: a test file cannot be imported outside vitest) with ≥ 2,000 cases per
 * endpoint.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 15);
const INFLUX = process.env.FUZZ_STORE === 'influx';

/** Each distinct fault the server logged, then one reproducer per endpoint that failed. */
function describeFailures(report: FuzzReport): string {
  const causes = report.serverErrors.map((e) => `${e.count} × ${e.error}`);
  const seen = new Set<string>();
  const reproducers = report.failures
    .filter((f) => !seen.has(f.endpoint) && seen.add(f.endpoint))
    .map((f) =>
      JSON.stringify({
        endpoint: f.endpoint,
        outcome: f.outcome,
        request: { method: f.method, path: f.path, headers: f.headers, body: f.body },
        answer: f.answer,
        serverLog: f.serverLog?.split('\n').slice(0, 4).join('\n'),
      }),
    );
  return ['server faults:', ...causes, 'one reproducer per endpoint:', ...reproducers].join('\n');
}

describe('fuzz: every endpoint, seeded', () => {
  it(`never answers 5xx, never hangs, and still answers /healthz after (${RUNS} cases per endpoint, seed ${SEED})`, async () => {
    const report = await fuzzEveryEndpoint({
      runs: RUNS,
      seed: SEED,
      timeoutMs: 10_000,
      influxUrl: INFLUX ? inject('influxUrl') : undefined,
    });
    expect(report.endpoints).toBeGreaterThanOrEqual(40);
    for (const endpoint of report.perEndpoint) expect(endpoint.cases).toBeGreaterThanOrEqual(RUNS);
    expect(
      { fiveXX: report.fiveXX, hangs: report.hangs, errors: report.errors },
      describeFailures(report),
    ).toEqual({ fiveXX: 0, hangs: 0, errors: 0 });
    expect(report.healthyAfter).toBe(true);
  }, 120_000);
});
