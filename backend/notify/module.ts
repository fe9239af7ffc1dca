import type { Router } from 'express';
import type { Case, ChannelHealth } from '#contracts';
import type { Auth } from '../auth/middleware.js';
import type { EventBus } from '../events/bus.js';
import type { DurableDb } from '../platform/durable-db.js';
import type { Logger } from '../platform/logger.js';
import type { RegionTree } from '../regions/tree.js';
import type { Job } from '../schedules/jobs.js';
import type { UserDirectory } from '../users/directory.js';
import { loadNotifySetup } from './config.js';
import { NoticeLog } from './notice-log.js';
import { Notifier } from './notifier.js';
import { OutboxRepository } from './outbox.js';
import { notifyRouter } from './routes.js';
import { SilenceBook } from './silences.js';
import { OutboxWorker } from './worker.js';

export interface NotifyDeps {
  /**
   * The workflow database. Notify's tables (notices, outbox, silences) live beside the cases so a
   * case step and its notifications commit in one transaction; only notify's repositories
   * (NoticeLog, OutboxRepository, SilenceBook) touch them.
   */
  db: DurableDb;
  /** notify.json lives here; no channels without it. */
  configDir?: string;
  regions: RegionTree;
  users: UserDirectory;
  /** How long robot messages of a level wait to be grouped (the response policy). */
  groupWindowMs: (level: Case['level']) => number;
  bus: EventBus;
  clock: () => number;
  log: Logger;
  /** Send due messages straight away instead of waiting for the next drain job. */
  kickOutbox?: boolean;
}

export interface NotifyModule {
  notifier: Notifier;
  worker: OutboxWorker;
  outbox: OutboxRepository;
  silences: SilenceBook;
  notices: NoticeLog;
  /** Drain the outbox soon (after a case step queued messages due now). */
  kick(): void;
  router(auth: Auth): Router;
  jobs: Job[];
  health(): { ok: boolean; channels: ChannelHealth[] };
  close(): Promise<void>;
}

/** Notices for leaders and robot messages (DingTalk, WeCom, Feishu, webhook) with their outbox. */
export function createNotify(deps: NotifyDeps): NotifyModule {
  const { clock, log } = deps;
  const setup = loadNotifySetup(deps.configDir);
  const silences = new SilenceBook(deps.db);
  const outbox = new OutboxRepository(deps.db);
  const notices = new NoticeLog(deps.db);
  const worker = new OutboxWorker({
    outbox,
    channels: setup.channels,
    retry: setup.file.retry,
    log,
    onHealth: (health) => deps.bus.emit('notify.health', health),
  });
  const drain = () => worker.drain(clock());
  const notifier = new Notifier({
    notices,
    tree: deps.regions,
    users: deps.users,
    groupWindowMs: deps.groupWindowMs,
    silences,
    outbox,
    channels: setup.channels,
    config: setup.file,
  });
  return {
    notifier,
    worker,
    outbox,
    silences,
    notices,
    kick: () => {
      if (!deps.kickOutbox) return;
      setImmediate(() => {
        drain().catch((e: unknown) => log.error(`outbox drain failed: ${String(e)}`));
      });
    },
    router: (auth) => notifyRouter({ auth, notices, silences, worker, clock }),
    jobs: [
      { name: 'outbox-drain', cron: '*/2 * * * * *', run: () => drain().then(() => undefined) },
    ],
    health: () => {
      const channels = worker.health();
      return { ok: channels.every((c) => !c.failing), channels };
    },
    close: () => worker.stop(),
  };
}
