/**
 * Schema of cases.db: cases, their append-only audit, per-user notices, the outgoing outbox and
 * silences. Ordered steps; `user_version` records how many have run. Never edit a shipped step.
 */
export const CASE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE cases (
     seq             INTEGER PRIMARY KEY,
     id              TEXT NOT NULL UNIQUE,
     alert_id        TEXT NOT NULL UNIQUE,
     alert_status    TEXT NOT NULL,
     title           TEXT NOT NULL,
     region_code     TEXT NOT NULL,
     place           TEXT NOT NULL,
     category        TEXT,
     rule_id         TEXT NOT NULL,
     rule_key        TEXT NOT NULL,
     level           TEXT NOT NULL,
     status          TEXT NOT NULL,
     unit            TEXT NOT NULL,
     unit_code       TEXT NOT NULL,
     assignee_id     TEXT,
     assignee_name   TEXT,
     opened_at       INTEGER NOT NULL,
     updated_at      INTEGER NOT NULL,
     ack_due_at      INTEGER,
     resolve_due_at  INTEGER,
     supervised_at   INTEGER,
     escalate_due_at INTEGER,
     acknowledged_at INTEGER,
     acknowledged_by TEXT,
     resolved_at     INTEGER,
     closed_at       INTEGER,
     follow_up       TEXT,
     escalations     INTEGER NOT NULL DEFAULT 0,
     reopen_count    INTEGER NOT NULL DEFAULT 0,
     silenced        INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX cases_status ON cases (status);
   CREATE INDEX cases_region ON cases (region_code);
   CREATE INDEX cases_region_rule ON cases (region_code, rule_key, alert_status);

   CREATE TABLE case_events (
     seq        INTEGER PRIMARY KEY AUTOINCREMENT,
     case_id    TEXT NOT NULL REFERENCES cases (id),
     at         INTEGER NOT NULL,
     actor_id   TEXT,
     actor_name TEXT NOT NULL,
     action     TEXT NOT NULL,
     from_status TEXT,
     to_status  TEXT,
     note       TEXT,
     data       TEXT
   );
   CREATE INDEX case_events_case ON case_events (case_id, seq);
   -- The audit is append-only: the database itself refuses to change or drop a record.
   CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
     BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
   CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
     BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;

   CREATE TABLE notices (
     id          TEXT PRIMARY KEY,
     dedupe_key  TEXT NOT NULL UNIQUE,
     user_id     TEXT NOT NULL,
     case_id     TEXT NOT NULL,
     kind        TEXT NOT NULL,
     level       TEXT NOT NULL,
     title       TEXT NOT NULL,
     body        TEXT NOT NULL,
     created_at  INTEGER NOT NULL,
     status      TEXT NOT NULL,
     silence_id  TEXT
   );
   CREATE INDEX notices_user ON notices (user_id, created_at);
   CREATE INDEX notices_case ON notices (case_id);

   CREATE TABLE outbox (
     seq             INTEGER PRIMARY KEY,
     id              TEXT NOT NULL UNIQUE,
     dedupe_key      TEXT NOT NULL UNIQUE,
     channel_id      TEXT NOT NULL,
     group_key       TEXT,
     kind            TEXT NOT NULL,
     level           TEXT NOT NULL,
     message         TEXT NOT NULL,
     status          TEXT NOT NULL,
     attempts        INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     last_error      TEXT,
     created_at      INTEGER NOT NULL,
     updated_at      INTEGER NOT NULL,
     sent_at         INTEGER
   );
   CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
   CREATE INDEX outbox_group ON outbox (channel_id, group_key, status);

   CREATE TABLE silences (
     id          TEXT PRIMARY KEY,
     kind        TEXT NOT NULL,
     region_code TEXT,
     category    TEXT,
     rule_id     TEXT,
     starts_at   INTEGER NOT NULL,
     ends_at     INTEGER NOT NULL,
     comment     TEXT NOT NULL,
     created_by  TEXT NOT NULL,
     created_at  INTEGER NOT NULL,
     deleted_at  INTEGER
   );`,
  // Where each person's step came from (who, when and from where): the client address and user
  // agent of the request; null for the system's steps and for records written before this step.
  `ALTER TABLE case_events ADD COLUMN address TEXT;
   ALTER TABLE case_events ADD COLUMN user_agent TEXT;`,
];
