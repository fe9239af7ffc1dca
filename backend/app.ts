import express from 'express';
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  WallSnapshot,
} from '../contracts/index.js';
import { createCollectors, type GridCollector } from '../collectors/index.js';
import type { IngestKeys } from './auth/ingest-keys.js';
import { createCaseModule, type CaseModule } from './cases/module.js';
import { WallCaseStats, wallCasesRouter } from './cases/wall-summary.js';
import { EventBus } from './events/bus.js';
import { healthRouter } from './health/routes.js';
import { errorHandler } from './http/errors.js';
import { REPLAY_WINDOW_MS, SentimentMonitor } from './levels/monitor.js';
import { levelsRouter } from './levels/routes.js';
import { serveLeaderPage } from './leader/page.js';
import type { Logger } from './logger.js';
import { attachWall, toView } from './realtime/wall.js';
import { scopedSnapshot } from './realtime/wall-scope.js';
import { guardWallNamespace, wallPageGuard, wallTokenCheck } from './realtime/wall-access.js';
import type { RegionTree } from './regions/tree.js';
import { IngestService } from './reports/ingest.js';
import { reportsRouter } from './reports/routes.js';
import type { RulesSource } from './rules/rules-source.js';
import { startJobs, type Job } from './schedules/jobs.js';
import {
  createUnderstanding,
  REPEAT_WINDOW_MS,
  type Understanding,
} from './understanding/index.js';
import { systemStatus, watchSystemStatus } from './store/status.js';
import type { ReportStore } from './store/store.js';

export interface AppDeps {
  store: ReportStore;
  regions: RegionTree;
  rules: RulesSource;
  keys: () => IngestKeys;
  phoneSalt: string;
  log: Logger;
  clock?: () => number;
  /** Built wall (dashboard/dist); the wall routes answer 503 while it is missing. */
  wallDir?: string;
  /** Run the job table (level sweeps). Tests drive `monitor.tick()` themselves instead. */
  schedules?: boolean;
  /** Where cases.db and the session secret live (in memory without it). */
  dataDir?: string;
  /** Where policy.json, users.json and notify.json live (defaults and no users without it). */
  configDir?: string;
  /** Production refuses the seed (demo) users at login. */
  production?: boolean;
  /** TRUST_PROXY: express's `trust proxy` (client addresses from X-Forwarded-For). */
  trustProxy?: string | number;
  /** WALL_TOKEN: when set, the wall's case summary and /wall socket require it. */
  wallToken?: string;
}

