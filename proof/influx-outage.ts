/**
 * InfluxDB outage with the backend restarted inside it: the real backend (own process,
 * STORE=influx, production mode) in front of a private influxd (tests/helpers/influxd.ts: a
 * loopback port, data in a temp dir) takes reports at a steady rate from a few senders, each
 * report with a unique externalId. InfluxDB goes away: first frozen (SIGSTOP: requests hang until
 * they time out), then stopped (SIGKILL: connections refused). While it is stopped the backend is
 * killed with SIGKILL and, separately, stopped with SIGTERM (at seeded moments, in a seeded
 * order) and started again on the same data dir each time. Then InfluxDB comes back on the same
 * port and data, the load goes on a while, stops, and the spool drains. A sender whose request
 * failed (the server gone, a reset) sends the same batch again until it is acknowledged, as a
 * client that cannot know whether it was kept must.
 * Figures: acknowledged; lost (acknowledged but not in InfluxDB after the drain, by externalId
 * and the id the 202 gave); duplicated (an externalId or an id stored twice in InfluxDB, or a
 * repeat answered with another id than the first); serverUpDuringOutage (each restart listened
 * and answered /readyz while InfluxDB was still away); drainMs (InfluxDB back → nothing older
 * than 1 s waiting, under load) and finalDrainMs (load stopped → spool empty, /readyz ready).
 * Criteria (issue 15): lost 0, duplicated 0, the server up during the outage.
 * Env: PROOF_OUTAGE_SECONDS (InfluxDB away, 30), PROOF_OUTAGE_FREEZE_SECONDS (frozen first, 8;
 * the restarts come after it, or inside it when it is the whole outage),
 * PROOF_OUTAGE_START_TIMEOUT_SECONDS (a restart not listening by then is not "up during the
 * outage"; InfluxDB then comes back and it is waited for, 60), PROOF_OUTAGE_RATE (reports/s, 50),
 * PROOF_OUTAGE_CLIENTS (4), PROOF_OUTAGE_BATCH (5), PROOF_OUTAGE_WARM_SECONDS (load before, 5),
 * PROOF_OUTAGE_AFTER_SECONDS (load after, 10), PROOF_OUTAGE_DRAIN_TIMEOUT_SECONDS (120),
 * PROOF_SEED.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { KEYS } from '../tests/helpers/server.js';
import { influxdInstalled, startInfluxd, type Influxd } from '../tests/helpers/influxd.js';
import { InfluxConnection } from '../backend/store/influx/connection.js';
import { rowsOf } from '../backend/store/influx/influxql.js';
import { tempDir } from '../bench/lib.js';
import {
  envNumber,
  INGEST_KEYS,
  PHONE_HASH_SALT,
  proofReport,
  REPO,
  result,
  seeded,
  sleep,
} from './lib.js';

const OUTAGE_S = envNumber('PROOF_OUTAGE_SECONDS', 30);
const FREEZE_S = Math.min(OUTAGE_S, envNumber('PROOF_OUTAGE_FREEZE_SECONDS', 8));
const START_TIMEOUT_S = envNumber('PROOF_OUTAGE_START_TIMEOUT_SECONDS', 60);
const RATE = envNumber('PROOF_OUTAGE_RATE', 50);
const CLIENTS = envNumber('PROOF_OUTAGE_CLIENTS', 4);
const BATCH = envNumber('PROOF_OUTAGE_BATCH', 5);
const WARM_S = envNumber('PROOF_OUTAGE_WARM_SECONDS', 5);
const AFTER_S = envNumber('PROOF_OUTAGE_AFTER_SECONDS', 10);
const DRAIN_TIMEOUT_S = envNumber('PROOF_OUTAGE_DRAIN_TIMEOUT_SECONDS', 120);
const SEED = envNumber('PROOF_SEED', 15);
const DATABASE = `minqing_proof_outage_${SEED}`;

type Body = Array<Record<string, unknown>>;

interface Readyz {
  http: number;
  status?: string;
  store?: { state?: string; spooled?: number; lagMs?: number | null; lastError?: string | null };
}

async function readyz(url: string | null): Promise<Readyz> {
  if (url === null) return { http: 0, status: 'server down' };
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as { status: string; checks: { store: Readyz['store'] } };
    return { http: res.status, status: body.status, store: body.checks.store };
  } catch (err) {
    return { http: 0, status: `error ${(err as Error).name}` };
  }
}

/**
 * backend/main.ts as its own process, as startBackend (proof/lib.ts) starts it, but the caller
 * keeps the process when it is slow to listen: a start that hangs is waited for, not orphaned.
 */
function launch(env: Record<string, string>): { child: ChildProcess; up: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      SIMULATOR: 'off',
      NODE_ENV: 'production',
      INGEST_KEYS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const up = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-20_000);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`exited ${code ?? signal}: ${out}`)));
  });
  up.catch(() => undefined);
  return { child, up };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** SIGTERM, SIGKILL when it has not exited 10 s later; resolves with how it ended. */
async function terminate(child: ChildProcess): Promise<string> {
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.kill('SIGTERM');
  await exited(child);
  clearTimeout(timer);
  return String(child.exitCode ?? child.signalCode);
}

