import type Database from 'better-sqlite3';
import { openDurableDb } from '../../backend/platform/durable-db.js';

/** A visit as the ledger keeps it (texts already phone-masked). */
export interface VisitRow {
  id: string;
  workerId: string;
  clientId: string;
  deviceId: string | null;
  regionCode: string;
  villageCode: string;
  occurredAt: number;
  receivedAt: number;
  households: number | null;
  quiet: boolean;
  note: string | null;
  concerns: string | null;
  /** The report filed for the concerns, if any. */
  problemId: string | null;
}

/** A problem the app filed: which report its (worker, client id) became. */
export interface ProblemRow {
  workerId: string;
  clientId: string;
  reportId: string;
  regionCode: string;
  occurredAt: number;
  receivedAt: number;
  /** Where the worker stood when filing it, when the app sent coordinates. */
  lat: number | null;
  lng: number | null;
}

export interface VillageVisits {
  villageCode: string;
  visits: number;
  quietVisits: number;
  households: number;
}

/** Schema steps, run once each by the migration runner; never edit a shipped step. */
const MIGRATIONS = [
  `
CREATE TABLE IF NOT EXISTS visits (
  id TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  device_id TEXT,
  region_code TEXT NOT NULL,
  village_code TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  households INTEGER,
  quiet INTEGER NOT NULL,
  note TEXT,
  concerns TEXT,
  problem_id TEXT,
  UNIQUE (worker_id, client_id)
);
CREATE INDEX IF NOT EXISTS visits_village_time ON visits (village_code, occurred_at);
CREATE TABLE IF NOT EXISTS problems (
  worker_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  report_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (worker_id, client_id)
);`,
  // Where a worker filed a located problem: evidence of where a village lies (the Open311
  // collector places a coordinates-only request on the nearest village it knows).
  `
ALTER TABLE problems ADD COLUMN lat REAL;
ALTER TABLE problems ADD COLUMN lng REAL;
CREATE INDEX IF NOT EXISTS problems_located ON problems (received_at) WHERE lat IS NOT NULL;`,
];

/**
 * grid.db: the visits (走访) and which report each filed problem became. Its own file beside the
 * reports store, so a visit, which is not a report, never touches the reports' schema. WAL with
 * `synchronous=FULL`: a 202 means the visit is on disk. In memory without a data dir.
 */
export class GridLedger {
  private readonly db: Database.Database;
  private readonly insertVisit;
  private readonly visitByClient;
  private readonly insertProblem;

  constructor(dataDir: string | undefined) {
    this.db = openDurableDb(dataDir, 'grid.db', MIGRATIONS);
    // INSERT OR IGNORE on UNIQUE (worker_id, client_id): a replayed visit changes nothing.
    this.insertVisit = this.db.prepare(
      `INSERT OR IGNORE INTO visits (id, worker_id, client_id, device_id, region_code, village_code,
         occurred_at, received_at, households, quiet, note, concerns, problem_id)
       VALUES (@id, @workerId, @clientId, @deviceId, @regionCode, @villageCode, @occurredAt,
         @receivedAt, @households, @quiet, @note, @concerns, @problemId)`,
    );
    this.visitByClient = this.db.prepare(
      'SELECT id, problem_id AS problemId FROM visits WHERE worker_id = ? AND client_id = ?',
    );
    this.insertProblem = this.db.prepare(
      `INSERT OR IGNORE INTO problems (worker_id, client_id, report_id, region_code, occurred_at,
         received_at, lat, lng)
       VALUES (@workerId, @clientId, @reportId, @regionCode, @occurredAt, @receivedAt, @lat, @lng)`,
    );
  }

  /** Which of these client ids this worker already filed as problems: client id → report id. */
  knownProblems(workerId: string, clientIds: readonly string[]): Map<string, string> {
    const known = new Map<string, string>();
    const select = this.db.prepare(
      'SELECT report_id AS reportId FROM problems WHERE worker_id = ? AND client_id = ?',
    );
    for (const clientId of new Set(clientIds)) {
      const row = select.get(workerId, clientId) as { reportId: string } | undefined;
      if (row) known.set(clientId, row.reportId);
    }
    return known;
  }

  /**
   * Record filed problems and visits in one transaction. Each visit comes back with the id stored
   * the first time and whether it was already there.
   */
  record(
    problems: readonly ProblemRow[],
    visits: readonly VisitRow[],
  ): Array<{ id: string; problemId: string | null; duplicate: boolean }> {
    return this.db.transaction(() => {
      for (const p of problems) this.insertProblem.run(p);
      return visits.map((v) => {
        const inserted = this.insertVisit.run({ ...v, quiet: v.quiet ? 1 : 0 }).changes === 1;
        if (inserted) return { id: v.id, problemId: v.problemId, duplicate: false };
        const first = this.visitByClient.get(v.workerId, v.clientId) as {
          id: string;
          problemId: string | null;
        };
        return { id: first.id, problemId: first.problemId, duplicate: true };
      });
    })();
  }

  /** The newest `limit` problems filed with coordinates: where, and under which region code. */
  located(limit: number): Array<{ regionCode: string; lat: number; long: number }> {
    return this.db
      .prepare(
        `SELECT region_code AS regionCode, lat, lng AS long FROM problems
         WHERE lat IS NOT NULL ORDER BY received_at DESC LIMIT ?`,
      )
      .all(limit) as Array<{ regionCode: string; lat: number; long: number }>;
  }

  /** Visits per village whose code starts with `prefix`, occurred in [from, to). */
  visitsIn(prefix: string, from: number, to: number): VillageVisits[] {
    return this.db
      .prepare(
        `SELECT village_code AS villageCode, count(*) AS visits, sum(quiet) AS quietVisits,
           coalesce(sum(households), 0) AS households
         FROM visits WHERE village_code >= ? AND village_code < ? AND occurred_at >= ? AND occurred_at < ?
         GROUP BY village_code`,
      )
      .all(prefix, `${prefix}~`, from, to) as VillageVisits[];
  }

  /** The latest visit of each village under `prefix`, whenever it was. */
  lastVisits(prefix: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT village_code AS villageCode, max(occurred_at) AS at FROM visits
         WHERE village_code >= ? AND village_code < ? GROUP BY village_code`,
      )
      .all(prefix, `${prefix}~`) as Array<{ villageCode: string; at: number }>;
    return new Map(rows.map((r) => [r.villageCode, r.at]));
  }

  visitCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
