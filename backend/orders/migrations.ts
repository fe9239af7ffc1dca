/**
 * Schema of orders.db: work orders (工单), the reports each gathers, their append-only timeline,
 * attachments and the day's number counter. Ordered steps; `user_version` records how many have
 * run. Never edit a shipped step.
 */
export const ORDER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE orders (
     seq            INTEGER PRIMARY KEY,
     id             TEXT NOT NULL UNIQUE,
     number         TEXT NOT NULL UNIQUE,
     status         TEXT NOT NULL,
     level          TEXT NOT NULL,
     category       TEXT NOT NULL,
     source         TEXT NOT NULL,
     region_code    TEXT NOT NULL,
     unit           TEXT NOT NULL,
     unit_code      TEXT NOT NULL,
     first_report   TEXT NOT NULL UNIQUE,
     external_id    TEXT,
     text           TEXT NOT NULL,
     reason         TEXT,
     case_id        TEXT,
     opened_at      INTEGER NOT NULL,
     updated_at     INTEGER NOT NULL,
     sign_due_at    INTEGER,
     answer_due_at  INTEGER,
     supervision    TEXT,
     overdue_since  INTEGER,
     answer         TEXT,
     visit          TEXT,
     closed_at      INTEGER,
     escalations    INTEGER NOT NULL DEFAULT 0,
     reopen_count   INTEGER NOT NULL DEFAULT 0,
     attachments    INTEGER NOT NULL DEFAULT 0,
     -- 1 while the order still owes work; the queues and the sweep read only these.
     open           INTEGER NOT NULL,
     -- The nearest deadline now running (sign, answer or 督办); null when none runs.
     due_at         INTEGER
   );
   -- Queues: open orders by holder and deadline; by where it happened; closed by when.
   CREATE INDEX orders_open_unit ON orders (open, unit_code, due_at);
   CREATE INDEX orders_open_region ON orders (open, region_code, due_at);
   CREATE INDEX orders_closed ON orders (open, closed_at);
   CREATE INDEX orders_case ON orders (case_id) WHERE case_id IS NOT NULL;
   CREATE INDEX orders_external ON orders (source, external_id) WHERE external_id IS NOT NULL;
   -- The sweep: open orders whose deadline passed and that were not yet marked overdue.
   CREATE INDEX orders_due ON orders (due_at) WHERE open = 1 AND overdue_since IS NULL;

   CREATE TABLE order_reports (
     report_id TEXT PRIMARY KEY,
     order_id  TEXT NOT NULL REFERENCES orders (id),
     at        INTEGER NOT NULL
   );
   CREATE INDEX order_reports_order ON order_reports (order_id);

   CREATE TABLE order_events (
     seq        INTEGER PRIMARY KEY AUTOINCREMENT,
     order_id   TEXT NOT NULL REFERENCES orders (id),
     at         INTEGER NOT NULL,
     actor_id   TEXT,
     actor_name TEXT NOT NULL,
     action     TEXT NOT NULL,
     from_status TEXT,
     to_status  TEXT,
     note       TEXT,
     data       TEXT,
     address    TEXT
   );
   CREATE INDEX order_events_order ON order_events (order_id, seq);
   CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
     BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;
   CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
     BEGIN SELECT RAISE(ABORT, 'order_events is append-only'); END;

   CREATE TABLE order_attachments (
     id         TEXT PRIMARY KEY,
     order_id   TEXT NOT NULL REFERENCES orders (id),
     name       TEXT NOT NULL,
     media_type TEXT NOT NULL,
     bytes      INTEGER NOT NULL,
     at         INTEGER NOT NULL,
     by_name    TEXT NOT NULL,
     file       TEXT NOT NULL
   );
   CREATE INDEX order_attachments_order ON order_attachments (order_id);

   CREATE TABLE order_numbers (
     day TEXT PRIMARY KEY,
     n   INTEGER NOT NULL
   );`,
  // 超时 stays on an order once it ran late (the dispatcher's 超时 tab), so the sweep finds a
  // deadline that passed after the last mark rather than "not marked yet".
  `DROP INDEX orders_due;
   CREATE INDEX orders_open_due ON orders (open, due_at);`,
];
