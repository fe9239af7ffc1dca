import type { Router } from 'express';
import type { IngestKeys } from '../backend/auth/ingest-keys.js';
import type { Logger } from '../backend/platform/logger.js';
import type { RegionTree } from '../backend/regions/tree.js';
import type { CollectorPort } from './port.js';

/** What an in-process collector may use: the port and its own context, nothing else. */
export interface CollectorDeps {
  port: CollectorPort;
  /** Current ingest keys (key → source); rotated keys show up here without a restart. */
  keys: () => IngestKeys;
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

/** The region tree, for collectors that only place things. */
export const regionsOf = (deps: CollectorDeps): RegionTree => deps.port.regions;

/** A collector running inside the backend: its routes and what to close at shutdown. */
export interface Collector {
  name: string;
  routers: Router[];
  close(): void | Promise<void>;
}
