import type { LoginAuditEntry, LoginAuditQuery, LoginOutcome, LoginReason } from '#contracts';
import { openDurableDb, type DurableDb } from '../platform/durable-db.js';
import type { Logger } from '../platform/logger.js';

/**
 * Rows are kept this long (网络安全法 第二十一条: network logs at least six months); the table
 * refuses to lose younger ones.
 */
export const AUDIT_RETENTION_MS = 200 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

const MIGRATIONS = [
  `CREATE TABLE login_audit (
     id          INTEGER PRIMARY KEY AUTOINCREMENT,
     at          INTEGER NOT NULL,
     last_at     INTEGER NOT NULL,
     count       INTEGER NOT NULL CHECK (count > 0),
     username    TEXT,
     user_id     TEXT,
     outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'fail', 'limited')),
     reason      TEXT NOT NULL,
     address     TEXT NOT NULL,
     user_agent  TEXT
   );
   CREATE INDEX login_audit_at ON login_audit (at);
   CREATE INDEX login_audit_user ON login_audit (user_id, id);
   CREATE INDEX login_audit_address ON login_audit (address, id);
   CREATE TRIGGER login_audit_no_update BEFORE UPDATE ON login_audit
     BEGIN SELECT RAISE(ABORT, 'login_audit is append-only'); END;
   CREATE TRIGGER login_audit_keep BEFORE DELETE ON login_audit
     WHEN OLD.at > CAST(strftime('%s', 'now') AS INTEGER) * 1000 - ${AUDIT_RETENTION_MS}
     BEGIN SELECT RAISE(ABORT, 'login_audit keeps rows for 200 days'); END;`,
];

export interface LoginAttemptRecord {
  at: number;
  username: string | null;
  userId: string | null;
  outcome: LoginOutcome;
  reason: LoginReason;
  address: string;
  userAgent: string | null;
}

interface Row {
  id: number;
  at: number;
  last_at: number;
  count: number;
  username: string | null;
  user_id: string | null;
  outcome: LoginOutcome;
  reason: LoginReason;
  address: string;
  user_agent: string | null;
}

type Pending = Omit<LoginAttemptRecord, 'at'> & { at: number; lastAt: number; count: number };

export interface LoginAuditOptions {
  /** Failures and refusals are written together at most this often (one fsync per batch). */
  flushMs: number;
  /** Refused attempts from one address with more distinct usernames than this in one batch are
   * folded into one row without a username. */
  maxNamesPerAddress: number;
  /** Refused attempts beyond this many distinct rows in one batch fold into one row per reason. */
  maxLimitedRows: number;
}

const DEFAULTS: LoginAuditOptions = { flushMs: 500, maxNamesPerAddress: 16, maxLimitedRows: 2_000 };

/**
 * 登录审计 in `DATA_DIR/auth.db`: every login attempt, append-only. A successful login is on
 * disk before its session is handed out; failures and refusals are written in batches (at most
 * `flushMs` later), and refusals from one address for one username and reason within a batch
 * share a row with a count, so a flood costs a few rows per second, not one per request.
 */
export class LoginAudit {
  private readonly db: DurableDb;
  private pending: Pending[] = [];
  private readonly limited = new Map<string, Pending>();
  private readonly namesPerAddress = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  private readonly options: LoginAuditOptions;
  private closed = false;
  private prunedAt = 0;

  constructor(
    dataDir: string | undefined,
    private readonly log?: Logger,
    options: Partial<LoginAuditOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.db = openDurableDb(dataDir, 'auth.db', MIGRATIONS);
    this.prune();
    this.timer = setInterval(() => {
      this.flushSafely();
      if (Date.now() - this.prunedAt >= PRUNE_EVERY_MS) this.prune();
    }, this.options.flushMs);
    this.timer.unref();
  }

