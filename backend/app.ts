import express from 'express';
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import type { ClientToServerEvents, Judgement, JudgeInput, ServerToClientEvents } from '#contracts';
import { judgedRuleId, levelRank } from '#contracts';
import { createCollectors, type GridCollector } from '../collectors/index.js';
import { COLLECTOR_COMPONENTS, COLLECTOR_PATHS } from '../collectors/openapi.js';
import type { CollectorPort } from '../collectors/port.js';
import type { IngestKeys } from './auth/ingest-keys.js';
import { userFromToken } from './auth/middleware.js';
import { tokenFrom } from './auth/session.js';
import { wallCasesRouter } from './cases/wall-summary.js';
import { EventBus } from './events/bus.js';
import { healthRouter } from './health/routes.js';
import { errorHandler } from './http/errors.js';
import { notFound } from './http/not-found.js';
import { securityHeaders } from './http/security-headers.js';
import { serveConsolePage } from './console/page.js';
import { serveLeaderPage } from './leader/page.js';
import { createJudge } from './judgement/index.js';
import { openApiRouter } from './openapi/routes.js';
import type { Logger } from './platform/logger.js';
import { attachLeader } from './realtime/leader.js';
import { wallSnapshots } from './realtime/snapshot.js';
import { attachWall } from './realtime/wall.js';
import type { TrustProxy } from './realtime/wall-admission.js';
import {
  guardWallNamespace,
  wallPageGuard,
  wallReadsGuard,
  wallTokenCheck,
} from './realtime/wall-access.js';
import type { RegionTree } from './regions/tree.js';
import { correctionRouter } from './reports/correction-routes.js';
import { CorrectionBook } from './reports/corrections.js';
import { IngestService, type ReadText } from './reports/ingest.js';
import { reportSearchRouter } from './reports/search-routes.js';
import { reportsRouter } from './reports/routes.js';
import { startJobs, type Job, type JobLock } from './schedules/jobs.js';
import { SentimentEngine } from './sentiment/engine.js';
import { levelsRouter } from './sentiment/levels/routes.js';
import type { RulesSource } from './sentiment/rules/rules-source.js';
import { watchSystemStatus } from './store/status.js';
import type { ReportReader, ReportStore } from './store/store.js';
import { createUnderstanding, type Understanding } from './understanding/index.js';
import { createWorkflow, type Workflow } from './workflow.js';

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
  /** Run the job table (level sweeps). Tests drive `sentiment.tick()` themselves instead. */
  schedules?: boolean;
  /** Several nodes: the lock that lets one of them run each job tick. */
  jobLock?: JobLock;
  /** Where cases.db and the session secret live (in memory without it). */
  dataDir?: string;
  /** Where policy.json, users.json and notify.json live (defaults and no users without it). */
  configDir?: string;
  /** Production refuses the seed (demo) users at login. */
  production?: boolean;
  /** TRUST_PROXY: express's `trust proxy` (client addresses from X-Forwarded-For). */
  trustProxy?: string | number;
  /** WALL_TOKEN: when set, the wall page, its socket and every REST read it makes want it. */
  wallToken?: string;
  /** WALL_MAX_PER_ADDRESS / WALL_MAX_CONNECTIONS: concurrent /wall sockets per address, in all. */
  wallLimits?: { maxPerAddress?: number; maxConnections?: number };
  /** The judgement of a report's text; the bundled model's without it. */
  judge?: (input: JudgeInput) => Judgement;
}

