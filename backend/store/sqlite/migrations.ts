import { runMigrations } from '../../platform/durable-db.js';
import type Database from 'better-sqlite3';
// The shipped step's SQL text is unchanged: these constants print as 28800000 and 86400000.
import { COUNTY_OFFSET_MS, DAY_MS } from '#contracts/county-time';

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
  // Counts per hour and per Asia/Shanghai day, for the county and for each town, so a one-year
  // trend reads ~10k rows instead of millions of reports.
  `CREATE TABLE rollups (
     grain     TEXT NOT NULL,
     bucket    INTEGER NOT NULL,
     scope     TEXT NOT NULL,
     source    TEXT NOT NULL,
     category  TEXT NOT NULL,
     n         INTEGER NOT NULL,
     PRIMARY KEY (grain, scope, bucket, source, category)
   ) WITHOUT ROWID;
   INSERT INTO rollups (grain, bucket, scope, source, category, n)
     SELECT g.grain, g.bucket, g.scope, source, category, count(*) FROM (
       SELECT 'hour' AS grain, (occurred_at / 3600000) * 3600000 AS bucket, substr(region_code, 1, 6) AS scope, source, category FROM reports
       UNION ALL SELECT 'hour', (occurred_at / 3600000) * 3600000, substr(region_code, 1, 9), source, category FROM reports
       UNION ALL SELECT 'day', ((occurred_at + ${COUNTY_OFFSET_MS}) / ${DAY_MS}) * ${DAY_MS} - ${COUNTY_OFFSET_MS}, substr(region_code, 1, 6), source, category FROM reports
       UNION ALL SELECT 'day', ((occurred_at + ${COUNTY_OFFSET_MS}) / ${DAY_MS}) * ${DAY_MS} - ${COUNTY_OFFSET_MS}, substr(region_code, 1, 9), source, category FROM reports
     ) g GROUP BY 1, 2, 3, 4, 5;`,
  // Text understanding and triage (collectors).
  `ALTER TABLE reports ADD COLUMN category_inferred INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE reports ADD COLUMN urgency REAL NOT NULL DEFAULT 0;
   ALTER TABLE reports ADD COLUMN negativity REAL NOT NULL DEFAULT 0;
   ALTER TABLE reports ADD COLUMN repeat_of TEXT;
   ALTER TABLE reports ADD COLUMN triage TEXT;`,
  // 4: the judgement of each report (colour, category, confidence, explanation, model), as JSON.
  `ALTER TABLE reports ADD COLUMN judgement TEXT;`,
  // 5: the search order (GET /api/v1/reports: newest first, ties by id) straight from an index, so
  // a page walks it from its cursor and stops at `limit` instead of sorting the range.
  `CREATE INDEX reports_time_id ON reports (occurred_at, id);`,
];

export { runMigrations };

export function migrate(db: Database.Database): void {
  runMigrations(db, MIGRATIONS);
}