if (!influxdInstalled()) {
  result({
    scenario: 'influx-outage',
    error: 'influxd not installed (Debian package influxdb: bash scripts/ensure-system-deps.sh)',
    ok: false,
  });
  process.exit(0);
}

const random = seeded(SEED);
const data = tempDir('minqing-proof-outage-');
let influxd: Influxd | null = null;
/** The backend process of the moment. */
let server: ChildProcess | null = null;
// Stopped by proof/run.ts's timeout: leave no server or influxd behind.
process.once('SIGTERM', () => {
  server?.kill('SIGKILL');
  void influxd?.stop().finally(() => {
    data.remove();
    process.exit(1);
  });
});
try {
  influxd = await startInfluxd();
  const env = {
    DATA_DIR: data.path,
    PHONE_HASH_SALT,
    STORE: 'influx',
    INFLUX_URL: influxd.url,
    INFLUX_DB: DATABASE,
  };
  const first = launch(env);
  server = first.child;
  /** Where the senders post; null while the backend is down. */
  let live: string | null = await first.up;
  const started = performance.now();
  const at = () => Math.round(performance.now() - started) / 1000;
  /** externalId → the id its first 202 gave. */
  const acknowledged = new Map<string, string>();
  const say = (what: string) =>
    console.error(`influx-outage: ${at()} s: ${what} (${acknowledged.size} acknowledged)`);

  // ----- the load: every batch is sent until it is acknowledged
  let otherId = 0;
  let ackedDuringOutage = 0;
  let outage = false;
  const attempts: Record<string, number> = {};
  let sending = true;
  let n = 0;
  const gapMs = (1000 * CLIENTS * BATCH) / RATE;
  const senders = Array.from({ length: CLIENTS }, async (_, client) => {
    let due = performance.now() + client * (gapMs / CLIENTS);
    while (sending) {
      const body: Body = Array.from({ length: BATCH }, () =>
        proofReport(`outage-${SEED}-${client}`, n++),
      );
      for (;;) {
        const url = live;
        let outcome = 'server down';
        if (url !== null) {
          try {
            const res = await fetch(`${url}/api/v1/reports`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${KEYS.hotline}`,
              },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(30_000),
            });
            const answer = (await res.json()) as { ids?: string[] };
            outcome = String(res.status);
            if (res.status === 202) {
              body.forEach((r, i) => {
                const id = answer.ids?.[i] ?? '';
                const firstId = acknowledged.get(r.externalId as string);
                if (firstId === undefined) {
                  acknowledged.set(r.externalId as string, id);
                  if (outage) ackedDuringOutage++;
                } else if (firstId !== id) otherId++;
              });
            }
          } catch (err) {
            const cause = (err as { cause?: { code?: string } }).cause;
            outcome = `error ${cause?.code ?? (err as Error).name}`;
          }
        }
        attempts[outcome] = (attempts[outcome] ?? 0) + 1;
        if (outcome === '202') break;
        await sleep(200);
      }
      due = Math.max(due + gapMs, performance.now());
      await sleep(due - performance.now());
    }
  });

  // ----- the outage, with the backend restarted inside it
  let influxState = 'up';
  const restarts: Array<Record<string, unknown>> = [];
  const restart = async (signal: 'SIGKILL' | 'SIGTERM') => {
    const old = server as ChildProcess;
    const t0 = performance.now();
    live = null;
    let exit: string;
    if (signal === 'SIGKILL') {
      old.kill('SIGKILL');
      await exited(old);
      exit = String(old.exitCode ?? old.signalCode);
    } else exit = await terminate(old);
    const t1 = performance.now();
    const next = launch(env);
    server = next.child;
    const figures: Record<string, unknown> = {
      signal,
      atS: at(),
      influx: influxState,
      exit,
      stopMs: Math.round(t1 - t0),
    };
    restarts.push(figures);
    let timer: NodeJS.Timeout | undefined;
    const url = await Promise.race([
      next.up,
      new Promise<null>((r) => (timer = setTimeout(() => r(null), START_TIMEOUT_S * 1000))),
    ]);
    clearTimeout(timer);
    if (url === null) {
      // Not up in time: InfluxDB comes back meanwhile, and this process is waited for.
      figures.upDuringOutage = false;
      say(`${signal}: not listening ${START_TIMEOUT_S} s after the start`);
      void next.up.then(
        (later) => {
          figures.upMs = Math.round(performance.now() - t1);
          figures.influxWhenUp = influxState;
          live = later;
          say(`${signal}: listening at last`);
        },
        () => undefined, // stopped by the next restart before it ever listened
      );
      return;
    }
    figures.upMs = Math.round(performance.now() - t1);
    figures.readyz = await readyz(url);
    figures.upDuringOutage = (figures.readyz as Readyz).http === 200 && outage;
    live = url;
    say(`${signal}: up again after ${Math.round(performance.now() - t0)} ms`);
  };

  await sleep(WARM_S * 1000);
  const outageStarted = performance.now();
  outage = true;
  // The restarts fall in the stopped part of the outage (in the frozen one when that is all).
  const from = FREEZE_S < OUTAGE_S ? FREEZE_S : 0;
  const span = OUTAGE_S - from;
  const signals: Array<'SIGKILL' | 'SIGTERM'> =
    random() < 0.5 ? ['SIGKILL', 'SIGTERM'] : ['SIGTERM', 'SIGKILL'];
  const events: Array<{ atS: number; run: () => Promise<void> }> = [
    { atS: from + (0.1 + 0.3 * random()) * span, run: () => restart(signals[0] as 'SIGKILL') },
    { atS: from + (0.55 + 0.3 * random()) * span, run: () => restart(signals[1] as 'SIGTERM') },
  ];
  say(`InfluxDB away: frozen ${FREEZE_S} s, then stopped`);
  if (FREEZE_S > 0) {
    influxd.pause();
    influxState = 'frozen';
  }
  if (FREEZE_S < OUTAGE_S) {
    events.push({
      atS: FREEZE_S,
      run: async () => {
        await influxd?.kill();
        influxState = 'stopped';
        say('InfluxDB stopped');
      },
    });
  }
  events.sort((a, b) => a.atS - b.atS);
  for (const event of events) {
    await sleep(outageStarted + event.atS * 1000 - performance.now());
    await event.run();
  }
  await sleep(outageStarted + OUTAGE_S * 1000 - performance.now());
  const beforeRecovery = await readyz(live);
  if (influxState === 'frozen') influxd.resume();
  else await influxd.start();
  influxState = 'up';
  outage = false;
  const recoveredAt = performance.now();
  const outageMs = Math.round(recoveredAt - outageStarted);
  say('InfluxDB back');

  // ----- recovery under load: how long until the backlog is gone
  let drainMs: number | null = null;
  const watch = (async () => {
    const deadline = recoveredAt + DRAIN_TIMEOUT_S * 1000;
    while (performance.now() < deadline) {
      const s = await readyz(live);
      if (s.store?.lastError === null && (s.store.lagMs ?? 0) < 1000) {
        drainMs = Math.round(performance.now() - recoveredAt);
        return;
      }
      await sleep(100);
    }
  })();
  await sleep(AFTER_S * 1000);
  await watch;
  sending = false;
  await Promise.all(senders);
  say(`load stopped; the backlog was gone ${drainMs ?? 'never'} ms after InfluxDB came back`);
  const stoppedAt = performance.now();
  let finalDrainMs: number | null = null;
  let final: Readyz = { http: 0 };
  while (performance.now() - stoppedAt < DRAIN_TIMEOUT_S * 1000) {
    final = await readyz(live);
    if (final.store?.spooled === 0 && final.status === 'ready') {
      finalDrainMs = Math.round(performance.now() - stoppedAt);
      break;
    }
    await sleep(100);
  }

  // ----- what InfluxDB holds
  const conn = new InfluxConnection({ url: influxd.url, database: DATABASE });
  const [answer] = await conn.query(`SELECT "id", "report" FROM "${DATABASE}"."raw"."reports"`);
  conn.close();
  const rows = rowsOf(answer);
  const byExternalId = new Map<string, string[]>();
  const idCount = new Map<string, number>();
  for (const row of rows) {
    const id = String(row.id);
    const externalId = (JSON.parse(String(row.report)) as { externalId: string }).externalId;
    byExternalId.set(externalId, [...(byExternalId.get(externalId) ?? []), id]);
    idCount.set(id, (idCount.get(id) ?? 0) + 1);
  }
  const lost = [...acknowledged].filter(([externalId, id]) =>
    (byExternalId.get(externalId) ?? []).every((stored) => stored !== id),
  );
  const storedTwice =
    [...byExternalId.values()].filter((ids) => ids.length > 1).length +
    [...idCount.values()].filter((c) => c > 1).length;
  const duplicated = storedTwice + otherId;
  const serverUpDuringOutage =
    restarts.length === 2 && restarts.every((r) => r.upDuringOutage === true);

  result({
    scenario: 'influx-outage',
    seed: SEED,
    ratePerSecond: RATE,
    clients: CLIENTS,
    batch: BATCH,
    outageMs,
    frozenSeconds: FREEZE_S,
    acknowledged: acknowledged.size,
    acknowledgedDuringOutage: ackedDuringOutage,
    stored: rows.length,
    lost: lost.length,
    lostSample: lost.slice(0, 5).map(([externalId]) => externalId),
    duplicated,
    repeatsAnsweredWithOtherId: otherId,
    unacknowledgedStored: [...byExternalId.keys()].filter((e) => !acknowledged.has(e)).length,
    attempts,
    restarts,
    serverUpDuringOutage,
    spooledAtRecovery: beforeRecovery.store?.spooled ?? null,
    drainMs,
    finalDrainMs,
    final,
    criteria: 'lost 0, duplicated 0, the backend up (and /readyz answering) during the outage',
    ok:
      acknowledged.size > 0 &&
      lost.length === 0 &&
      duplicated === 0 &&
      serverUpDuringOutage &&
      finalDrainMs !== null,
  });
} finally {
  if (server) await terminate(server);
  await influxd?.stop();
  data.remove();
}