export interface App {
  http: HttpServer;
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  bus: EventBus;
  sentiment: SentimentEngine;
  ingest: IngestService;
  /** The express app (its routes are listed against the OpenAPI document in a test). */
  express: express.Express;
  /** Cases: `cases.sweep.sweep(now)` in tests. */
  cases: Workflow['cases'];
  /** Notifications: `notify.worker.drain(now)` in tests. */
  notify: Workflow['notify'];
  workflow: Workflow;
  /** The grid collector's batches and workers (the simulator files visits through them). */
  grid: Pick<GridCollector, 'batches' | 'workers'>;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * Build the whole backend from its dependencies; nothing listens until `listen`. Reports go one
 * way: collectors → ingest (read, store, publish) → bus → sentiment → bus → realtime and cases.
 */
export async function createApp(deps: AppDeps): Promise<App> {
  const clock = deps.clock ?? Date.now;
  const bus = new EventBus();
  const sentiment = new SentimentEngine({
    regions: deps.regions,
    rules: deps.rules.current,
    bus,
    clock,
  });
  const understanding = createUnderstanding({ configDir: deps.configDir, log: deps.log, clock });
  const corrections = new CorrectionBook(deps.dataDir);
  // The sentiment engine reads reports as dispatchers corrected them.
  const corrected: ReportReader = {
    since: async (from, to) => (await deps.store.since(from, to)).map((r) => corrections.apply(r)),
  };
  await understanding.warmUp(deps.store, clock());
  await sentiment.warmUp(corrected, clock());
  const ingest = new IngestService({
    store: deps.store,
    regions: deps.regions,
    clock,
    phoneSalt: deps.phoneSalt,
    read: readerOf(understanding, deps.judge ?? createJudge().judge, sentiment),
    repeats: understanding,
    publish: (report) => bus.emit('report.accepted', report),
  });
  const workflow = createWorkflow({
    dataDir: deps.dataDir,
    configDir: deps.configDir,
    regions: deps.regions,
    bus,
    clock,
    log: deps.log,
    activeAlerts: () => sentiment.activeAlerts(),
    production: deps.production,
    kickOutbox: deps.schedules !== false,
  });
  const { cases, notify } = workflow;
  // Orders for reports a crash left between their 2xx and their order.
  const caughtUp = await workflow.orders.warmUp(corrected, clock());
  if (caughtUp > 0) deps.log.info(`orders: opened ${caughtUp} order(s) for reports that had none`);

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // Every REST read the wall makes wants WALL_TOKEN (or a staff login) when one is set.
  const signedIn = (req: express.Request) =>
    userFromToken(workflow.auth, tokenFrom(req.headers)) !== null;
  app.use(wallReadsGuard(wallTokenCheck(deps.wallToken), signedIn));
  app.use(healthRouter({ store: deps.store, rules: deps.rules, notify: notify.health }));
  app.use(reportsRouter({ ingest, store: deps.store, keys: deps.keys, clock }));
  app.use(levelsRouter({ regions: deps.regions, sentiment }));
  for (const router of workflow.routers) app.use(router);
  app.use(
    correctionRouter({
      auth: workflow.auth,
      store: deps.store,
      corrections,
      clock,
      publish: (report) => bus.emit('report.corrected', report),
    }),
  );
  app.use(reportSearchRouter({ ...deps, auth: workflow.auth, corrections }));
  app.use(openApiRouter({ paths: COLLECTOR_PATHS, components: COLLECTOR_COMPONENTS }));
  const collectors = createCollectors({
    port: collectorPort(ingest, deps.regions, deps.store, workflow),
    keys: deps.keys,
    clock,
    log: deps.log,
    dataDir: deps.dataDir,
    configDir: deps.configDir,
    phoneSalt: deps.phoneSalt,
    wallDir: deps.wallDir,
  });
  for (const collector of collectors.all) for (const router of collector.routers) app.use(router);
  const wallAllowed = wallTokenCheck(deps.wallToken);
  app.use(
    wallCasesRouter({
      stats: workflow.wallStats,
      regions: deps.regions,
      clock,
    }),
  );
  serveLeaderPage(app, deps.wallDir);
  serveConsolePage(app, deps.wallDir);
  app.use(wallPageGuard(wallAllowed));
  serveWall(app, deps.wallDir);
  app.use(notFound(() => app.router));
  app.use(errorHandler(deps.log));

  const http = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
  });
  const snapshots = wallSnapshots({
    clock,
    regions: deps.regions,
    store: deps.store,
    levels: () => sentiment.levelViews(),
    alerts: () => sentiment.activeAlerts(),
    awaitingAck: () => cases.awaitingAck(),
    notifyHealth: () => notify.health().channels,
  });
  const isTown = (code: string) => deps.regions.get(code)?.kind === 'town';
  // Per-address limits see the client express sees (behind TRUST_PROXY, the forwarded one).
  const trust: TrustProxy = (address, hop) =>
    (app.get('trust proxy fn') as TrustProxy)(address, hop);
  const wall = attachWall(io, bus, snapshots, {
    isTown,
    admission: { ...deps.wallLimits, trust },
  });
  const unwatchStatus = watchSystemStatus(deps.store, bus);
  guardWallNamespace(wall.namespace, wallAllowed);
  const leader = attachLeader(io, bus, workflow.auth, deps.regions);
  // After the wall: a report reaches the wall (reports:new) before the levels it moves.
  const unsubscribe = sentiment.subscribe(bus, corrected, (err) =>
    deps.log.error(`correction: replay failed: ${String(err)}`),
  );

  deps.rules.watch((rules) => {
    sentiment
      .warmUp(corrected, clock(), rules)
      .catch((err: unknown) => deps.log.error(`rules reload: replay failed: ${String(err)}`));
  });
  const jobs: Job[] = [
    { name: 'levels-sweep', cron: '*/5 * * * * *', run: () => sentiment.tick() },
    { name: 'index-flush', cron: '*/2 * * * * *', run: () => sentiment.flushIndex() },
    ...cases.jobs,
    ...workflow.orders.jobs,
    ...notify.jobs,
  ];
  const running = deps.schedules === false ? null : startJobs(jobs, deps.log, deps.jobLock);

  return {
    http,
    io,
    bus,
    sentiment,
    ingest,
    express: app,
    cases,
    notify,
    workflow,
    grid: collectors.grid,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(http.address() as AddressInfo));
      }),
    close: async () => {
      running?.stop();
      unsubscribe();
      deps.rules.close();
      understanding.close();
      unwatchStatus();
      wall.detach();
      leader.detach();
      await io.close();
      await workflow.close();
      corrections.close();
      for (const collector of collectors.all) await collector.close();
      http.closeAllConnections();
      if (http.listening) await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/** Below this the judgement is unsure of its category, and the county's lexicon may name it. */
const CATEGORY_SURE_AT = 0.7;

/**
 * How ingest reads a draft's text. The judgement gives the colour and (when the sender gave
 * none) the category, unless it is unsure (or says only 其他) and the county's lexicon names one (a local word the
 * county added, like 坐夜 for a wake); the lexicon gives urgency and negativity; a county's
 * per-report rule may raise the colour by words, never lower it. An orange or red report holds
 * its region at that level (`judged-orange` / `judged-red`) unless a county rule already does.
 */
function readerOf(
  understanding: Understanding,
  judge: (input: JudgeInput) => Judgement,
  sentiment: SentimentEngine,
): ReadText {
  return (draft) => {
    const judgement = judge({ text: draft.text, source: draft.source, flagged: draft.urgent });
    const analysis = understanding.analyze(draft);
    const lexiconNames = analysis.categoryInferred && analysis.category !== 'other';
    // The county's own word wins where the judgement is unsure or names no subject.
    const unsure =
      (judgement.categoryConfidence ?? 1) < CATEGORY_SURE_AT || judgement.category === 'other';
    const category =
      draft.category ?? (unsure && lexiconNames ? analysis.category : judgement.category);
    const match = sentiment.classify({ text: draft.text, category, source: draft.source });
    const read = {
      ...analysis,
      category,
      categoryInferred: draft.category === undefined,
      judgement,
    };
    const colour = judgement.colour;
    if (match && levelRank(match.level) >= levelRank(colour)) {
      return { ...read, level: match.level, ruleId: match.rule.id };
    }
    const ruleId = colour === 'red' || colour === 'orange' ? judgedRuleId(colour) : null;
    return { ...read, level: colour, ruleId };
  };
}

/** The one port collectors get: ingest, the tree, report counts and case coverage. */
function collectorPort(
  ingest: IngestService,
  regions: RegionTree,
  store: ReportStore,
  workflow: Workflow,
): CollectorPort {
  return {
    ingest: (drafts, pathPrefix) => ingest.ingest(drafts, pathPrefix),
    regions,
    countReports: (query) => store.counts(query),
    caseCovering: (query) => workflow.cases.coverage.coveringCase(query),
    orderOfReport: (reportId) => workflow.orders.orderOfReport(reportId),
    onOrderChanged: (listener) => workflow.orders.onChanged(listener),
    orderByExternal: (source, externalId) => workflow.orders.byExternal(source, externalId),
    externalIdOfOrder: (orderId) => workflow.orders.externalIdOf(orderId),
    reportIdsOfOrder: (orderId) => workflow.orders.reportIdsOf(orderId),
  };
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
