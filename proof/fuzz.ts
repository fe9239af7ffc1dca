/**
 * Fuzz: every HTTP endpoint (each operation of the OpenAPI document, the Open311 form POST, the
 * village QR page) with requests fast-check generates from a seed, through `fuzzServer` of
 * tests/helpers/fuzz.ts (what the short in-test fuzz runs too: arbitrary JSON, mutated valid
 * bodies, malformed and oversized bodies, wrong content types and encodings, with and without
 * keys and sessions, odd path ids and queries), here ≥ 2,000 cases per endpoint against the real
 * backend started as its own process (backend/main.ts: NODE_ENV=test so the seed users may log in
 * and the session endpoints are reached, TRUST_PROXY=loopback so each case comes from its own
 * address and per-address limits do not hide the parsers behind 429s).
 * Criteria (issue 15): no 5xx (but load shed by design, 503 with Retry-After, counted apart), no
 * hang (a request with no complete answer within PROOF_FUZZ_TIMEOUT_MS), no connection reset,
 * and the process still up and answering /healthz after.
 * Env: PROOF_FUZZ_RUNS (cases per endpoint, 2000), PROOF_FUZZ_CONCURRENCY (8),
 * PROOF_FUZZ_TIMEOUT_MS (10000), PROOF_FUZZ_STORE (sqlite | influx: a private influxd),
 * PROOF_SEED.
 */
import { rmSync } from 'node:fs';
import { prepareConfig } from '../tests/helpers/cases.js';
import { fuzzServer, type FuzzReport } from '../tests/helpers/fuzz.js';
import { startInfluxd, type Influxd } from '../tests/helpers/influxd.js';
import { envNumber, PHONE_HASH_SALT, REPO, result, startBackend } from './lib.js';

const RUNS = envNumber('PROOF_FUZZ_RUNS', 2000);
const CONCURRENCY = envNumber('PROOF_FUZZ_CONCURRENCY', 8);
const TIMEOUT_MS = envNumber('PROOF_FUZZ_TIMEOUT_MS', 10_000);
const STORE = process.env.PROOF_FUZZ_STORE === 'influx' ? 'influx' : 'sqlite';
const SEED = envNumber('PROOF_SEED', 15);

/**
 * Each distinct fault the server logged (its message and the first frame in our code), with how
 * often, most frequent first: one cause behind many failing cases shows once.
 */
function faults(logged: string): Array<{ error: string; count: number }> {
  const counts = new Map<string, number>();
  const lines = logged.split('\n');
  lines.forEach((line, i) => {
    const m = / ERROR (?:unhandled error: )?(.*)$/.exec(line);
    if (!m) return;
    let frame = '';
    for (let j = i + 1; j < lines.length && /^\s+at /.test(lines[j] ?? ''); j++) {
      const at = lines[j] ?? '';
      if (at.includes(REPO) && !at.includes('node_modules')) {
        frame = ` ${at.trim().replace(`${REPO}/`, '')}`;
        break;
      }
    }
    const key = `${m[1] ?? ''}${frame}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts].map(([error, count]) => ({ error, count })).sort((a, b) => b.count - a.count);
}

const configDir = prepareConfig();
let influxd: Influxd | null = null;
try {
  if (STORE === 'influx') influxd = await startInfluxd();
  const backend = await startBackend({
    NODE_ENV: 'test',
    TRUST_PROXY: 'loopback',
    CONFIG_DIR: configDir,
    PHONE_HASH_SALT,
    ...(influxd
      ? { STORE: 'influx', INFLUX_URL: influxd.url, INFLUX_DB: `minqing_proof_fuzz_${SEED}` }
      : {}),
  });
  let logged = '';
  backend.child.stderr?.on('data', (chunk: Buffer) => {
    logged = (logged + chunk.toString('utf8')).slice(-2_000_000);
  });
  let report: FuzzReport;
  try {
    report = await fuzzServer(backend.url, {
      runs: RUNS,
      seed: SEED,
      concurrency: CONCURRENCY,
      timeoutMs: TIMEOUT_MS,
      progress: (line) =>
        console.error(`fuzz: ${Math.round(performance.now() / 100) / 10} s: ${line}`),
    });
  } finally {
    await backend.stop();
  }
  const alive = backend.child.signalCode === 'SIGTERM' || backend.child.exitCode === 0;
  const cut = (text: string | null, n: number) =>
    text === null || text.length <= n ? text : `${text.slice(0, n)}… (${text.length})`;
  const perEndpoint = Object.fromEntries(report.perEndpoint.map((e) => [e.endpoint, e.cases]));
  const statuses: Record<string, number> = {};
  for (const e of report.perEndpoint)
    for (const [status, n] of Object.entries(e.statuses))
      statuses[status] = (statuses[status] ?? 0) + n;
  result({
    scenario: 'fuzz',
    seed: SEED,
    store: STORE,
    runsPerEndpoint: RUNS,
    timeoutMs: TIMEOUT_MS,
    endpoints: report.endpoints,
    cases: report.cases,
    perEndpoint,
    minCasesPerEndpoint: Math.min(...report.perEndpoint.map((e) => e.cases)),
    statuses,
    fiveXX: report.fiveXX,
    hangs: report.hangs,
    errors: report.errors,
    shed: report.shed,
    healthyAfter: report.healthyAfter,
    exitedCleanly: alive,
    seconds: report.seconds,
    failures: report.failures.slice(0, 10).map((f) => ({
      endpoint: f.endpoint,
      outcome: f.outcome,
      method: f.method,
      path: cut(f.path, 300),
      headers: f.headers,
      body: cut(f.body, 300),
      answer: cut(f.answer, 300),
    })),
    serverErrors: faults(logged).slice(0, 20),
    criteria:
      '≥ PROOF_FUZZ_RUNS cases per endpoint; 0 × 5xx, 0 hangs, 0 resets; /healthz answers after',
    ok:
      report.fiveXX === 0 &&
      report.hangs === 0 &&
      report.errors === 0 &&
      report.healthyAfter &&
      report.perEndpoint.every((e) => e.cases >= RUNS),
  });
} finally {
  await influxd?.stop();
  rmSync(configDir, { recursive: true, force: true });
}
