import type { Router } from 'express';
import type { Alert } from '#contracts';
import type { Auth } from '../auth/middleware.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../platform/logger.js';
import type { RegionTree } from '../regions/tree.js';
import type { Job } from '../schedules/jobs.js';
import type { UserDirectory } from '../users/directory.js';
import { AlertCases } from './alert-cases.js';
import { CaseRepository } from './case-repo.js';
import { CaseService } from './case-service.js';
import { CaseCore } from './core.js';
import { CaseCoverage } from './coverage.js';
import type { CasesDb } from './db.js';
import type { Notifier } from '../notify/notifier.js';
import type { ResponsePolicy } from './policy.js';
import { casesRouter } from './routes.js';
import { DeadlineSweep } from './sweep.js';

export interface CaseModuleDeps {
  db: CasesDb;
  policy: ResponsePolicy;
  regions: RegionTree;
  users: UserDirectory;
  /** Steps are notified inside the case's own transaction. */
  notifier: Pick<Notifier, 'notify'>;
  /** After a step queued messages due now. */
  kick: () => void;
  bus: EventBus;
  clock: () => number;
  log: Logger;
  activeAlerts: () => Alert[];
}

/**
 * Alert cases: opened, raised and cleared from the sentiment engine's alerts on the bus, worked
 * through the ladder by staff over HTTP, swept for deadlines by a job.
 */
export function createCaseModule(deps: CaseModuleDeps) {
  const { clock, log } = deps;
  const repo = new CaseRepository(deps.db);
  const core = new CaseCore({
    repo,
    notifier: deps.notifier,
    policy: deps.policy,
    tree: deps.regions,
    users: deps.users,
    bus: deps.bus,
    log,
    kick: deps.kick,
  });
  const alertCases = new AlertCases(core, clock);
  const cases = new CaseService(core, clock);
  const sweep = new DeadlineSweep(core);
  const coverage = new CaseCoverage(deps.db, deps.regions);

  // Alert events as the engine announces them: live ones, and after a rules save or a correction
  // only what the replay changed (the first replay at start announces nothing; `reconcile`
  // below squares the cases with it).
  // A failure here must never reach the engine that emitted the alert (or the ingest behind it).
  const guard = (name: string, fn: (alert: Alert) => unknown) => (alert: Alert) => {
    try {
      fn(alert);
    } catch (err) {
      log.error(`cases: ${name} ${alert.id} failed: ${(err as Error).stack ?? String(err)}`);
    }
  };
  const onRaised = guard('open for alert', (a) => alertCases.openFromAlert(a));
  const onUpdated = guard('update for alert', (a) => alertCases.onAlertUpdated(a));
  const onCleared = guard('clear for alert', (a) => alertCases.onAlertCleared(a));
  deps.bus.on('alert.raised', onRaised);
  deps.bus.on('alert.updated', onUpdated);
  deps.bus.on('alert.cleared', onCleared);
  const reconciled = alertCases.reconcile(deps.activeAlerts());
  if (reconciled.opened > 0) {
    log.info(`cases: opened ${reconciled.opened} case(s) for alerts that had none`);
  }
  if (reconciled.cleared > 0) {
    log.info(`cases: ${reconciled.cleared} case(s) whose alert ended while the process was down`);
  }

  const jobs: Job[] = [
    { name: 'case-deadline-sweep', cron: '*/15 * * * * *', run: () => void sweep.sweep(clock()) },
  ];

  return {
    repo,
    cases,
    alertCases,
    sweep,
    coverage,
    jobs,
    router: (auth: Auth): Router =>
      casesRouter({ auth, cases, repo, activeAlerts: deps.activeAlerts }),
    /** Alerts whose case still waits for 签收 and is not silenced (the wall's red takeover). */
    awaitingAck: (): string[] => repo.awaitingAckAlertIds(),
    close(): void {
      deps.bus.off('alert.raised', onRaised);
      deps.bus.off('alert.updated', onUpdated);
      deps.bus.off('alert.cleared', onCleared);
    },
  };
}

export type CaseModule = ReturnType<typeof createCaseModule>;
