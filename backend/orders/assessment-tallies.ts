import type { OrdersDb } from './db.js';

/**
 * The work orders of one place: the region code an order was opened at, cut to its village
 * (12 digits), or the town or county code when it was placed no lower.
 */
export interface PlaceTally {
  code: string;
  /** Opened in the period. */
  orders: number;
  closed: number;
  /** Signed for by the unit holding it (its status shows it), or a 签收 ran late. */
  signDue: number;
  signLate: number;
  /** Answered at least once (its status or a reopen shows it), or an 答复 ran late. */
  answerDue: number;
  answerLate: number;
  visited: number;
  satisfied: number;
  basic: number;
  unsatisfied: number;
  reopened: number;
}

/** Open orders marked 超时 now, per place (cut as in PlaceTally). */
export interface OverdueTally {
  code: string;
  overdue: number;
}

/** The order has been signed for (签收) by the unit holding it: its status says so. */
const signed = (o = '') => `${o}status IN ('signed', 'handling', 'answered', 'reopened', 'closed')`;
/** The order has been answered (答复) at least once: its status, or a reopen, says so. */
const answered = (o = '') => `(${o}status IN ('answered', 'closed') OR ${o}reopen_count > 0)`;

/**
 * What 考核 asks of orders.db, by place, without reading any order's timeline: the orders of a
 * period from the `orders_opened` index, the late ones from `order_lateness` (kept by a trigger
 * as the timeline is written; see migrations.ts), the overdue from the open orders.
 */
export class OrderTallies {
  private readonly openedStmt;
  private readonly lateStmt;
  private readonly lateOpenStmt;
  private readonly overdueStmt;

  constructor(db: OrdersDb) {
    const place = `substr(region_code, 1, 12)`;
    const within = `region_code >= @lo AND region_code < @hi`;
    this.openedStmt = db.prepare<
      Record<string, unknown>,
      Omit<PlaceTally, 'signLate' | 'answerLate'>
    >(
      `SELECT ${place} AS code,
         COUNT(*) AS orders,
         SUM(status = 'closed') AS closed,
         SUM(${signed()}) AS signDue,
         SUM(${answered()}) AS answerDue,
         SUM(visit ->> '$.satisfaction' IS NOT NULL) AS visited,
         SUM(visit ->> '$.satisfaction' = 'satisfied') AS satisfied,
         SUM(visit ->> '$.satisfaction' = 'basic') AS basic,
         SUM(visit ->> '$.satisfaction' = 'unsatisfied') AS unsatisfied,
         SUM(reopen_count > 0) AS reopened
       FROM orders INDEXED BY orders_opened
       WHERE opened_at >= @from AND opened_at < @to AND ${within}
       GROUP BY code`,
    );
    this.lateStmt = db.prepare<
      Record<string, unknown>,
      { code: string; signLate: number; answerLate: number }
    >(
      `SELECT ${place} AS code, SUM(sign) AS signLate, SUM(answer) AS answerLate
       FROM order_lateness WHERE opened_at >= @from AND opened_at < @to AND ${within}
       GROUP BY code`,
    );
    // Late, and not yet signed or answered: only an open order can be (answered and closed
    // ones are both), so the status of the few open ones is all that is read.
    this.lateOpenStmt = db.prepare<
      Record<string, unknown>,
      { code: string; unsigned: number; unanswered: number }
    >(
      `SELECT substr(o.region_code, 1, 12) AS code,
         SUM(l.sign AND NOT (${signed('o.')})) AS unsigned,
         SUM(l.answer AND NOT ${answered('o.')}) AS unanswered
       FROM orders o JOIN order_lateness l ON l.order_id = o.id
       WHERE o.open = 1 AND o.opened_at >= @from AND o.opened_at < @to
         AND o.region_code >= @lo AND o.region_code < @hi
       GROUP BY code`,
    );
    this.overdueStmt = db.prepare<Record<string, unknown>, OverdueTally>(
      `SELECT ${place} AS code, COUNT(*) AS overdue FROM orders
       WHERE open = 1 AND overdue_since IS NOT NULL AND ${within}
       GROUP BY code`,
    );
  }

  /** Orders opened in [from, to) within `root`'s subtree, per place. */
  opened(from: number, to: number, root: string): PlaceTally[] {
    const params = { from, to, lo: root, hi: `${root}:` };
    const late = new Map(this.lateStmt.all(params).map((l) => [l.code, l]));
    const open = new Map(this.lateOpenStmt.all(params).map((l) => [l.code, l]));
    return this.openedStmt.all(params).map((t) => ({
      ...t,
      signDue: t.signDue + (open.get(t.code)?.unsigned ?? 0),
      signLate: late.get(t.code)?.signLate ?? 0,
      answerDue: t.answerDue + (open.get(t.code)?.unanswered ?? 0),
      answerLate: late.get(t.code)?.answerLate ?? 0,
    }));
  }

  /** Open orders marked 超时 now within `root`'s subtree, per place. */
  overdue(root: string): OverdueTally[] {
    return this.overdueStmt.all({ lo: root, hi: `${root}:` });
  }
}
