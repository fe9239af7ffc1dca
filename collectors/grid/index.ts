import { join } from 'node:path';
import type { Collector, CollectorDeps } from '../collector.js';
import { GridBatchService } from './batch.js';
import { GridLedger } from './ledger.js';
import { gridRouter } from './routes.js';
import { WorkerDirectory } from './workers.js';

export const GRID_WORKERS_FILE = 'grid-workers.json';

/** The grid collector, with what the built-in simulator files visits through. */
export interface GridCollector extends Collector {
  batches: GridBatchService;
  workers: WorkerDirectory;
  /** Where workers filed located problems, newest first (GridLedger.located). */
  located: (limit: number) => Array<{ regionCode: string; lat: number; long: number }>;
}

/**
 * The grid-worker (网格员) collector: the app's batch endpoint (problems and visits, replayable),
 * the worker directory that binds each worker to their groups, and the "all quiet" evidence.
 */
export function createGridCollector(deps: CollectorDeps): GridCollector {
  const workers = new WorkerDirectory(
    deps.configDir ? join(deps.configDir, GRID_WORKERS_FILE) : null,
    deps.port.regions,
    deps.log,
  );
  const ledger = new GridLedger(deps.dataDir);
  const batches = new GridBatchService({
    ingest: deps.port,
    regions: deps.port.regions,
    workers,
    ledger,
    clock: deps.clock,
    log: deps.log,
  });
  const router = gridRouter({
    batches,
    keys: deps.keys,
    regions: deps.port.regions,
    quiet: { regions: deps.port.regions, ledger, reports: deps.port, workers, clock: deps.clock },
  });
  return {
    name: 'grid',
    routers: [router],
    close: () => ledger.close(),
    batches,
    workers,
    located: (limit) => ledger.located(limit),
  };
}
