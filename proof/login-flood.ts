/**
 * Login flood: the real backend (own process, seed users) while 32 connections send wrong
 * passwords as fast as they are answered for 20 s (proof/login-flood-clients.ts, its own
 * process), each from its own address, at real accounts and at guessed names. Reports are posted
 * one at a time at a steady rate, first idle, then during the flood; halfway through, a leader
 * logs in with the right password from another address.
 * Criteria (issue 15): ingest p50 during the flood ≤ 2 × idle, and no report refused.
 * Env: PROOF_FLOOD_SECONDS (20), PROOF_FLOOD_IDLE_SECONDS (10), PROOF_FLOOD_CONCURRENCY (32),
 * PROOF_FLOOD_ADDRESSES (32), PROOF_FLOOD_RATE (reports/s, 20).
 */
import { request } from 'node:http';
import type { FloodConfig, FloodTally } from './login-flood-clients.js';
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

const SECONDS = envNumber('PROOF_FLOOD_SECONDS', 20);
const IDLE_SECONDS = envNumber('PROOF_FLOOD_IDLE_SECONDS', 10);
const CONCURRENCY = envNumber('PROOF_FLOOD_CONCURRENCY', 32);
const ADDRESSES = envNumber('PROOF_FLOOD_ADDRESSES', 32);
const RATE = envNumber('PROOF_FLOOD_RATE', 20);
/** The seed users' published password (config/users.json). */
const DEMO_PASSWORD = 'minqing-demo';

/** A login from a chosen loopback address: its status and how long it took. */
function loginFrom(url: string, localAddress: string, username: string, password: string) {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise<{ status: number; ms: number }>((resolve) => {
    const req = request(
      {
        host: hostname,
        port,
        path: '/api/v1/auth/login',
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: Math.round(performance.now() - started) }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0, ms: Math.round(performance.now() - started) }));
    req.end(JSON.stringify({ username, password }));
  });
}

// Not production: the seed users (demo password) may log in, so a leader's login can be tried.
const backend = await startBackend({ NODE_ENV: 'test', PHONE_HASH_SALT });
const server = backend.child.pid ?? 0;
try {
  const idle = probeFigures(
    await probeIngest(backend.url, {
      durationMs: IDLE_SECONDS * 1000,
      perSecond: RATE,
      tag: `flood-idle-${process.pid}`,
      pids: [server],
    }),
  );
  const config: FloodConfig = {
    url: backend.url,
    durationMs: SECONDS * 1000 + 60_000,
    concurrency: CONCURRENCY,
    addresses: Array.from({ length: ADDRESSES }, (_, i) => `127.0.7.${1 + i}`),
    targets: ['county-zhang', 'county-li', 'town-huilong'],
  };
  const flood = loadChild<FloodTally>('proof/login-flood-clients.ts', config);
  await flood.ready;
  const leader = sleep((SECONDS * 1000) / 2).then(() =>
    loginFrom(backend.url, '127.0.0.2', 'county-zhang', DEMO_PASSWORD),
  );
  const during = probeFigures(
    await probeIngest(backend.url, {
      durationMs: SECONDS * 1000,
      perSecond: RATE,
      tag: `flood-during-${process.pid}`,
      pids: [server, flood.pid],
    }),
  );
  flood.stop();
  const tally = await flood.done;
  const ratio = Math.round((during.p50 / idle.p50) * 100) / 100;
  result({
    scenario: 'login-flood',
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    addresses: ADDRESSES,
    ratePerSecond: RATE,
    idle,
    flood: during,
    p50Ratio: ratio,
    logins: tally,
    leaderLogin: await leader,
    criteria: 'ingest p50 during the flood ≤ 2 × idle; every report answered 2xx',
    ok: during.p50 <= 2 * idle.p50 && during.non2xx === 0 && idle.non2xx === 0,
  });
} finally {
  await backend.stop();
}
