import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { Server } from 'socket.io';
import type { Alert, ChannelHealth } from '../../contracts/index.js';
import type { Auth } from '../auth/middleware.js';
import { deploymentSecret } from '../auth/ingest-keys.js';
import { authRouter } from '../auth/routes.js';
import { SessionTokens } from '../auth/session.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../logger.js';
import { loadNotifySetup } from '../notify/config.js';
import { NoticeLog } from '../notify/notice-log.js';
import { Notifier } from '../notify/notifier.js';
import { OutboxRepository } from '../notify/outbox.js';
import { notifyRouter } from '../notify/routes.js';
import { openApiRouter } from '../openapi/routes.js';
import { SilenceBook } from '../notify/silences.js';
import { OutboxWorker } from '../notify/worker.js';
import { attachLeader } from '../realtime/leader.js';
import type { RegionTree } from '../regions/tree.js';
import type { Job } from '../schedules/jobs.js';
import { UserDirectory } from '../users/directory.js';
import { AlertCases } from './alert-cases.js';
import { CaseRepository } from './case-repo.js';
import { CaseService } from './case-service.js';
import { CaseCore } from './core.js';
import { openCasesDb } from './db.js';
import { ResponsePolicy } from './policy.js';
import { casesRouter } from './routes.js';
import { DeadlineSweep } from './sweep.js';

export interface CaseModuleDeps {
  /** cases.db and the session secret live here; in memory without it. */
  dataDir?: string;
  /** policy.json, users.json, notify.json; defaults (and no users) without it. */
  configDir?: string;
  regions: RegionTree;
  bus: EventBus;
  clock: () => number;
  log: Logger;
  activeAlerts: () => Alert[];
  /** Refuse demo users at login. */
  production?: boolean;
  /** Send due messages straight away instead of waiting for the next drain job. */
  kickOutbox?: boolean;
}

/**
 * Cases, users and notifications as one unit for createApp: its routers, its jobs (deadline
 * sweep, outbox drain), its realtime namespace, its readiness check.
 */
export function createCaseModule(deps: CaseModuleDeps) {
  const { clock, log } = deps;
  const db = openCasesDb(deps.dataDir);
  const policy = ResponsePolicy.load(deps.configDir);
  const users = UserDirectory.load(deps.configDir, deps.regions, deps.production ?? false);
  const setup = loadNotifySetup(deps.configDir);
  const repo = new CaseRepository(db);
  const silences = new SilenceBook(db);
  const outbox = new OutboxRepository(db);
  const worker = new OutboxWorker({
    outbox,
    channels: setup.channels,
    retry: setup.file.retry,
    log,
    onHealth: (health) => deps.bus.emit('notify.health', health),
  });
  const drain = () => worker.drain(clock());
  const notifier = new Notifier({
    db,
    tree: deps.regions,
    users,
    policy,
    silences,
    outbox,
    channels: setup.channels,
    config: setup.file,
  });
  const core = new CaseCore({
    repo,
    notifier,
    policy,
    tree: deps.regions,
    users,
    bus: deps.bus,
    log,
    kick: () => {
      if (!deps.kickOutbox) return;
      setImmediate(() => {
        drain().catch((e: unknown) => log.error(`outbox drain failed: ${String(e)}`));
      });
    },
  });
  const alertCases = new AlertCases(core, clock);
  const cases = new CaseService(core, clock);
  const sweep = new DeadlineSweep(core);
  const secret = deps.dataDir
    ? deploymentSecret(deps.dataDir, 'session')
    : randomBytes(32).toString('hex');
  const auth: Auth = { tokens: new SessionTokens(secret, clock), users };

  // Live alerts only: the monitor mutes the bus while it replays, so a restart re-opens nothing.
  // A failure here must never reach the monitor that emitted the alert (or the ingest behind it).
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
  if (reconciled > 0) log.info(`cases: opened ${reconciled} case(s) for alerts that had none`);

  const routers: Router[] = [
    authRouter(auth, clock),
    casesRouter({ auth, cases, repo, activeAlerts: deps.activeAlerts }),
    notifyRouter({ auth, db, silences, worker, clock }),
    openApiRouter(),
  ];
  const jobs: Job[] = [
    { name: 'case-deadline-sweep', cron: '*/15 * * * * *', run: () => void sweep.sweep(clock()) },
    { name: 'outbox-drain', cron: '*/2 * * * * *', run: () => drain().then(() => undefined) },
  ];
  let leader: ReturnType<typeof attachLeader> | null = null;

  return {
    db,
    policy,
    users,
    auth,
    repo,
    cases,
    alertCases,
    sweep,
    outbox,
    worker,
    silences,
    notices: new NoticeLog(db),
    routers,
    jobs,
    /** Active alerts whose case still waits for 签收 (the wall's red takeover). */
    awaitingAck: (): string[] => repo.awaitingAckAlertIds(),
    health: (): { ok: boolean; channels: ChannelHealth[] } => {
      const channels = worker.health();
      return { ok: channels.every((c) => !c.failing), channels };
    },
    attach(io: Server): void {
      leader = attachLeader(io, deps.bus, auth, deps.regions);
    },
    async close(): Promise<void> {
      await worker.stop();
      deps.bus.off('alert.raised', onRaised);
      deps.bus.off('alert.updated', onUpdated);
      deps.bus.off('alert.cleared', onCleared);
      leader?.detach();
      db.close();
    },
  };
}

export type CaseModule = ReturnType<typeof createCaseModule>;
