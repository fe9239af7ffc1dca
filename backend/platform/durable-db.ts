import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A database opened by `openDurableDb`. */
export type DurableDb = Database.Database;

/** Run the steps a database has not seen yet, each in its own transaction. */
export function runMigrations(db: Database.Database, steps: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let step = current; step < steps.length; step++) {
    const sql = steps[step];
    if (sql === undefined) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}

/**
 * A module's own SQLite file in DATA_DIR (cases.db, grid.db, open311.db…): WAL with
 * synchronous=FULL, so whatever a 2xx answered for is on disk, and its schema steps run by the
 * one migration runner. Without a data dir (tests, benchmarks) it lives in memory.
 */
export function openDurableDb(
  dataDir: string | undefined,
  file: string,
  migrations: readonly string[],
): Database.Database {
  let db: Database.Database;
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
  runMigrations(db, migrations);
  return db;
}
