/**
 * kill -9 under load, three times: the real backend (its own process, SQLite, production mode)
 * takes batches of reports from a few concurrent senders, each report with a unique externalId,
 * and is killed with SIGKILL at a seeded random moment. Then:
 * - lost: reports answered 202 that are not in the store (read straight from the SQLite file);
 * - the backend restarts on the same data, and every sender sends again what it sent (a sender
 *   that got no answer must; one that did may, not knowing whether it kept the answer);
 * - duplicated: externalIds stored twice, and repeats answered with another id than the first.
 * Env: PROOF_KILL9_RUNS (3), PROOF_KILL9_CLIENTS (4), PROOF_KILL9_BATCH (10),
 * PROOF_KILL9_MIN_MS / PROOF_KILL9_MAX_MS (kill between 2,000 and 8,000 ms of load), PROOF_SEED.
 */
import { KEYS } from '../tests/helpers/server.js';
import { SqliteReportStore } from '../backend/store/sqlite/sqlite-store.js';
import { tempDir } from '../bench/lib.js';
import {
  envNumber,
  PHONE_HASH_SALT,
  proofReport,
  result,
  seeded,
  sleep,
  startBackend,
} from './lib.js';

const RUNS = envNumber('PROOF_KILL9_RUNS', 3);
const CLIENTS = envNumber('PROOF_KILL9_CLIENTS', 4);
const BATCH = envNumber('PROOF_KILL9_BATCH', 10);
const MIN_MS = envNumber('PROOF_KILL9_MIN_MS', 2_000);
const MAX_MS = envNumber('PROOF_KILL9_MAX_MS', 8_000);
const SEED = envNumber('PROOF_SEED', 15);

type Body = Array<Record<string, unknown>>;

async function send(url: string, body: Body): Promise<{ status: number; ids: string[] }> {
  const res = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { ids?: string[] };
  return { status: res.status, ids: answer.ids ?? [] };
}

async function stored(dataDir: string) {
  const store = new SqliteReportStore(dataDir);
  try {
    return await store.since(0);
  } finally {
    await store.close();
  }
}

async function run(index: number, killAfterMs: number) {
  const data = tempDir('minqing-proof-kill9-');
  const env = { DATA_DIR: data.path, PHONE_HASH_SALT };
  try {
    const backend = await startBackend(env);
    /** externalId → the id its 202 gave. */
    const acknowledged = new Map<string, string>();
    const sent: Body[] = [];
    const unanswered: Body[] = [];
    let stop = false;
    let n = 0;
    const senders = Array.from({ length: CLIENTS }, async (_, client) => {
      while (!stop) {
        const body = Array.from({ length: BATCH }, () =>
          proofReport(`kill9-${SEED}-${index}-${client}`, n++),
        );
        sent.push(body);
        try {
          const answer = await send(backend.url, body);
          if (answer.status !== 202) throw new Error(`status ${answer.status}`);
          body.forEach((r, i) => acknowledged.set(r.externalId as string, answer.ids[i] as string));
        } catch {
          unanswered.push(body); // refused or reset: the server is gone
          return;
        }
      }
    });
    await sleep(killAfterMs);
    backend.child.kill('SIGKILL');
    await new Promise<void>((r) =>
      backend.child.exitCode !== null || backend.child.signalCode !== null
        ? r()
        : backend.child.once('exit', () => r()),
    );
    stop = true;
    await Promise.all(senders);

    const afterKill = new Map((await stored(data.path)).map((r) => [r.externalId, r.id]));
    const lost = [...acknowledged].filter(([externalId, id]) => afterKill.get(externalId) !== id);
    const inFlight = unanswered.flat().length;
    const inFlightStored = unanswered.flat().filter((r) => afterKill.has(r.externalId as string));

    // Restart on the same data; every sender sends again all it sent.
    const restartedAt = performance.now();
    const again = await startBackend(env);
    const restartMs = Math.round(performance.now() - restartedAt);
    let answeredAgain = 0;
    let otherId = 0;
    for (const body of sent) {
      const answer = await send(again.url, body);
      if (answer.status !== 202) throw new Error(`resend answered ${answer.status}`);
      answeredAgain += body.length;
      body.forEach((r, i) => {
        const first = acknowledged.get(r.externalId as string);
        if (first !== undefined && first !== answer.ids[i]) otherId++;
      });
    }
    await again.stop();

    const rows = await stored(data.path);
    const perExternalId = new Map<string, number>();
    for (const r of rows)
      perExternalId.set(r.externalId, (perExternalId.get(r.externalId) ?? 0) + 1);
    const storedTwice = [...perExternalId.values()].filter((c) => c > 1).length;
    const sentCount = sent.flat().length;
    return {
      killAfterMs: Math.round(killAfterMs),
      sent: sentCount,
      acknowledged: acknowledged.size,
      lost: lost.length,
      inFlight,
      inFlightStored: inFlightStored.length,
      resent: answeredAgain,
      stored: rows.length,
      duplicated: storedTwice + otherId,
      missingAfterResend: sentCount - perExternalId.size,
      restartMs,
    };
  } finally {
    data.remove();
  }
}

const random = seeded(SEED);
const runs: Array<Awaited<ReturnType<typeof run>>> = [];
for (let i = 0; i < RUNS; i++) {
  const killAfterMs = MIN_MS + random() * (MAX_MS - MIN_MS);
  console.error(`kill9: run ${i + 1}/${RUNS}, kill after ${Math.round(killAfterMs)} ms`);
  runs.push(await run(i, killAfterMs));
}
const total = (key: 'acknowledged' | 'lost' | 'duplicated') =>
  runs.reduce((sum, r) => sum + r[key], 0);
result({
  scenario: 'kill9',
  seed: SEED,
  clients: CLIENTS,
  batch: BATCH,
  runs,
  acknowledged: total('acknowledged'),
  lost: total('lost'),
  duplicated: total('duplicated'),
  criteria: 'lost 0 and duplicated 0 in every run; every report sent is stored after the resend',
  ok: runs.every((r) => r.lost === 0 && r.duplicated === 0 && r.missingAfterResend === 0),
});
