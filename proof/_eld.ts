import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../backend/app.js';
import { silentLogger } from '../backend/platform/logger.js';
import { RulesSource } from '../backend/sentiment/rules/rules-source.js';
import { SqliteReportStore } from '../backend/store/sqlite/sqlite-store.js';
import { KEYS, REPO, loadRegions } from '../tests/helpers/server.js';
import type { ChurnConfig, ChurnTally } from './churn-clients.js';
import { loadChild, probeFigures, probeIngest } from './lib.js';
const dataDir = mkdtempSync(join(tmpdir(), 'eld-'));
const configDir = mkdtempSync(join(tmpdir(), 'eldc-'));
cpSync(join(REPO, 'config'), configDir, { recursive: true });
const app = await createApp({
  store: new SqliteReportStore(dataDir),
  regions: loadRegions(),
  rules: new RulesSource(join(configDir, 'rules.json'), silentLogger),
  keys: () => new Map(Object.entries(KEYS).map(([s, k]) => [k, s as never])),
  phoneSalt: 'x',
  log: silentLogger,
  schedules: false,
  dataDir,
  configDir,
  wallLimits: { maxPerAddress: 1000 },
});
const { port } = await app.listen(0, '127.0.0.1');
const url = `http://127.0.0.1:${port}`;
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
const idle = probeFigures(
  await probeIngest(url, { durationMs: 4000, perSecond: 25, tag: 'i' + Date.now() }),
);
const idleEld = { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
h.reset();
const clients = Number(process.env.C ?? 300);
const churn = loadChild<ChurnTally>('proof/churn-clients.ts', {
  url,
  clients,
  durationMs: 15000,
  addresses: Array.from({ length: 30 }, (_, i) => `127.0.3.${i + 1}`),
  holdMs: [200, 1000],
  pauseMs: [0, 200],
  seed: 1,
  townShare: 0.2,
  towns: ['611025101', '611025102'],
} satisfies ChurnConfig);
await churn.ready;
h.reset();
const during = probeFigures(
  await probeIngest(url, { durationMs: 11000, perSecond: 25, tag: 'd' + Date.now() }),
);
const duringEld = { p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
const tally = await churn.done;
console.log(
  JSON.stringify({
    idle: [idle.p50, idle.p99],
    idleEld,
    during: [during.p50, during.p99, during.max],
    duringEld,
    connects: tally.connected,
  }),
);
await app.close();
process.exit(0);
