import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private `influxd` (InfluxDB 1.x, Debian package `influxdb`) for tests and benchmarks. */
export interface Influxd {
  url: string;
  dir: string;
  /** Freeze the process (SIGSTOP): connections hang, like a server that stopped answering. */
  pause(): void;
  /** Thaw a paused process (SIGCONT). */
  resume(): void;
  /** Kill it (SIGKILL) and wait for the exit; `start()` brings it back on the same port and data. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stop it and remove its data. */
  stop(): Promise<void>;
  /** What it printed, for a failing test's message. */
  output(): string;
}

const BINARY = process.env.INFLUXD ?? 'influxd';
const READY_TIMEOUT_MS = 30_000;

/** A free loopback port (the tiny race before influxd binds it is acceptable in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function influxdInstalled(): boolean {
  return spawnSync(BINARY, ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Only what differs from influxd's defaults: everything in a temp dir, both listeners (HTTP and
 * the RPC used by backup/restore) on loopback ports of our own, no phoning home, no self
 * monitoring database, quiet logs, and the CQ service checking every second.
 */
function config(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  wal-fsync-delay = "0s"

[monitor]
  store-enabled = false

[subscriber]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  pprof-enabled = false

[logging]
  level = "warn"
  suppress-logo = true

[continuous_queries]
  enabled = true
  log-enabled = false
  run-interval = "1s"
`;
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`influxd exited:\n${output()}`);
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`influxd did not answer /ping within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Start influxd on free loopback ports with its data in a new temp dir; resolves once it answers. */
export async function startInfluxd(): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-influxd-'));
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configFile = join(dir, 'influxdb.conf');
  writeFileSync(configFile, config(dir, httpPort, rpcPort));
  for (const sub of ['meta', 'data', 'wal']) mkdirSync(join(dir, sub));
  const url = `http://127.0.0.1:${httpPort}`;
  let out = '';
  let child: ChildProcess | null = null;

  const start = async () => {
    const proc = spawn(BINARY, ['run', '-config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    await waitReady(url, proc, () => out);
  };
  const kill = async () => {
    const proc = child;
    if (!proc) return;
    child = null;
    proc.kill('SIGKILL');
    await exited(proc);
  };

  await start();
  return {
    url,
    dir,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    kill,
    start,
    stop: async () => {
      const proc = child;
      if (proc) {
        child = null;
        proc.kill('SIGCONT');
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited(proc);
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
    output: () => out,
  };
}
