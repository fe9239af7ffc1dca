/** What the proof scenarios share: seeded randomness, an ingest probe, child load processes. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { KEYS } from '../tests/helpers/server.js';
import { summarize } from '../bench/lib.js';

export { summarize } from '../bench/lib.js';
export { startBackend, startProcess, INGEST_KEYS, type Running } from '../bench/processes.js';

export const REPO = resolve(import.meta.dirname, '..');
/** Production wants the phone-hash key from outside DATA_DIR; the proof gives it by env. */
export const PHONE_HASH_SALT = 'proof-phone-hash-salt-0123456789abcdef';

/** A number from the environment (a scenario's knob), or the default. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}: not a number: ${raw}`);
  return value;
}

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const VILLAGES = [
  '611025101202',
  '611025102201',
  '611025103201',
  '611025104200',
  '611025107200',
  '611025110201',
  '611025113002',
  '611025117204',
];
const TEXTS = [
  '自来水停了两天，村民生活用水困难',
  '通组公路塌方，车辆无法通行，请尽快处理',
  '独居老人腿脚不便，需要代购药品',
  '两户村民因宅基地边界发生争执',
  '魔芋收购价压得太低，合作社拖欠货款',
];

/** A valid report with a unique external id `${tag}-${n}`. */
export function proofReport(tag: string, n: number): Record<string, unknown> {
  return {
    source: 'hotline',
    externalId: `${tag}-${n}`,
    occurredAt: new Date().toISOString(),
    regionCode: VILLAGES[n % VILLAGES.length],
    category: 'livelihood',
    text: TEXTS[n % TEXTS.length],
  };
}

export interface ProbeResult {
  /** Latency of every answered POST, ms. */
  latencies: number[];
  /** Answers by status (`error <code>` for a request that got none). */
  statuses: Record<string, number>;
  /** The same by WINDOW_MS, with how busy the rest of the machine was meanwhile. */
  windows: ProbeWindow[];
  /** Share of the machine's CPU (all cores, %) that processes other than `ours` used. */
  othersCpuPct: number | null;
}

export interface ProbeWindow {
  fromS: number;
  n: number;
  p50: number;
  p99: number;
  othersCpuPct: number | null;
}

const WINDOW_MS = 10_000;

/** CPU time (user + system, clock ticks) of a process, or 0 when it is gone. */
function processTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
}

/** The machine's busy and total clock ticks, all cores (/proc/stat), or null off Linux. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * How much of the machine everything but `pids` (this process, the server, the load generators)
 * used since the last reading: on a shared machine, what the latencies owe to someone else.
 */
export function othersCpu(pids: () => number[]): () => number | null {
  /** Each process's ticks at the last reading (a process that ended keeps its last count). */
  const seen = new Map<number, number>();
  const ours = () => {
    let delta = 0;
    for (const pid of pids()) {
      const now = processTicks(pid);
      const before = seen.get(pid) ?? now;
      if (now >= before) {
        delta += now - before;
        seen.set(pid, now);
      }
    }
    return delta;
  };
  ours();
  let last = machineTicks();
  return () => {
    const machine = machineTicks();
    const before = last;
    last = machine;
    const mine = ours();
    if (!machine || !before) return null;
    const total = machine.total - before.total;
    if (total <= 0) return null;
    const others = machine.busy - before.busy - mine;
    return Math.max(0, Math.round((others / total) * 1000) / 10);
  };
}

/**
 * Post one report at a time at a steady rate (open loop: the next goes when it is due, whatever
 * the last one is doing, so a stall shows in the latencies instead of slowing the probe).
 */
