import type Database from 'better-sqlite3';
import { openDurableDb } from '../platform/durable-db.js';
import { CASE_MIGRATIONS } from './migrations.js';

export type CasesDb = Database.Database;

/**
 * cases.db beside the reports store: its own file, so the case workflow never touches the
 * reports' schema. Without a data dir (benchmarks, embedded uses) it lives in memory.
 */
export function openCasesDb(dataDir: string | undefined, file = 'cases.db'): CasesDb {
  return openDurableDb(dataDir, file, CASE_MIGRATIONS);
}
