import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateCases } from './migrations.js';

export type CasesDb = Database.Database;

/**
 * cases.db beside the reports store: its own file, so the case workflow never touches the
 * reports' schema. Without a data dir (benchmarks, embedded uses) it lives in memory.
 */
export function openCasesDb(dataDir: string | undefined, file = 'cases.db'): CasesDb {
  let db: CasesDb;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, file));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  } else {
    db = new Database(':memory:');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrateCases(db);
  return db;
}