export interface App {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  bus: EventBus;
  monitor: SentimentMonitor;
  ingest: IngestService;
  /** The express app (its routes are listed against the OpenAPI document in a test). */
  express: express.Express;
  /** Cases, users, notifications: `cases.sweep.sweep(now)` and `cases.worker.drain(now)` in tests. */
  cases: CaseModule;
  /** The grid collector's batches and workers (the simulator files visits through them). */
  grid: Pick<GridCollector, 'batches' | 'workers'>;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** Build the whole backend from its dependencies; nothing listens until `listen`. */
export async function createApp(deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? Date.now;
  const bus = new EventBus();
  const monitor = new SentimentMonitor({
    regions: deps.regions,
    rules: deps.rules.current,
    bus,
    clock,
  });
  const understanding = createUnderstanding({ configDir: deps.configDir, log: deps.log, clock });
  await rebuildRepeats(deps.store, understanding, clock());
  monitor.rebuild(await deps.store.since(clock() - REPLAY_WINDOW_MS), deps.rules.current, clock());
  const ingest = new IngestService({
    store: deps.store,
    regions: deps.regions,
    monitor,
    bus,
    clock,
    phoneSalt: deps.phoneSalt,
    understanding,
  });

  const cases = createCaseModule({
    dataDir: deps.dataDir,
    configDir: deps.configDir,
    regions: deps.regions,
    bus,
    clock,
    log: deps.log,
    activeAlerts: () => monitor.activeAlerts(),
    production: deps.production,
    kickOutbox: deps.schedules !== false,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(healthRouter({ store: deps.store, rules: deps.rules, notify: cases.health }));
  app.use(reportsRouter({ ingest, store: deps.store, keys: deps.keys, clock }));
  app.use(levelsRouter({ regions: deps.regions, monitor }));
  for (const router of cases.routers) app.use(router);
  const collectors = createCollectors({
    ingest,
    regions: deps.regions,
    keys: deps.keys,
    store: deps.store,
    cases,
    clock,
    log: deps.log,
    dataDir: deps.dataDir,
    configDir: deps.configDir,
    phoneSalt: deps.phoneSalt,
    wallDir: deps.wallDir,
  });
  for (const collector of collectors.all) for (const router of collector.routers) app.use(router);
  const wallAllowed = wallTokenCheck(deps.wallToken);
  const stats = new WallCaseStats(cases.db, deps.regions);
  app.use(wallCasesRouter({ stats, regions: deps.regions, clock, allowed: wallAllowed }));
  serveLeaderPage(app, deps.wallDir);
  app.use(wallPageGuard(wallAllowed));
  serveWall(app, deps.wallDir);
  app.use(errorHandler(deps.log));

  const http = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  const county = { code: deps.regions.county.code, name: deps.regions.county.name };
  const snapshot = async (): Promise<WallSnapshot> => ({
    serverTime: clock(),
    county,
    regions: [...deps.regions.all],
    levels: monitor.levelViews(),
    alerts: monitor.activeAlerts(),
    recentReports: (await deps.store.recent(50)).map(toView),
    awaitingAck: cases.awaitingAck(),
    notifyHealth: cases.health().channels,
    status: systemStatus(deps.store),
  });
  const isTown = (code: string) => deps.regions.get(code)?.kind === 'town';
  const wall = attachWall(io, bus, (town) => scopedSnapshot(snapshot, deps.store, town), isTown);
  const unwatchStatus = watchSystemStatus(deps.store, bus);
  guardWallNamespace(wall.namespace, wallAllowed);
  cases.attach(io);

  deps.rules.watch((rules) => {
    deps.store.since(clock() - REPLAY_WINDOW_MS).then(
      (reports) => monitor.rebuild(reports, rules, clock()),
      (err: unknown) => deps.log.error(`rules reload: replay failed: ${String(err)}`),
    );
  });
  const jobs: Job[] = [
    { name: 'levels-sweep', cron: '*/5 * * * * *', run: () => monitor.tick() },
    { name: 'index-flush', cron: '*/2 * * * * *', run: () => monitor.flushIndex() },
    ...cases.jobs,
  ];
  const running = deps.schedules === false ? null : startJobs(jobs, deps.log);

  return {
    http,
    io,
    bus,
    monitor,
    ingest,
    express: app,
    cases,
    grid: collectors.grid,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      }),
    close: async () => {
      running?.stop();
      deps.rules.close();
      understanding.close();
      unwatchStatus();
      wall.detach();
      await io.close();
      await cases.close();
      for (const collector of collectors.all) await collector.close();
      http.closeAllConnections();
      if (http.listening) await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/**
 * An hour at a time: a busy week of reports is never in memory at once, and each hour's reports
 * die young, so rebuilding does not grow the old heap (and the RSS) for the weeks that follow.
 */
async function rebuildRepeats(store: ReportStore, understanding: Understanding, now: number) {
  const HOUR = 3_600_000;
  for (let from = now - REPEAT_WINDOW_MS; from < now; from += HOUR) {
    // The last hour is open-ended: it takes reports stamped a little ahead of our clock too.
    understanding.rebuild(await store.since(from, from + HOUR < now ? from + HOUR : undefined));
  }
}

function serveWall(app: express.Express, wallDir: string | undefined): void {
  const index = wallDir ? join(wallDir, 'index.html') : null;
  if (wallDir) app.use(express.static(wallDir, { index: false, maxAge: '1h' }));
  app.get('/', (_req, res) => {
    if (!index || !existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('大屏尚未构建：请先运行 npm run build:wall');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
