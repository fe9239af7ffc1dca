/**
 * `npm run bench -- <name>` runs one benchmark; `npm run bench` runs them all and writes
 * bench/results.json. Each benchmark is its own process and prints one JSON object.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const BENCHES = [
  'ingest-single',
  'ingest-batch',
  'alert-latency',
  'level-latency',
  'fanout',
  'query',
  'query-influx',
  'wall',
  'memory',
  'influx-write',
  'judgement',
  'orders-scale',
] as const;

/** A benchmark's answer is its last line that is a whole JSON object. */
function parseResult(line: string | undefined): unknown {
  if (!line) return null;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return null;
  }
}

const root = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(BENCHES as readonly string[]).includes(w));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; one of: ${BENCHES.join(', ')}`);
  process.exit(2);
}
const names = (wanted.length ? wanted : BENCHES).filter((n) =>
  existsSync(join(root, `bench/${n}.ts`)),
);

if (names.includes('wall'))
  execFileSync('npm', ['run', '-s', 'build:wall'], { cwd: root, stdio: 'inherit' });

const results: Record<string, unknown> = {};
for (const name of names) {
  console.error(`== bench ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 5 * 60_000,
  });
  const line = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  results[name] = parseResult(line) ?? { error: `exit ${run.status ?? run.signal}` };
  console.log(JSON.stringify(results[name]));
}

if (wanted.length === 0) {
  const file = join(root, 'bench/results.json');
  const cpu = cpus()[0]?.model ?? 'unknown';
  const out = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu,
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    results,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.error(`wrote ${file}`);
}
