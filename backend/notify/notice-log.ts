import type { Level, Notice, NoticeKind } from '#contracts';
import type { DurableDb } from '../platform/durable-db.js';

interface NoticeRow {
  id: string;
  user_id: string;
  case_id: string;
  kind: string;
  level: string;
  title: string;
  body: string;
  created_at: number;
  status: string;
  silence_id: string | null;
}

/** The notices kept for each user (sent and silenced alike): notify's own table. */
export class NoticeLog {
  private readonly stmts;

  constructor(db: DurableDb) {
    this.stmts = {
      forUser: db.prepare(
        `SELECT * FROM notices WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
      forCase: db.prepare(`SELECT * FROM notices WHERE case_id = ? ORDER BY created_at, rowid`),
      count: db.prepare(`SELECT count(*) FROM notices`).pluck(),
      insert: db.prepare(
        `INSERT OR IGNORE INTO notices (id, dedupe_key, user_id, case_id, kind, level, title, body,
         created_at, status, silence_id)
       VALUES (@id, @dedupe_key, @userId, @caseId, @kind, @level, @title, @body, @createdAt,
         @status, @silenceId)`,
      ),
    };
  }

  /** Record a notice once per dedupe key; true when it is new. */
  record(notice: Notice, dedupeKey: string): boolean {
    return this.stmts.insert.run({ ...notice, dedupe_key: dedupeKey }).changes === 1;
  }

  forUser(userId: string, limit: number): Notice[] {
    return (this.stmts.forUser.all(userId, limit) as NoticeRow[]).map(fromRow);
  }

  forCase(caseId: string): Notice[] {
    return (this.stmts.forCase.all(caseId) as NoticeRow[]).map(fromRow);
  }

  count(): number {
    return this.stmts.count.get() as number;
  }
}

function fromRow(row: NoticeRow): Notice {
  return {
    id: row.id,
    userId: row.user_id,
    caseId: row.case_id,
    kind: row.kind as NoticeKind,
    level: row.level as Exclude<Level, 'none'>,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    status: row.status as Notice['status'],
    silenceId: row.silence_id,
  };
}
