/**
 * Alert identity across restarts and replays: the real backend (own process, NODE_ENV=test so
 * the seed leaders may log in, its own data and config dirs, a webhook robot told of every level
 * with no grouping delay, so any case opened is a message sent at once to a local receiver).
 * 1. Five same-category reports for 枣园村 that occurred 1–5 minutes ago are posted out of time
 *    order (seeded order, in one batch or one by one): a surge alert and its case. The alert ids
 *    are read (GET /api/v1/alerts) and the cases (GET /api/v1/cases, a county leader).
 * 2. The backend is stopped with SIGTERM and started on the same data, then killed with SIGKILL
 *    and started again: each time the alerts (id, raisedAt, level, rule) and the cases (id,
 *    alert) must be the same. Then the village leader acknowledges the alert the wall shows; its
 *    case must be the one from before.
 * 3. Replays: a CSV of old calls (12 in 宏丰村 21 h ago, 5 in 西沟口村 9 h ago, 6 in 枣园村 3 h ago,
 *    each a surge had it come live) through the hotline import CLI; a rules save (rules.json
 *    rewritten, which the backend reloads and replays its last 24 h under); a restart with
 *    SIGTERM and one with SIGKILL (each replays the last 24 h at the start). Counted: alerts
 *    raised (new ids in GET /api/v1/alerts, and alert:raised on a wall socket), cases opened,
 *    notifications (robot messages received, and pending or dead in the outbox).
 * There is no API that saves rules: the file is the interface (the backend watches it).
 * Criteria (issue 15): alert ids identical before and after each restart, the acknowledgement
 * after the restart lands on the alert's case, and the replays raise 0 alerts, open 0 cases and
 * send 0 notifications.
 * Env: PROOF_IDENTITY_SETTLE_MS (how long to wait for the backend to act after each step, 2000),
 * PROOF_SEED (the arrival order and delivery of the five reports).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, RulesFile } from '#contracts';
import {
  HONGFENG,
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  login,
  prepareConfig,
  startReceiver,
} from '../tests/helpers/cases.js';
import { KEYS, connectWall } from '../tests/helpers/server.js';
import { tempDir } from '../bench/lib.js';
import {
  envNumber,
  INGEST_KEYS,
  PHONE_HASH_SALT,
  REPO,
  result,
  seeded,
  sleep,
  startProcess,
  type Running,
} from './lib.js';

const SETTLE_MS = envNumber('PROOF_IDENTITY_SETTLE_MS', 2000);
const SEED = envNumber('PROOF_SEED', 15);
const MIN = 60_000;
const HOUR = 60 * MIN;
/** Plain blue texts: the judgement colours them blue, so only the surge rule raises anything. */
const ROAD = [
  '通组道路损坏，车辆无法通行',
  '村道塌方一段，车辆无法通行',
  '进村道路坑洼严重，行车困难',
];
const SURGE_RULE = 'village-category-surge/infrastructure';

type AlertBrief = Pick<Alert, 'id' | 'raisedAt' | 'level' | 'ruleKey' | 'regionCode'>;
interface CaseBrief {
  id: string;
  alertId: string;
}

const random = seeded(SEED);
const data = tempDir('minqing-proof-identity-');
const receiver = await startReceiver();
const configDir = prepareConfig([
  { id: 'ops', type: 'webhook', url: receiver.url, levels: ['blue', 'orange', 'red'] },
]);
// Robot messages go out at once (no grouping window): a case opened is a message received.
const policyFile = join(configDir, 'policy.json');
const policy = JSON.parse(readFileSync(policyFile, 'utf8')) as {
  levels: Record<string, { groupWindowSeconds: number }>;
};
for (const level of Object.values(policy.levels)) level.groupWindowSeconds = 0;
writeFileSync(policyFile, JSON.stringify(policy, null, 2));

/** The backend as startBackend starts it, on this data and config (and no spare temp dir). */
const start = () =>
  startProcess('backend/main.ts', {
    HOST: '127.0.0.1',
    PORT: '0',
    SIMULATOR: 'off',
    NODE_ENV: 'test',
    INGEST_KEYS,
    DATA_DIR: data.path,
    CONFIG_DIR: configDir,
    PHONE_HASH_SALT,
  });
let backend: Running = await start();
const say = (what: string) => console.error(`alert-identity: ${what}`);

async function ingest(items: Array<Record<string, unknown>>): Promise<void> {
  const res = await fetch(`${backend.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.hotline}` },
    body: JSON.stringify(items),
  });
  if (res.status !== 202) throw new Error(`ingest: ${res.status} ${await res.text()}`);
}