  /** Record one attempt; a successful one is written (with everything pending) at once. */
  record(attempt: LoginAttemptRecord): void {
    if (this.closed) return;
    if (attempt.outcome === 'limited') {
      this.coalesce(attempt);
      return;
    }
    this.pending.push({ ...attempt, lastAt: attempt.at, count: 1 });
    if (attempt.outcome === 'ok') this.flush();
  }

  /** Newest first, everything recorded so far included. */
  list(query: LoginAuditQuery): LoginAuditEntry[] {
    this.flushSafely();
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: query.limit };
    const add = (clause: string, name: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('user_id = @userId', 'userId', query.userId);
    add('username = @username', 'username', query.username);
    add('address = @address', 'address', query.address);
    add('outcome = @outcome', 'outcome', query.outcome);
    add('last_at >= @since', 'since', query.since);
    add('id < @before', 'before', query.before);
    const rows = this.db
      .prepare(
        `SELECT * FROM login_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY id DESC LIMIT @limit`,
      )
      .all(params) as Row[];
    return rows.map(entryOf);
  }

  /** Successful logins since `since`: (account, address, last time), to seed known-good places. */
  goodPlaces(since: number): { userId: string; address: string; at: number }[] {
    this.flushSafely();
    return this.db
      .prepare(
        `SELECT user_id AS userId, address, MAX(at) AS at FROM login_audit
         WHERE outcome = 'ok' AND user_id IS NOT NULL AND at >= ?
         GROUP BY user_id, address`,
      )
      .all(since) as { userId: string; address: string; at: number }[];
  }

  /** Write what is pending, in one transaction. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.limited.clear();
    this.namesPerAddress.clear();
    const insert = this.db.prepare(
      `INSERT INTO login_audit (at, last_at, count, username, user_id, outcome, reason, address, user_agent)
       VALUES (@at, @lastAt, @count, @username, @userId, @outcome, @reason, @address, @userAgent)`,
    );
    this.db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
  }

  close(): void {
    if (this.closed) return;
    clearInterval(this.timer);
    this.flushSafely();
    this.closed = true;
    this.db.close();
  }

  private coalesce(attempt: LoginAttemptRecord): void {
    const { maxNamesPerAddress, maxLimitedRows } = this.options;
    let username = attempt.username;
    let userId = attempt.userId;
    let address = attempt.address;
    let key = `${address}\u0000${username ?? ''}\u0000${attempt.reason}`;
    if (!this.limited.has(key)) {
      const names = this.namesPerAddress.get(address) ?? 0;
      if (names >= maxNamesPerAddress) {
        username = null;
        userId = null;
      } else {
        this.namesPerAddress.set(address, names + 1);
      }
      if (this.limited.size >= maxLimitedRows) {
        username = null;
        userId = null;
        address = '*';
      }
      key = `${address}\u0000${username ?? ''}\u0000${attempt.reason}`;
    }
    const row = this.limited.get(key);
    if (row) {
      row.count += 1;
      row.lastAt = Math.max(row.lastAt, attempt.at);
      return;
    }
    const fresh: Pending = { ...attempt, username, userId, address, lastAt: attempt.at, count: 1 };
    this.limited.set(key, fresh);
    this.pending.push(fresh);
  }

  private flushSafely(): void {
    try {
      this.flush();
    } catch (err) {
      this.log?.error(`login audit not written: ${(err as Error).message}`);
    }
  }

  /** Drop rows past retention (by the real clock, as the table's own guard is). */
  private prune(): void {
    this.prunedAt = Date.now();
    try {
      this.db.prepare('DELETE FROM login_audit WHERE at <= ?').run(Date.now() - AUDIT_RETENTION_MS);
    } catch (err) {
      this.log?.warn(`login audit not pruned: ${(err as Error).message}`);
    }
  }
}

function entryOf(row: Row): LoginAuditEntry {
  return {
    id: row.id,
    at: row.at,
    lastAt: row.last_at,
    count: row.count,
    username: row.username,
    userId: row.user_id,
    outcome: row.outcome,
    reason: row.reason,
    address: row.address,
    userAgent: row.user_agent,
  };
}
