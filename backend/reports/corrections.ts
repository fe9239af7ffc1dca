import { v7 as uuidv7 } from 'uuid';
import type { Correction, CorrectionBody, Report } from '#contracts';
import { judgedRuleId } from '#contracts';
import { openDurableDb, type DurableDb } from '../platform/durable-db.js';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE corrections (
     seq               INTEGER PRIMARY KEY,
     id                TEXT NOT NULL UNIQUE,
     report_id         TEXT NOT NULL,
     colour            TEXT NOT NULL,
     category          TEXT NOT NULL,
     previous_colour   TEXT NOT NULL,
     previous_category TEXT NOT NULL,
     reason            TEXT NOT NULL,
     user_id           TEXT NOT NULL,
     user_name         TEXT NOT NULL,
     at                INTEGER NOT NULL,
     -- What the trainer needs without the reports store: the text and where it came from.
     text              TEXT NOT NULL,
     source            TEXT NOT NULL
   );
   CREATE INDEX corrections_report ON corrections (report_id, seq);`,
];

interface CorrectionRow {
  id: string;
  report_id: string;
  colour: string;
  category: string;
  previous_colour: string;
  previous_category: string;
  reason: string;
  user_id: string;
  user_name: string;
  at: number;
  text: string;
  source: string;
}

function fromRow(row: CorrectionRow): Correction {
  return {
    id: row.id,
    reportId: row.report_id,
    colour: row.colour as Correction['colour'],
    category: row.category as Correction['category'],
    previousColour: row.previous_colour as Correction['previousColour'],
    previousCategory: row.previous_category as Correction['previousCategory'],
    reason: row.reason,
    userId: row.user_id,
    userName: row.user_name,
    at: row.at,
  };
}

/** A correction with the text it was made on: one training row for the judgement. */
export interface CorrectionExport extends Correction {
  text: string;
  source: Report['source'];
}

/**
 * Dispatchers' corrections of reports' colour and category, in their own durable file
 * (corrections.db): the reports store stays append-only, and a correction is applied when a
 * report is read by those who act on it (the sentiment engine, the report's page). The latest
 * correction of a report wins; all are kept with who, when and why.
 */
export class CorrectionBook {
  private readonly db: DurableDb;
  private readonly latest = new Map<string, Correction>();
  private readonly stmts;

  constructor(dataDir: string | undefined) {
    this.db = openDurableDb(dataDir, 'corrections.db', MIGRATIONS);
    this.stmts = {
      insert: this.db.prepare(
        `INSERT INTO corrections (id, report_id, colour, category, previous_colour,
           previous_category, reason, user_id, user_name, at, text, source)
         VALUES (@id, @reportId, @colour, @category, @previousColour, @previousCategory,
           @reason, @userId, @userName, @at, @text, @source)`,
      ),
      all: this.db.prepare(`SELECT * FROM corrections ORDER BY seq`),
      forReport: this.db.prepare(`SELECT * FROM corrections WHERE report_id = ? ORDER BY seq`),
    };
    // Corrections are few (people make them): all of them fit in memory for the replay.
    for (const row of this.stmts.all.all() as CorrectionRow[]) {
      this.latest.set(row.report_id, fromRow(row));
    }
  }

  /** Record a correction of `report` (as it reads now) by a user; returns it. */
  correct(
    report: Report,
    body: CorrectionBody,
    user: { id: string; name: string },
    at: number,
  ): Correction {
    const current = this.apply(report);
    const correction: Correction = {
      id: uuidv7(),
      reportId: report.id,
      colour: body.colour ?? current.level,
      category: body.category ?? current.category,
      previousColour: current.level,
      previousCategory: current.category,
      reason: body.reason,
      userId: user.id,
      userName: user.name,
      at,
    };
    this.stmts.insert.run({ ...correction, text: report.text, source: report.source });
    this.latest.set(report.id, correction);
    return correction;
  }

  /** The report as corrected (level, category, the hold its colour gives), or as it was. */
  apply(report: Report): Report {
    const c = this.latest.get(report.id);
    if (!c) return report;
    const held = c.colour === 'red' || c.colour === 'orange' ? judgedRuleId(c.colour) : null;
    return { ...report, level: c.colour, category: c.category, ruleId: held, correction: c };
  }

  /** Ids of the reports whose latest correction satisfies `match` (corrections are few). */
  correctedIds(match: (latest: Correction) => boolean): string[] {
    return [...this.latest.values()].filter(match).map((c) => c.reportId);
  }

  history(reportId: string): Correction[] {
    return (this.stmts.forReport.all(reportId) as CorrectionRow[]).map(fromRow);
  }

  /** Every report's latest correction with its text, oldest first (training rows). */
  exportLatest(): CorrectionExport[] {
    const rows = this.stmts.all.all() as CorrectionRow[];
    const last = new Map<string, CorrectionRow>();
    for (const row of rows) last.set(row.report_id, row);
    return [...last.values()].map((row) => ({
      ...fromRow(row),
      text: row.text,
      source: row.source as Report['source'],
    }));
  }

  close(): void {
    this.db.close();
  }
}
