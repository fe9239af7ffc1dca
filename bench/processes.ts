import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { KEYS } from '../tests/helpers/server.js';
import { tempDir } from './lib.js';

const REPO = resolve(import.meta.dirname, '..');
export const INGEST_KEYS = `hotline:${KEYS.hotline},app:${KEYS.app},grid:${KEYS.grid}`;

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start a TypeScript entry point as its own process and wait for its "listening on" line. */
export function startProcess(
  entry: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Running> {
  const child = spawn(process.execPath, [...args, '--import', 'tsx', entry], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolvePromise({
        url: `http://127.0.0.1:${match[1]}`,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${out}`)));
  });
}

/** The real backend (SQLite store, rules, Socket.IO) in its own process with a fresh data dir. */
export async function startBackend(
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<Running & { dataDir: string }> {
  const data = tempDir('minqing-bench-');
  const running = await startProcess(
    'backend/main.ts',
    {
      HOST: '127.0.0.1',
      PORT: '0',
      SIMULATOR: 'off',
      NODE_ENV: 'production',
      DATA_DIR: data.path,
      // Production wants the phone-hash salt from outside DATA_DIR; a benchmark's own.
      PHONE_HASH_SALT: 'bench-phone-hash-salt-0123456789',
      INGEST_KEYS,
      // Fan-out and memory benches open 1,000 walls from 127.0.0.1; admission is not under test.
      WALL_MAX_PER_ADDRESS: '100000',
      ...env,
    },
    // BENCH_CPU_PROF=<dir>: profile the backend (`npx tsx bench/top-frames.ts <dir>` reads it).
    process.env.BENCH_CPU_PROF
      ? [...args, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : args,
  );
  return {
    ...running,
    dataDir: data.path,
    stop: async () => {
      await running.stop();
      if (!env.DATA_DIR) data.remove();
    },
  };
}

export function startRawHttp(): Promise<Running> {
  return startProcess('bench/raw-http-server.ts');
}

/** Express with the backend's body parser, answering 202 without doing the work. */
export function startExpressFloor(): Promise<Running> {
  return startProcess('bench/express-floor-server.ts');
}
