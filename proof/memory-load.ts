/**
 * Memory under load: the real backend (own process, SQLite store, production settings) takes
 * reports one at a time at a steady rate above the county's busiest hour for a minute, with
 * 20 walls connected (proof/walls-clients.ts, their own process, so their reading does not
 * slow the probe), while its RSS is read from /proc every 250 ms.
 * Every report becomes a work order too, so the whole path is under load.
 * Criteria (issue 15, finding 10): peak RSS ≤ 300 MB at ≥ 313 reports/s, every report 2xx.
 * Env: PROOF_MEMORY_SECONDS (60), PROOF_MEMORY_RATE (reports/s, 320), PROOF_MEMORY_WALLS (20),
 * PROOF_MEMORY_LIMIT_MB (300).
 */
import { readFileSync } from 'node:fs';
import type { WallsConfig, WallsTally } from './walls-clients.js';
import {
  envNumber,
  loadChild,
  PHONE_HASH_SALT,
  probeFigures,
  probeIngest,
  result,
  sleep,
  startBackend,
} from './lib.js';

const SECONDS = envNumber('PROOF_MEMORY_SECONDS', 60);
const RATE = envNumber('PROOF_MEMORY_RATE', 320);
const WALLS = envNumber('PROOF_MEMORY_WALLS', 20);
const LIMIT_MB = envNumber('PROOF_MEMORY_LIMIT_MB', 300);

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

const backend = await startBackend(
  { PHONE_HASH_SALT, WALL_MAX_PER_ADDRESS: '100000' },
  (process.env.PROOF_MEMORY_NODE_ARGS ?? '').split(' ').filter(Boolean),
);
const pid = backend.child.pid ?? 0;
const walls = loadChild<WallsTally>('proof/walls-clients.ts', {
  url: backend.url,
  clients: WALLS,
} satisfies WallsConfig);
try {
  await sleep(1000);
  const startMb = rssMb(pid);
  await walls.ready;
  const wallsMb = rssMb(pid);
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(pid)), 250);
  const probe = probeFigures(
    await probeIngest(backend.url, {
      durationMs: SECONDS * 1000,
      perSecond: RATE,
      tag: `memory-${process.pid}`,
      pids: [pid, walls.pid],
    }),
  );
  await sleep(2000);
  clearInterval(sampler);
  walls.stop();
  const wallTally = await walls.done;
  const peakMb = Math.max(...samples);
  const achieved = Math.round((probe.n / SECONDS) * 10) / 10;
  result({
    scenario: 'memory-load',
    seconds: SECONDS,
    targetRate: RATE,
    achievedRate: achieved,
    walls: wallTally,
    rssMb: { start: startMb, withWalls: wallsMb, peak: peakMb, end: samples.at(-1) ?? 0 },
    limitMb: LIMIT_MB,
    ingest: { n: probe.n, p50: probe.p50, p99: probe.p99, non2xx: probe.non2xx },
    criteria: `peak RSS ≤ ${LIMIT_MB} MB at ≥ 313 reports/s, every report 2xx`,
    ok: peakMb <= LIMIT_MB && achieved >= 313 && probe.non2xx === 0,
  });
} finally {
  walls.kill();
  await backend.stop();
}
