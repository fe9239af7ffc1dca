import type { Router } from 'express';
import type { Alert } from '#contracts';
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
import { UserDirectory } from './users/directory.js';

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
  return {
    db,
    users,
    auth,
    notify,
    cases,
    wallStats: new WallCaseStats(db, deps.regions),
    routers: [authRouter, cases.router(auth), notify.router(auth)],
    close: async () => {
      await notify.close();
      cases.close();
      closeAuth();
      db.close();
    },
  };
}
