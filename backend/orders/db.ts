import type Database from 'better-sqlite3';
import { openDurableDb } from '../platform/durable-db.js';
import { ORDER_MIGRATIONS } from './migrations.js';

export type OrdersDb = Database.Database;

/**
 * orders.db beside the reports store: its own file, so work orders never touch the reports' or
 * the cases' schema. Without a data dir (benchmarks, embedded uses) it lives in memory.
 */
export function openOrdersDb(dataDir: string | undefined, file = 'orders.db'): OrdersDb {
  return openDurableDb(dataDir, file, ORDER_MIGRATIONS);
}
