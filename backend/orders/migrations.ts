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
  // 考核 (backend/assessment): a month of the county's orders by where they happened, read from
  // one index alone; and the orders that ran late, kept as their timeline records it (a 签收 or
  // 答复 after the deadline then in force, or a deadline the sweep found run out while a unit
  // held the order), so the figures never read the timeline itself.
  `CREATE INDEX orders_opened ON orders
     (opened_at, region_code, status, reopen_count, visit ->> '$.satisfaction');

   CREATE TABLE order_lateness (
     order_id    TEXT PRIMARY KEY,
     opened_at   INTEGER NOT NULL,
     region_code TEXT NOT NULL,
     sign        INTEGER NOT NULL,
     answer      INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX order_lateness_opened ON order_lateness (opened_at, region_code, sign, answer);

   CREATE TRIGGER order_events_lateness AFTER INSERT ON order_events
     WHEN (NEW.action = 'overdue' AND NEW.from_status NOT IN ('registered', 'returned'))
       OR (NEW.action = 'sign' AND NEW.at > NEW.data ->> '$.signDueAt')
       OR (NEW.action = 'answer' AND NEW.at > NEW.data ->> '$.answerDueAt')
     BEGIN
       INSERT INTO order_lateness (order_id, opened_at, region_code, sign, answer)
         SELECT id, opened_at, region_code,
           NEW.action = 'sign' OR (NEW.action = 'overdue' AND NEW.data ->> '$.kind' = 'sign'),
           NEW.action = 'answer' OR (NEW.action = 'overdue' AND NEW.data ->> '$.kind' <> 'sign')
         FROM orders WHERE id = NEW.order_id
         ON CONFLICT (order_id) DO UPDATE
           SET sign = max(sign, excluded.sign), answer = max(answer, excluded.answer);
     END;

   INSERT INTO order_lateness (order_id, opened_at, region_code, sign, answer)
     SELECT e.order_id, o.opened_at, o.region_code,
       MAX(e.action = 'sign' OR (e.action = 'overdue' AND e.data ->> '$.kind' = 'sign')),
       MAX(e.action = 'answer' OR (e.action = 'overdue' AND e.data ->> '$.kind' <> 'sign'))
     FROM order_events e JOIN orders o ON o.id = e.order_id
     WHERE (e.action = 'overdue' AND e.from_status NOT IN ('registered', 'returned'))
        OR (e.action = 'sign' AND e.at > e.data ->> '$.signDueAt')
        OR (e.action = 'answer' AND e.at > e.data ->> '$.answerDueAt')
     GROUP BY e.order_id;`,
  // The queue at a county's scale (bench/orders-scale.ts): the 待回访 and 已办结 tabs counted
  // from an index (status, when closed, where); words of three characters or more looked up by
  // their trigrams instead of reading every order's text.
  `CREATE INDEX orders_status ON orders (open, status, closed_at, region_code, unit_code);

   CREATE VIRTUAL TABLE orders_text USING fts5 (
     text, content = 'orders', content_rowid = 'seq', tokenize = 'trigram', detail = 'none'
   );
   INSERT INTO orders_text (orders_text) VALUES ('rebuild');
   CREATE TRIGGER orders_text_insert AFTER INSERT ON orders BEGIN
     INSERT INTO orders_text (rowid, text) VALUES (NEW.seq, NEW.text);
   END;
   CREATE TRIGGER orders_text_update AFTER UPDATE OF text ON orders
     WHEN OLD.text IS NOT NEW.text BEGIN
       INSERT INTO orders_text (orders_text, rowid, text) VALUES ('delete', OLD.seq, OLD.text);
       INSERT INTO orders_text (rowid, text) VALUES (NEW.seq, NEW.text);
     END;
   CREATE TRIGGER orders_text_delete AFTER DELETE ON orders BEGIN
     INSERT INTO orders_text (orders_text, rowid, text) VALUES ('delete', OLD.seq, OLD.text);
   END;`,
  // A repeat storm (hundreds calling about one outage) must not make each step read every
  // report id: the order keeps its count, and reads carry only the first 100 ids.
  `ALTER TABLE orders ADD COLUMN report_count INTEGER NOT NULL DEFAULT 1;
   UPDATE orders SET report_count = (SELECT COUNT(*) FROM order_reports r WHERE r.order_id = orders.id);`,
];
