/**
 * The embedded store's own ceiling, for ingest-batch: the same reports inserted with raw
 * better-sqlite3 into the backend's schema (its migrations), WAL with synchronous=FULL, one
 * transaction per batch, as the store commits them. No HTTP, validation, rules or rollups.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate } from '../backend/store/sqlite/migrations.js';
import { toRow } from '../backend/store/sqlite/rows.js';
import { tempDir } from './lib.js';
import { seedReports } from './seed.js';

export function sqliteCeiling(opts: { reports: number; batch: number }): { rowsPerSec: number } {
  const dir = tempDir('minqing-ceiling-');
  try {
    const db = new Database(join(dir.path, 'ceiling.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('cache_size = -65536');
    migrate(db);
    const columns = Object.keys(toRow([...seedReports({ days: 1, perDay: 1, endAt: 0 })][0]!));
    const insert = db.prepare(
      `INSERT OR IGNORE INTO reports (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    const commit = db.transaction((rows: ReturnType<typeof toRow>[]) => {
      for (const row of rows) insert.run(row);
    });
    const rows = [...seedReports({ days: 1, perDay: opts.reports, endAt: Date.now() })].map(toRow);
    const started = performance.now();
    for (let i = 0; i < rows.length; i += opts.batch) commit(rows.slice(i, i + opts.batch));
    const seconds = (performance.now() - started) / 1000;
    db.close();
    return { rowsPerSec: Math.round(rows.length / seconds) };
  } finally {
    dir.remove();
  }
}
