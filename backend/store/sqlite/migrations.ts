import type Database from 'better-sqlite3';

/** Ordered schema steps; `user_version` records how many have run. Never edit a shipped step. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE reports (
     seq          INTEGER PRIMARY KEY,
     id           TEXT NOT NULL UNIQUE,
     source       TEXT NOT NULL,
     external_id  TEXT NOT NULL,
     occurred_at  INTEGER NOT NULL,
     received_at  INTEGER NOT NULL,
     region_code  TEXT NOT NULL,
     category     TEXT NOT NULL,
     text         TEXT NOT NULL,
     reporter_name TEXT,
     phone_masked TEXT,
     phone_hash   TEXT,
     lat          REAL,
     lng          REAL,
     address      TEXT,
     level        TEXT NOT NULL,
     rule_id      TEXT,
     UNIQUE (source, external_id)
   );
   CREATE INDEX reports_occurred_at ON reports (occurred_at);
   CREATE INDEX reports_region_time ON reports (region_code, occurred_at);`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let step = current; step < MIGRATIONS.length; step++) {
    const sql = MIGRATIONS[step];
    if (sql === undefined) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${step + 1}`);
    })();
  }
}
