import type { Actor, OrderAction, OrderEvent, OrderStatus, OrderTab } from '#contracts';
import { ORDER_TABS } from '#contracts';
import type { Statement } from 'better-sqlite3';
import type { OrdersDb } from './db.js';
import {
  CLOSED_COUNT_WINDOW_MS,
  scopeClause,
  tabClause,
  SORT,
  readCursor,
  writeCursor,
  likeWord,
  INDEXED_SEARCH_MAX,
  trigrams,
  type OrderFilter,
  type QueueScope,
} from './queue-sql.js';

import {
  eventFromRow,
  fromRow,
  toParams,
  type EventRow,
  type OrderRow,
  type StoredOrder,
} from './rows.js';

/** How many report ids an order carries in reads (`reportCount` has them all). */
export const REPORT_IDS_SHOWN = 100;
/** Orders whose first report ids are kept in memory (the ones touched last). */
const FIRST_IDS_KEPT = 2_000;

export type { OrderFilter, QueueScope };

/** Orders, their reports, timeline and attachments in orders.db. */
export class OrderRepository {
  private readonly byIdStmt;
  private readonly reportsStmt;
  private readonly byReportStmt;

  constructor(
    readonly db: OrdersDb,
    private readonly place: (code: string) => string,
  ) {
    this.byIdStmt = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
    this.reportsStmt = db.prepare<[string], { report_id: string }>(
      `SELECT report_id FROM order_reports WHERE order_id = ? ORDER BY rowid LIMIT ${REPORT_IDS_SHOWN}`,
    );
    this.byReportStmt = db.prepare<[string], { order_id: string }>(
      'SELECT order_id FROM order_reports WHERE report_id = ?',
    );
  }

  private readonly statements = new Map<string, Statement>();

