import type { Router } from 'express';
import type { Case, OrderChanged, Report, Source, WorkOrder } from '#contracts';
import type { Auth } from '../auth/middleware.js';
import type { ResponsePolicy } from '../cases/policy.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../platform/logger.js';
import type { RegionTree } from '../regions/tree.js';
import type { Job } from '../schedules/jobs.js';
import type { ReportReader } from '../store/store.js';
import { OrderTallies } from './assessment-tallies.js';
import { Attachments } from './attachments.js';
import { OrderCore, placeOf, publicOrder } from './core.js';
import { openOrdersDb } from './db.js';
import { OrderIntake, type CaseFinder } from './intake.js';
import { OrderRepository } from './order-repo.js';
import { ordersRouter } from './routes.js';
import { OrderService } from './service.js';
import { OrderSweep } from './sweep.js';

/** Reports taken into orders per transaction (about 50 µs each). */
const CHUNK = 250;
/** How long a report may wait for its order: a single report's own fsync would cost more. */
const FLUSH_MS = 100;
/** A restart looks again at reports from this long before the newest order (a crash's gap). */
const CATCH_UP_MARGIN_MS = 10 * 60_000;
/** With no order yet (a first start on old data), the last day's reports become orders. */
const FIRST_START_WINDOW_MS = 24 * 3600_000;
/** An alert case gathers the open orders of its place and category from this long before. */
export const GATHER_WINDOW_MS = 2 * 3600_000;

export interface OrdersModuleDeps {
  dataDir?: string;
  policy: ResponsePolicy;
  regions: RegionTree;
  bus: EventBus;
  clock: () => number;
  log: Logger;
  /** The active alert case that covers a report, if any. */
  caseFor?: CaseFinder;
}

/**
 * Work orders (工单): one for every accepted report, opened from the bus, worked through the
 * cycle by people over HTTP, swept for deadlines by a job, gathered under alert cases.
 */
export function createOrdersModule(deps: OrdersModuleDeps) {
  const { bus, clock, log } = deps;
  const db = openOrdersDb(deps.dataDir);
  const core = new OrderCore({
    repo: new OrderRepository(db, (code) => placeOf(deps.regions, code)),
    tree: deps.regions,
    policy: deps.policy,
    bus,
    log,
  });
  const attachments = new Attachments(db, deps.dataDir);
  const intake = new OrderIntake(core, deps.caseFor);
  const service = new OrderService(core, attachments, clock);
  const sweep = new OrderSweep(core, service);

  // Reports arrive one by one or in batches of a thousand; they become orders shortly after, off
  // the path that answered the sender, gathered so that one transaction (one fsync, which holds
  // the event loop) takes up to CHUNK of them: at most every FLUSH_MS, at once when CHUNK wait.
  // A crash in between is caught up by `warmUp` at the next start.
  let pending: Report[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (all = false) => {
    if (timer) clearTimeout(timer);
    timer = null;
    do {
      const batch = pending.slice(0, CHUNK);
      pending = pending.slice(batch.length);
      try {
        intake.take(batch);
      } catch (err) {
        log.error(
          `orders: ${batch.length} report(s) not taken in: ${(err as Error).stack ?? String(err)}`,
        );
      }
    } while (all && pending.length > 0);
    schedule();
  };
  const schedule = () => {
    if (timer || pending.length === 0) return;
    timer = setTimeout(() => flush(), pending.length >= CHUNK ? 0 : FLUSH_MS);
  };
  const onReport = (report: Report) => {
    pending.push(report);
    schedule();
  };
  const guard =
    <T>(name: string, fn: (x: T) => unknown) =>
    (x: T) => {
      try {
        fn(x);
      } catch (err) {
        log.error(`orders: ${name} failed: ${(err as Error).stack ?? String(err)}`);
      }
    };
  const onCorrected = guard('recolour', (r: Report) => service.recolour(r));
  const onCase = guard('gather', (c: Case) =>
    service.gather(c.id, c.regionCode, c.category, c.openedAt - GATHER_WINDOW_MS),
  );
  bus.on('report.accepted', onReport);
  bus.on('report.corrected', onCorrected);
  bus.on('case.opened', onCase);

  const jobs: Job[] = [
    { name: 'order-deadline-sweep', cron: '*/5 * * * * *', run: () => void sweep.sweep(clock()) },
  ];

  return {
    service,
    intake,
    sweep,
    jobs,
    /** What 考核 reads: tallies of orders by place (backend/assessment). */
    tallies: new OrderTallies(db),
    router: (auth: Auth): Router => ordersRouter({ auth, orders: service }),
    /** Take in what a crash left between a report's 2xx and its order. */
    async warmUp(reader: ReportReader, now = clock()): Promise<number> {
      const latest = core.repo.latestOpenedAt();
      const from = latest === null ? now - FIRST_START_WINDOW_MS : latest - CATCH_UP_MARGIN_MS;
      const reports = await reader.since(from);
      return intake.take([...reports].sort((a, b) => a.receivedAt - b.receivedAt));
    },
    /** The order a report belongs to (the resident's and the call centre's status). */
    orderOfReport(reportId: string): WorkOrder | null {
      const o = core.repo.orderOfReport(reportId);
      return o ? publicOrder(o) : null;
    },
    /** Every step after it committed (the hotline collector's callback listens, via its port). */
    onChanged(listener: (change: OrderChanged) => void): () => void {
      bus.on('order.changed', listener);
      return () => void bus.off('order.changed', listener);
    },
    /** The order a sender's report opened, by the sender's own number (the call centre's). */
    byExternal(source: Source, externalId: string): WorkOrder | null {
      const o = core.repo.byExternal(source, externalId);
      return o ? publicOrder(o) : null;
    },
    /** The sender's own number of the report that opened the order. */
    externalIdOf(orderId: string): string | null {
      return core.repo.get(orderId)?.externalId ?? null;
    },
    /** Every report an order gathered (its `reportIds` carry only the first 100). */
    reportIdsOf(orderId: string): string[] {
      return core.repo.allReportIds(orderId);
    },
    /** Take in every report handed over and not yet taken in (shutdown). */
    flush: () => flush(true),
    close(): void {
      bus.off('report.accepted', onReport);
      bus.off('report.corrected', onCorrected);
      bus.off('case.opened', onCase);
      flush(true);
      db.close();
    },
  };
}

export type OrdersModule = ReturnType<typeof createOrdersModule>;
