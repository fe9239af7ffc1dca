import type { Router } from 'express';
import type { Alert } from '#contracts';
import { createAssessment } from './assessment/module.js';
import { createAuth } from './auth/module.js';
import type { Auth } from './auth/middleware.js';
import { openCasesDb, type CasesDb } from './cases/db.js';
import { createCaseModule, type CaseModule } from './cases/module.js';
import { ResponsePolicy } from './cases/policy.js';
import { WallCaseStats } from './cases/wall-summary.js';
import type { EventBus } from './events/bus.js';
import { createNotify, type NotifyModule } from './notify/module.js';
import type { Logger } from './platform/logger.js';
import type { RegionTree } from './regions/tree.js';
import { createOrdersModule, type OrdersModule } from './orders/module.js';
import { UserDirectory } from './users/directory.js';
import { isActiveStatus } from '#contracts';

export interface WorkflowDeps {
  dataDir?: string;
  configDir?: string;
  regions: RegionTree;
  bus: EventBus;
  clock: () => number;
  log: Logger;
  activeAlerts: () => Alert[];
  production?: boolean;
  kickOutbox?: boolean;
}

/** The people side of the product, each module built from narrow parts of the others. */
export interface Workflow {
  /** cases.db: cases and their audit, and notify's tables (one transaction per step). */
  db: CasesDb;
  users: UserDirectory;
  auth: Auth;
  notify: NotifyModule;
  cases: CaseModule;
  /** Work orders: one per accepted report, gathered under alert cases. */
  orders: OrdersModule;
  wallStats: WallCaseStats;
  routers: Router[];
  close(): Promise<void>;
}

/** Users, auth, notify and cases, wired in that order (each needs only what came before). */
export function createWorkflow(deps: WorkflowDeps): Workflow {
  const db = openCasesDb(deps.dataDir);
  const policy = ResponsePolicy.load(deps.configDir);
  const users = UserDirectory.load(deps.configDir, deps.regions, deps.production ?? false);
  const {
    auth,
    router: authRouter,
    close: closeAuth,
  } = createAuth({
    users,
    dataDir: deps.dataDir,
    clock: deps.clock,
    log: deps.log,
  });
  const notify = createNotify({
    db,
    configDir: deps.configDir,
    regions: deps.regions,
    users,
    groupWindowMs: (level) => policy.forLevel(level).groupWindowSeconds * 1000,
    bus: deps.bus,
    clock: deps.clock,
    log: deps.log,
    kickOutbox: deps.kickOutbox,
  });
  const cases = createCaseModule({
    db,
    policy,
    regions: deps.regions,
    users,
    notifier: notify.notifier,
    kick: notify.kick,
    bus: deps.bus,
    clock: deps.clock,
    log: deps.log,
    activeAlerts: deps.activeAlerts,
  });
  const orders = createOrdersModule({
    dataDir: deps.dataDir,
    policy,
    regions: deps.regions,
    bus: deps.bus,
    clock: deps.clock,
    log: deps.log,
    // A report that comes in while an alert case is in hand for its place joins that case.
    caseFor: (report) => {
      const c = cases.coverage.coveringCase({
        regionCode: report.regionCode,
        category: report.category,
        requestedAt: report.receivedAt,
      });
      return c && isActiveStatus(c.status) ? c.id : null;
    },
  });
  return {
    db,
    users,
    auth,
    notify,
    cases,
    orders,
    wallStats: new WallCaseStats(db, deps.regions),
    routers: [
      authRouter,
      cases.router(auth),
      orders.router(auth),
      notify.router(auth),
      createAssessment({
        tallies: orders.tallies,
        regions: deps.regions,
        clock: deps.clock,
      }).router(auth),
    ],
    close: async () => {
      await notify.close();
      orders.close();
      cases.close();
      closeAuth();
      db.close();
    },
  };
}