async function alerts(): Promise<AlertBrief[]> {
  const res = await api<{ alerts: Alert[] }>(backend.url, null, 'GET', '/api/v1/alerts');
  return res.body.alerts
    .map(({ id, raisedAt, level, ruleKey, regionCode }) => ({
      id,
      raisedAt,
      level,
      ruleKey,
      regionCode,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** A county leader's session on the current backend (logged in once per process). */
let session: string | null = null;

/** GET as the county leader. */
async function asCounty<T>(path: string): Promise<T> {
  session ??= await login(backend.url, 'county-zhang');
  const res = await api<T>(backend.url, session, 'GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.body;
}

/** Every case, as a county leader sees them. */
async function cases(): Promise<CaseBrief[]> {
  const { cases: all } = await asCounty<{ cases: CaseBrief[] }>('/api/v1/cases?limit=500');
  return all.map(({ id, alertId }) => ({ id, alertId })).sort((a, b) => a.id.localeCompare(b.id));
}

/** Robot messages received, plus those waiting or given up on in the outbox. */
async function notifications(): Promise<{ received: number; pending: number; dead: number }> {
  const { channels } = await asCounty<{ channels: Array<{ pending: number; dead: number }> }>(
    '/api/v1/notify/channels',
  );
  const sum = (key: 'pending' | 'dead') => channels.reduce((s, c) => s + c[key], 0);
  return { received: receiver.received.length, pending: sum('pending'), dead: sum('dead') };
}

async function restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (signal === 'SIGTERM') await backend.stop();
  else {
    const { child } = backend;
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((r) => child.once('exit', r));
  }
  backend = await start();
  session = null;
  say(`restarted after ${signal}`);
}

/** alert:raised on a wall socket of the current backend, until `close`. */
function watchWall(): { raised: string[]; close: () => void } {
  const raised: string[] = [];
  const wall = connectWall(backend.url);
  wall.on('alert:raised', (a) => raised.push(a.id));
  return { raised, close: () => wall.close() };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

try {
  // ----- 1. five reports out of time order: one alert, one case
  const now = Date.now();
  let order = [1, 2, 3, 4, 5];
  do {
    order = order
      .map((m) => ({ m, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.m);
  } while (same(order, [5, 4, 3, 2, 1])); // that would be in time order
  const delivery = random() < 0.5 ? 'one batch' : 'one by one';
  const five = order.map((m, i) => ({
    source: 'hotline',
    externalId: `identity-${SEED}-${now}-${m}`,
    occurredAt: new Date(now - m * MIN).toISOString(),
    regionCode: ZAOYUAN,
    category: 'infrastructure',
    text: `${ROAD[i % ROAD.length]}（${m}分钟前）`,
  }));
  if (delivery === 'one batch') await ingest(five);
  else for (const item of five) await ingest([item]);
  let live: AlertBrief | undefined;
  for (let i = 0; i < 50 && !live; i++) {
    live = (await alerts()).find((a) => a.regionCode === ZAOYUAN && a.ruleKey === SURGE_RULE);
    if (!live) await sleep(100);
  }
  if (!live) throw new Error('the five reports raised no surge alert');
  await sleep(SETTLE_MS);
  const before = { alerts: await alerts(), cases: await cases() };
  const liveCase = before.cases.find((c) => c.alertId === live.id);
  say(`alert ${live.id} (case ${liveCase?.id}), reports in the order ${order.join(',')} min ago`);

  // ----- 2. restarts: the same alerts, the same cases
  const restarts: Array<Record<string, unknown>> = [];
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    await restart(signal);
    const after = { alerts: await alerts(), cases: await cases() };
    restarts.push({
      signal,
      alertsIdentical: same(after.alerts, before.alerts),
      casesIdentical: same(after.cases, before.cases),
      ...(same(after, before) ? {} : { after }),
    });
  }
  const idsIdentical = restarts.every((r) => r.alertsIdentical && r.casesIdentical);
  const [shown] = (await alerts()).filter((a) => a.id === live.id);
  const seen = await api<{ caseId: string | null }>(
    backend.url,
    null,
    'GET',
    `/api/v1/alerts/${live.id}`,
  );
  const leader = await login(backend.url, 'village-zaoyuan');
  const ack = await api<{ case?: { id: string; status: string } }>(
    backend.url,
    leader,
    'POST',
    `/api/v1/alerts/${live.id}/acknowledge`,
    { note: '已签收' },
  );
  const acknowledgement = {
    shownAfterRestart: shown !== undefined,
    caseId: seen.body.caseId,
    status: ack.status,
    caseStatus: ack.body.case?.status ?? null,
    ...(ack.status === 200 ? {} : { answer: ack.body }),
  };
  const ackWorks =
    acknowledgement.shownAfterRestart &&
    seen.body.caseId === liveCase?.id &&
    ack.status === 200 &&
    ack.body.case?.id === liveCase?.id &&
    ack.body.case?.status === 'acknowledged';

  // ----- 3. replays: a CSV of old calls, a rules save, two restarts
  await sleep(SETTLE_MS);
  const baseline = {
    alerts: await alerts(),
    cases: await cases(),
    notifications: await notifications(),
  };
  const knownAlerts = new Set(baseline.alerts.map((a) => a.id));
  const knownCases = new Set(baseline.cases.map((c) => c.id));
  const raisedIds = new Set<string>();
  const openedIds = new Set<string>();
  const steps: Array<Record<string, unknown>> = [];
  const look = async (step: string, wall: { raised: string[] } | null) => {
    await sleep(SETTLE_MS);
    const raised = [...(await alerts()).map((a) => a.id), ...(wall?.raised ?? [])].filter(
      (id) => !knownAlerts.has(id),
    );
    const opened = (await cases()).map((c) => c.id).filter((id) => !knownCases.has(id));
    raised.forEach((id) => raisedIds.add(id));
    opened.forEach((id) => openedIds.add(id));
    const told = await notifications();
    steps.push({
      step,
      alertsRaised: new Set(raised).size,
      casesOpened: opened.length,
      notifications: told,
    });
    say(`${step}: ${new Set(raised).size} alerts raised, ${opened.length} cases opened`);
  };

  // A CSV import of old calls (the hotline import CLI, as an operator runs it).
  const csv = join(data.path, 'backfill.csv');
  const backfill: Array<[string, number, number[]]> = [
    [HONGFENG, 21 * HOUR, [22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2, 0]],
    [TIECHANG_VILLAGE, 9 * HOUR, [8, 6, 4, 2, 0]],
    [ZAOYUAN, 3 * HOUR, [10, 8, 6, 4, 2, 0]],
  ];
  const rows = backfill.flatMap(([code, ago, minutes]) =>
    minutes.map((m, i) =>
      [
        `BF-${SEED}-${now}-${code}-${m}`,
        new Date(now - ago - m * MIN).toISOString(),
        `${ROAD[i % ROAD.length]}（补录${m}）`,
        '交通运输',
        code,
      ].join(','),
    ),
  );
  writeFileSync(csv, ['工单编号,来电时间,诉求内容,诉求分类,区划代码', ...rows].join('\n'));
  let wall = watchWall();
  const imported = await new Promise<{ code: number | null; summary: Record<string, unknown> }>(
    (resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'collectors/hotline/import-cli.ts',
          csv,
          '--url',
          backend.url,
          '--key',
          KEYS.hotline,
          '--rejects',
          join(data.path, 'rejects.csv'),
        ],
        { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.once('exit', (code) => {
        let summary: Record<string, unknown> = { raw: out.slice(-1000) };
        try {
          summary = JSON.parse(out.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
        } catch {
          // keep the raw output
        }
        resolve({ code, summary });
      });
    },
  );
  await look('csv import of old calls', wall);

  // A rules save: only a description changes; the backend reloads and replays its last 24 h.
  const rulesFile = join(configDir, 'rules.json');
  const loadedAt = async () =>
    (
      (await (await fetch(`${backend.url}/readyz`)).json()) as {
        checks: { rules: { loadedAt: number | null } };
      }
    ).checks.rules.loadedAt;
  const loadedBefore = await loadedAt();
  const rules = JSON.parse(readFileSync(rulesFile, 'utf8')) as RulesFile;
  const rule = rules.windowRules[0];
  if (rule) rule.description = `${rule.description}（已修订 ${SEED}）`;
  writeFileSync(rulesFile, JSON.stringify(rules, null, 2));
  let rulesReloaded = false;
  for (let i = 0; i < 100 && !rulesReloaded; i++) {
    rulesReloaded = (await loadedAt()) !== loadedBefore;
    if (!rulesReloaded) await sleep(100);
  }
  await look('rules save', wall);
  wall.close();

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    await restart(signal);
    wall = watchWall();
    await look(`restart (${signal})`, wall);
    wall.close();
  }
  const told = await notifications();
  const notificationsByReplay =
    told.received -
    baseline.notifications.received +
    (told.pending - baseline.notifications.pending) +
    (told.dead - baseline.notifications.dead);
  const importedAll =
    imported.code === 0 && Number(imported.summary.imported ?? -1) === rows.length;

  result({
    scenario: 'alert-identity',
    seed: SEED,
    arrivalMinutesAgo: order,
    delivery,
    alert: live,
    raisedAtMinutesAgo: Math.round(((now - live.raisedAt) / MIN) * 100) / 100,
    caseId: liveCase?.id ?? null,
    alertsBefore: before.alerts.length,
    casesBefore: before.cases.length,
    restarts,
    idsIdentical,
    acknowledgement,
    ackWorks,
    backfill: { rows: rows.length, exit: imported.code, summary: imported.summary },
    rulesReloaded,
    replaySteps: steps,
    alertsRaisedByReplay: raisedIds.size,
    casesOpenedByReplay: openedIds.size,
    notificationsByReplay,
    notificationsBaseline: baseline.notifications,
    criteria:
      'alert and case ids identical across SIGTERM and SIGKILL restarts; acknowledging after the restart works on its case; replays (CSV of old calls, rules save, restarts) raise 0 alerts, open 0 cases, send 0 notifications',
    ok:
      idsIdentical &&
      ackWorks &&
      importedAll &&
      rulesReloaded &&
      raisedIds.size === 0 &&
      openedIds.size === 0 &&
      notificationsByReplay === 0,
  });
} finally {
  await backend.stop();
  await receiver.close();
  data.remove();
  rmSync(configDir, { recursive: true, force: true });
}
