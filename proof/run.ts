/**
 * `npm run proof` runs the chaos and abuse suite (issue 15); `npm run proof -- kill9 wall-churn`
 * runs some. Each scenario is its own process and prints one JSON line with its figures and
 * `ok` against the criteria; this prints one JSON table of them all (progress goes to
 * stderr) and, for the whole suite, writes it to proof/results.json. A scenario whose file is not there is listed as
 * skipped. The default run takes about a quarter of an hour on two cores (the fuzz about half of
 * it); each scenario's header says which environment variables make it longer or shorter
 * (PROOF_SEED changes every seeded choice).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const SCENARIOS = [
  'kill9',
  'influx-outage',
  'fuzz',
  'login-flood',
  'wall-churn',
  'alert-identity',
  'memory-load',
] as const;

/** A scenario may not run longer than this (PROOF_TIMEOUT_MINUTES). */
const TIMEOUT_MS = Number(process.env.PROOF_TIMEOUT_MINUTES ?? 15) * 60_000;

const root = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(SCENARIOS as readonly string[]).includes(w));
if (unknown.length) {
  console.error(`unknown scenario ${unknown.join(', ')}; one of: ${SCENARIOS.join(', ')}`);
  process.exit(2);
}

/** A scenario's answer is its last stdout line that is a whole JSON object. */
function lastJson(stdout: string): Record<string, unknown> | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
  }
  return null;
}

const started = Date.now();
const scenarios: Record<string, Record<string, unknown>> = {};
for (const name of wanted.length ? wanted : SCENARIOS) {
  const file = join(root, 'proof', `${name}.ts`);
  if (!existsSync(file)) {
    scenarios[name] = { skipped: 'not present' };
    continue;
  }
  console.error(`== proof ${name}`);
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', `proof/${name}.ts`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  const figures = lastJson(child.stdout ?? '');
  scenarios[name] = figures
    ? { ...figures, ok: figures.ok === true, elapsedSeconds: seconds }
    : {
        ok: false,
        error: child.error
          ? String(child.error.message)
          : `exit ${child.status ?? child.signal} without a JSON line`,
        elapsedSeconds: seconds,
      };
  console.error(`== proof ${name}: ${scenarios[name].ok ? 'ok' : 'NOT ok'} (${seconds} s)`);
}

const ran = Object.values(scenarios).filter((s) => !('skipped' in s));
const table = {
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  elapsedSeconds: Math.round((Date.now() - started) / 1000),
  ok: ran.length > 0 && ran.every((s) => s.ok === true),
  scenarios,
};
const out = `${JSON.stringify(table, null, 2)}\n`;
// Only the whole suite's table is kept: a run of some scenarios does not replace it.
if (wanted.length === 0) writeFileSync(join(root, 'proof/results.json'), out);
process.stdout.write(out);
process.exit(table.ok ? 0 : 1);
