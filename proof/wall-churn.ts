/**
 * Wall churn: the real backend (own process, production mode, default admission limits) while
 * 1,000 wall clients from 100 addresses (proof/churn-clients.ts, its own process) connect, take
 * their snapshot, hold it 0.5–3 s, go and come back, for 2 minutes; one more address tries to
 * hold 40 sockets. Reports are posted one at a time at a steady rate, first with no wall open
 * (idle), then during the churn: ingest p50/p99 and non-2xx answers, idle against churn.
 * Criteria (issue 15): ingest p99 during churn ≤ 100 ms, and no report refused.
 * Env: PROOF_CHURN_CLIENTS (1000), PROOF_CHURN_SECONDS (120), PROOF_CHURN_IDLE_SECONDS (20),
 * PROOF_CHURN_RATE (reports/s, 50), PROOF_CHURN_ADDRESSES (100), PROOF_SEED.
 */
import type { ChurnConfig, ChurnTally } from './churn-clients.js';
import {
  envNumber,
  loadChild,
  PHONE_HASH_SALT,
  probeFigures,
  probeIngest,
  result,
  startBackend,
} from './lib.js';

const CLIENTS = envNumber('PROOF_CHURN_CLIENTS', 1_000);
const SECONDS = envNumber('PROOF_CHURN_SECONDS', 120);
const IDLE_SECONDS = envNumber('PROOF_CHURN_IDLE_SECONDS', 20);
const RATE = envNumber('PROOF_CHURN_RATE', 50);
const ADDRESSES = envNumber('PROOF_CHURN_ADDRESSES', 100);
const SEED = envNumber('PROOF_SEED', 15);
const P99_LIMIT_MS = 100;
const GREEDY = 40;

const backend = await startBackend({ PHONE_HASH_SALT });
const server = backend.child.pid ?? 0;
try {
  const idle = probeFigures(
    await probeIngest(backend.url, {
      durationMs: IDLE_SECONDS * 1000,
      perSecond: RATE,
      tag: `churn-idle-${process.pid}`,
      pids: [server],
    }),
  );
  const config: ChurnConfig = {
    url: backend.url,
    clients: CLIENTS,
    durationMs: SECONDS * 1000 + 60_000,
    addresses: Array.from(
      { length: ADDRESSES },
      (_, i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    ),
    holdMs: [500, 3_000],
    pauseMs: [0, 500],
    seed: SEED,
    townShare: 0.2,
    towns: ['611025101', '611025102', '611025103', '611025104', '611025105', '611025106'],
    greedy: { address: '127.0.9.1', sockets: GREEDY },
  };
  const churn = loadChild<ChurnTally>('proof/churn-clients.ts', config);
  await churn.ready;
  const during = probeFigures(
    await probeIngest(backend.url, {
      durationMs: SECONDS * 1000,
      perSecond: RATE,
      tag: `churn-during-${process.pid}`,
      pids: [server, churn.pid],
    }),
  );
  churn.stop();
  const tally = await churn.done;
  result({
    scenario: 'wall-churn',
    seed: SEED,
    clients: CLIENTS,
    seconds: SECONDS,
    ratePerSecond: RATE,
    idle,
    churn: during,
    walls: {
      connects: tally.connected,
      snapshots: tally.snapshots,
      snapshotMs: tally.snapshotMs,
      refused: tally.refused,
      failed: tally.failed,
      greedy: tally.greedy,
    },
    criteria: `ingest p99 during churn ≤ ${P99_LIMIT_MS} ms; every report answered 2xx`,
    ok: during.p99 <= P99_LIMIT_MS && during.non2xx === 0 && idle.non2xx === 0,
  });
} finally {
  await backend.stop();
}
