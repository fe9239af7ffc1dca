import type { Router } from 'express';
import type { IngestKeys } from '../backend/auth/ingest-keys.js';
import type { CaseModule } from '../backend/cases/module.js';
import type { Logger } from '../backend/logger.js';
import type { RegionTree } from '../backend/regions/tree.js';
import type { IngestService } from '../backend/reports/ingest.js';
import type { ReportStore } from '../backend/store/store.js';

/** What an in-process collector may use: the one ingest path and read-only context. */
export interface CollectorDeps {
  ingest: IngestService;
  regions: RegionTree;
  /** Current ingest keys (key → source); rotated keys show up here without a restart. */
  keys: () => IngestKeys;
  store: ReportStore;
  /** Case state, for statuses shown back to residents (Open311). */
  cases: CaseModule;
  clock: () => number;
  log: Logger;
  /** Where a collector keeps its own ledger (SQLite); in memory without it. */
  dataDir?: string;
  /** Where collector config lives (grid-workers.json, hotline category map); defaults without it. */
  configDir?: string;
  phoneSalt: string;
  /** Built pages (dashboard/dist): the village QR page; it answers 503 without them. */
  wallDir?: string;
}

/** A collector running inside the backend: its routes and what to close at shutdown. */
export interface Collector {
  name: string;
  routers: Router[];
  close(): void | Promise<void>;
}