export async function probeIngest(
  url: string,
  options: {
    durationMs: number;
    perSecond: number;
    tag: string;
    /** Our processes besides this one (the server, load generators). */
    pids?: number[];
  },
): Promise<ProbeResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inflight: Array<Promise<void>> = [];
  const gap = 1000 / options.perSecond;
  const ours = () => [process.pid, ...(options.pids ?? [])];
  const whole = othersCpu(ours);
  const perWindow = othersCpu(ours);
  const bySent: Array<{ sentS: number; ms: number }> = [];
  const windowCpu: Array<number | null> = [];
  const sampler = setInterval(() => windowCpu.push(perWindow()), WINDOW_MS);
  const started = performance.now();
  for (let n = 0; performance.now() - started < options.durationMs; n++) {
    const due = started + n * gap;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    inflight.push(
      fetch(`${url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
        body: JSON.stringify(proofReport(options.tag, n)),
        signal: AbortSignal.timeout(60_000),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          const ms = performance.now() - sent;
          latencies.push(ms);
          bySent.push({ sentS: (sent - started) / 1000, ms });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        },
        (err: unknown) => {
          const cause = (err as { cause?: { code?: string } }).cause;
          const key = `error ${cause?.code ?? (err as Error).name}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        },
      ),
    );
  }
  clearInterval(sampler);
  const count = Math.max(1, Math.ceil(options.durationMs / WINDOW_MS));
  if (windowCpu.length < count) windowCpu.push(perWindow());
  const othersCpuPct = whole();
  await Promise.all(inflight);
  const windows: ProbeWindow[] = windowCpu.slice(0, count).map((cpu, i) => {
    const inWindow = bySent.filter(
      (x) => Math.min(count - 1, Math.floor((x.sentS * 1000) / WINDOW_MS)) === i,
    );
    const figures = summarize(inWindow.map((x) => x.ms));
    const fromS = (i * WINDOW_MS) / 1000;
    return { fromS, n: figures.n, p50: figures.p50, p99: figures.p99, othersCpuPct: cpu };
  });
  return { latencies, statuses, windows, othersCpuPct };
}

/** A probe's figures: latency summary (ms) and how many answers were not 2xx. */
export function probeFigures(probe: ProbeResult): ReturnType<typeof summarize> & {
  non2xx: number;
  statuses: Record<string, number>;
  othersCpuPct: number | null;
  windows: ProbeWindow[];
} {
  const non2xx = Object.entries(probe.statuses)
    .filter(([status]) => !/^2\d\d$/.test(status))
    .reduce((n, [, count]) => n + count, 0);
  return {
    ...summarize(probe.latencies),
    non2xx,
    statuses: probe.statuses,
    othersCpuPct: probe.othersCpuPct,
    windows: probe.windows,
  };
}

export interface Child<T> {
  /** The child printed `ready`. */
  ready: Promise<void>;
  /** Its last line, parsed as JSON, once it exits with 0. */
  done: Promise<T>;
  pid: number;
  /** Ask it to finish (SIGINT): it ends its loops and prints its tally. */
  stop(): void;
  kill(): void;
}

/**
 * A load generator as its own process (its loops must not share the event loop of what it
 * measures): `entry` gets `config` as JSON in the environment variable `PROOF_CONFIG`.
 */
export function loadChild<T>(entry: string, config: unknown): Child<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO,
    env: { ...process.env, PROOF_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let last = '';
  let readyResolve: () => void = () => undefined;
  const ready = new Promise<void>((r) => (readyResolve = r));
  lines.on('line', (line) => {
    if (line === 'ready') readyResolve();
    else last = line;
  });
  const closed = new Promise<void>((r) => lines.once('close', () => r()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const done = Promise.all([exited, closed]).then(([code]) => {
    readyResolve();
    if (code !== 0) throw new Error(`${entry} exited with ${code}`);
    return JSON.parse(last) as T;
  });
  return {
    ready,
    done,
    pid: child.pid ?? 0,
    stop: () => child.kill('SIGINT'),
    kill: () => child.kill('SIGKILL'),
  };
}

const loadAtStart = loadavg()[0] ?? 0;
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Print a scenario's one JSON line (what proof/run.ts collects), with the machine's 1-minute load
 * average when the scenario started and ended: latencies measured on a busy machine say so.
 */
export function result(figures: Record<string, unknown>): void {
  const load = { start: round1(loadAtStart), end: round1(loadavg()[0] ?? 0) };
  console.log(JSON.stringify({ ...figures, load }));
}