  /** Statements are prepared once per SQL text: intake runs thousands of steps a second. */
  private stmt(sql: string): Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)();
    } catch (err) {
      this.firstIds.clear();
      throw err;
    }
  }

  private hydrate(row: OrderRow): StoredOrder {
    return fromRow(row, this.firstReportIds(row.id), this.place);
  }

  /**
   * An order's first REPORT_IDS_SHOWN report ids in the order they joined. Kept for the orders
   * touched lately: a storm of repeats joins one order hundreds of times a second, and the list
   * only grows at its end (cleared with any transaction that fails).
   */
  private firstReportIds(orderId: string): string[] {
    let ids = this.firstIds.get(orderId);
    if (!ids) {
      ids = this.reportsStmt.all(orderId).map((r) => r.report_id);
      if (this.firstIds.size >= FIRST_IDS_KEPT) {
        this.firstIds.delete(this.firstIds.keys().next().value as string);
      }
      this.firstIds.set(orderId, ids);
    }
    return [...ids];
  }

  private readonly firstIds = new Map<string, string[]>();

  get(id: string): StoredOrder | null {
    const row = this.byIdStmt.get(id);
    return row ? this.hydrate(row) : null;
  }

  /** The order a report belongs to (its own, or the one it joined as a repeat). */
  orderOfReport(reportId: string): StoredOrder | null {
    const hit = this.byReportStmt.get(reportId);
    return hit ? this.get(hit.order_id) : null;
  }

  /** The order the call centre knows by its own work-order number. */
  byExternal(source: string, externalId: string): StoredOrder | null {
    const row = this.db
      .prepare<[string, string], OrderRow>(
        'SELECT * FROM orders WHERE source = ? AND external_id = ? ORDER BY seq LIMIT 1',
      )
      .get(source, externalId);
    return row ? this.hydrate(row) : null;
  }

  /** The next 工单号 of a county day: G + yyMMdd + 4 digits (more past 9,999). */
  nextNumber(day: string): string {
    const row = this.stmt(
      `INSERT INTO order_numbers (day, n) VALUES (?, 1)
         ON CONFLICT (day) DO UPDATE SET n = n + 1 RETURNING n`,
    ).get(day) as { n: number } | undefined;
    return `G${day}${String(row?.n ?? 1).padStart(4, '0')}`;
  }

  insert(o: StoredOrder): void {
    const p = toParams(o);
    const cols = Object.keys(p);
    this.db
      .prepare(
        `INSERT INTO orders (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`,
      )
      .run(p);
    this.addReport(o.id, o.reportIds[0] as string, o.openedAt);
  }

  update(o: StoredOrder): StoredOrder {
    const p = toParams(o);
    const cols = Object.keys(p).filter((c) => c !== 'id' && c !== 'number' && c !== 'first_report');
    this.stmt(`UPDATE orders SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run(
      p,
    );
    // What was written is the order now: no read back (a step is the hot path of a batch).
    return o;
  }

  /** Every report an order gathered, oldest first (a call centre answers each caller). */
  allReportIds(orderId: string): string[] {
    return (
      this.stmt('SELECT report_id FROM order_reports WHERE order_id = ? ORDER BY rowid').all(
        orderId,
      ) as Array<{ report_id: string }>
    ).map((r) => r.report_id);
  }

  addReport(orderId: string, reportId: string, at: number): boolean {
    const r = this.stmt(
      'INSERT OR IGNORE INTO order_reports (report_id, order_id, at) VALUES (?, ?, ?)',
    ).run(reportId, orderId, at);
    const ids = this.firstIds.get(orderId);
    if (r.changes > 0 && ids && ids.length < REPORT_IDS_SHOWN) ids.push(reportId);
    return r.changes > 0;
  }

  hasReport(reportId: string): boolean {
    return this.byReportStmt.get(reportId) !== undefined;
  }

  appendEvent(e: {
    orderId: string;
    at: number;
    actor: Actor;
    action: OrderAction;
    from: OrderStatus | null;
    to: OrderStatus | null;
    note?: string | null;
    data?: Record<string, unknown> | null;
    address?: string | null;
  }): void {
    this.stmt(
      `INSERT INTO order_events (order_id, at, actor_id, actor_name, action, from_status, to_status, note, data, address)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      e.orderId,
      e.at,
      e.actor.id,
      e.actor.name,
      e.action,
      e.from,
      e.to,
      e.note ?? null,
      e.data ? JSON.stringify(e.data) : null,
      e.address ?? null,
    );
  }

  events(orderId: string): OrderEvent[] {
    return this.db
      .prepare<[string], EventRow>('SELECT * FROM order_events WHERE order_id = ? ORDER BY seq')
      .all(orderId)
      .map(eventFromRow);
  }

  /** A page of the queue: `limit` orders after the cursor, in the tab's order. */
  list(scope: QueueScope, f: OrderFilter): { items: StoredOrder[]; nextCursor: string | null } {
    const params: Record<string, unknown> = { limit: f.limit + 1 };
    const tab = tabClause(f.tab, scope, params);
    const where = [tab.where, scopeClause(scope, params)];
    const inList = (column: string, values: readonly string[] | undefined) => {
      if (!values?.length) return;
      const names = values.map((v, i) => {
        params[`${column}${i}`] = v;
        return `@${column}${i}`;
      });
      where.push(`${column} IN (${names.join(',')})`);
    };
    inList('status', f.status);
    inList('level', f.level);
    inList('category', f.category);
    inList('source', f.source);
    if (f.overdue !== undefined) {
      where.push(f.overdue ? 'overdue_since IS NOT NULL AND open = 1' : 'overdue_since IS NULL');
    }
    if (f.regionCode) {
      params.rlo = f.regionCode;
      params.rhi = `${f.regionCode}:`;
      where.push(
        '((region_code >= @rlo AND region_code < @rhi) OR (unit_code >= @rlo AND unit_code < @rhi))',
      );
    }
    if (f.caseId) {
      params.caseId = f.caseId;
      where.push('case_id = @caseId');
    }
    (f.words ?? []).forEach((w, i) => {
      params[`w${i}`] = likeWord(w);
      where.push(`text LIKE @w${i} ESCAPE '\\'`);
    });
    const holding = this.holding(f.words ?? []);
    if (holding) {
      params.holding = JSON.stringify(holding);
      where.push('seq IN (SELECT value FROM json_each(@holding))');
    }
    const sort = SORT[tab.order];
    const cursor = readCursor(f.cursor);
    if (cursor) {
      params.ck = cursor.k;
      params.cs = cursor.s;
      const same = sort.dir === 'ASC' ? 'seq > @cs' : 'seq < @cs';
      where.push(`(${sort.key} ${sort.cmp} @ck OR (${sort.key} = @ck AND ${same}))`);
    }
    const rows = this.db
      .prepare<Record<string, unknown>, OrderRow & { sort_key: number }>(
        `SELECT *, ${sort.key} AS sort_key FROM orders WHERE ${where.join(' AND ')}
         ORDER BY ${sort.key} ${sort.dir}, seq ${sort.dir} LIMIT @limit`,
      )
      .all(params);
    const more = rows.length > f.limit;
    const page = more ? rows.slice(0, f.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.hydrate(r)),
      nextCursor: more && last ? writeCursor({ k: last.sort_key, s: last.seq }) : null,
    };
  }

  /**
   * The orders that may hold every word of three characters or more (their trigrams are in the
   * text index; LIKE still decides); null when no word is that long or too many orders do.
   */
  private holding(words: readonly string[]): number[] | null {
    const grams = [...new Set(words.flatMap(trigrams))];
    if (grams.length === 0) return null;
    const seqs = this.db
      .prepare<[string, number], number>(
        'SELECT rowid FROM orders_text WHERE orders_text MATCH ? LIMIT ?',
      )
      .pluck()
      .all(grams.map((g) => `"${g.replaceAll('"', '""')}"`).join(' AND '), INDEXED_SEARCH_MAX + 1);
    return seqs.length > INDEXED_SEARCH_MAX ? null : seqs;
  }

  /** Orders per tab in the user's scope. */
  counts(scope: QueueScope, now: number): Record<OrderTab, number> {
    const out = {} as Record<OrderTab, number>;
    for (const tab of ORDER_TABS) {
      const params: Record<string, unknown> = {};
      const t = tabClause(tab, scope, params);
      let where = `${t.where} AND ${scopeClause(scope, params)}`;
      if (tab === 'closed') {
        params.since = now - CLOSED_COUNT_WINDOW_MS;
        where += ' AND closed_at >= @since';
      }
      const row = this.db
        .prepare<Record<string, unknown>, { n: number }>(
          `SELECT COUNT(*) AS n FROM orders WHERE ${where}`,
        )
        .get(params);
      out[tab] = row?.n ?? 0;
    }
    return out;
  }

  /** Open orders whose running deadline passed after their last 超时 mark (or never marked). */
  duePast(now: number, limit = 500): StoredOrder[] {
    return this.db
      .prepare<[number, number], OrderRow>(
        `SELECT * FROM orders WHERE open = 1 AND due_at <= ?
           AND (overdue_since IS NULL OR overdue_since < due_at) ORDER BY due_at LIMIT ?`,
      )
      .all(now, limit)
      .map((r) => this.hydrate(r));
  }

  /** Open orders in a region's subtree (and category) opened since `from`, not yet gathered. */
  ungathered(regionCode: string, category: string | null, from: number): StoredOrder[] {
    return this.db
      .prepare<Record<string, unknown>, OrderRow>(
        `SELECT * FROM orders WHERE case_id IS NULL AND opened_at >= @from
           AND region_code >= @lo AND region_code < @hi
           AND (@category IS NULL OR category = @category)`,
      )
      .all({ from, lo: regionCode, hi: `${regionCode}:`, category })
      .map((r) => this.hydrate(r));
  }

  /** The last report an order was opened from (a restart looks for what it missed after it). */
  latestOpenedAt(): number | null {
    const row = this.db
      .prepare<[], { at: number | null }>('SELECT MAX(opened_at) AS at FROM orders')
      .get();
    return row?.at ?? null;
  }
}
