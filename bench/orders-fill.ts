/**
 * A year of a county's work orders in orders.db, for bench/orders-scale.ts: `closed` orders that
 * went the whole way to 办结, `open` ones a unit still owes a step on, and the answered ones
 * waiting for 回访 in between; spread over the county's villages (some far busier than others)
 * and the daily rhythm, each with the timeline the service and the sweep would have written
 * (签收 and 答复 with the deadline then in force, 超时 and automatic 上报 where a deadline ran
 * out, 不满意 and 重新办理). Seeded, so every run yields the same county. Rows and events go in
 * in time order, in big transactions, with the first schema step only: the later steps (their
 * indexes, the lateness table, the text index) run when the bench opens the file, as they would
 * on a running county's orders.db.
 */
import Database from 'better-sqlite3';
import { countyDayCode } from '#contracts';
import { ResponsePolicy } from '../backend/cases/policy.js';
import { ORDER_MIGRATIONS } from '../backend/orders/migrations.js';
import { toParams } from '../backend/orders/rows.js';
import { runMigrations } from '../backend/platform/durable-db.js';
import type { RegionTree } from '../backend/regions/tree.js';
import { mulberry32, rhythmAt } from '../collectors/simulator/rhythm.js';
import { DAY, Simulator, type EventRow } from './order-life.js';

/** The daily rhythm's mean over the 24 hours, so that arrivals keep the yearly rate. */
const MEAN_RHYTHM =
  Array.from({ length: 24 }, (_, h) => rhythmAt(Date.UTC(2026, 0, 1, h))).reduce((a, b) => a + b) /
  24;

export interface FillOptions {
  closed: number;
  open: number;
  /** The moment the county is seen at (the bench's "now"). */
  now: number;
  seed?: number;
}

export interface FillResult {
  closed: number;
  /** Open (open = 1): a unit still owes a step. */
  open: number;
  openOwingStep: number;
  /** Neither: answered, waiting for 回访 (as many as the year's rhythm leaves). */
  answeredAwaitingVisit: number;
  events: number;
  firstOpenedAt: number;
  seconds: number;
}

/** A min-heap of pending timeline records, so they go in in time order across orders. */
class EventHeap {
  private readonly items: { at: number; orderId: string; e: EventRow }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: { at: number; orderId: string; e: EventRow }): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= item.at) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = item;
  }

  peek(): number {
    return this.items[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  pop(): { at: number; orderId: string; e: EventRow } {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        let mAt = last.at;
        if (l < a.length && a[l]!.at < mAt) {
          m = l;
          mAt = a[l]!.at;
        }
        if (rr < a.length && a[rr]!.at < mAt) m = rr;
        if (m === i) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Fill `file` (created with the shipped schema step) with the county year. Arrivals are drawn
 * backwards from `now` until `closed` orders have closed, keeping the first `open` still-open
 * ones; then they are re-run oldest first and written.
 */
export function fillOrders(file: string, tree: RegionTree, opts: FillOptions): FillResult {
  const started = performance.now();
  const seed = opts.seed ?? 20261201;
  const policy = new ResponsePolicy();
  const sim = new Simulator(tree, policy, seed);
  const arrivals = mulberry32(seed + 1);
  const perMs = (opts.closed + opts.open) / (365 * DAY);

  // Pass 1: which arrivals to keep (index and time), newest first.
  const room = Math.ceil((opts.closed + opts.open) * 1.1);
  const keptI = new Int32Array(room);
  const keptAt = new Float64Array(room);
  let kept = 0;
  let closed = 0;
  let open = 0;
  let t = opts.now;
  // Open orders are the recent ones: arrivals stop two years back whatever was found.
  const oldest = opts.now - 2 * 365 * DAY;
  for (let i = 0; (closed < opts.closed || open < opts.open) && t > oldest; i++) {
    t -= -Math.log(1 - arrivals()) / ((perMs * rhythmAt(t)) / MEAN_RHYTHM);
    const at = Math.round(t);
    const status = sim.run(i, at, opts.now).order.status;
    const isClosed = status === 'closed';
    // Answered, waiting for 回访: neither open nor closed; kept as they come.
    if (status !== 'answered' && (isClosed ? closed >= opts.closed : open >= opts.open)) continue;
    if (isClosed) closed++;
    else if (status !== 'answered') open++;
    if (kept === keptI.length) throw new Error('fill: more orders waiting for 回访 than room');
    keptI[kept] = i;
    keptAt[kept] = at;
    kept++;
  }

  // Pass 2: oldest first, into the file.
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  runMigrations(db, ORDER_MIGRATIONS.slice(0, 1));
  // Only the first step's columns: a column a later step adds (report_count) is filled by that
  // step when the bench opens the file, as on a running county's orders.db.
  const inFirstStep = new Set(
    (db.prepare('PRAGMA table_info(orders)').all() as { name: string }[]).map((c) => c.name),
  );
  const cols = Object.keys(toParams(sim.run(keptI[0]!, keptAt[0]!, opts.now).order)).filter((c) =>
    inFirstStep.has(c),
  );
  const insertOrder = db.prepare(
    `INSERT INTO orders (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`,
  );
  const insertReport = db.prepare(
    'INSERT INTO order_reports (report_id, order_id, at) VALUES (?, ?, ?)',
  );
  const insertEvent = db.prepare(
    `INSERT INTO order_events (order_id, at, actor_id, actor_name, action, from_status, to_status, note, data, address)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const numbers = new Map<string, number>();
  const heap = new EventHeap();
  let events = 0;
  let owing = 0;
  let answered = 0;
  const flushUntil = (until: number) => {
    while (heap.size > 0 && heap.peek() <= until) {
      const { orderId, e } = heap.pop();
      insertEvent.run(orderId, ...e);
      events++;
    }
  };
  const BATCH = 20_000;
  // `kept` is newest first: write from its end.
  const write = db.transaction((from: number, downTo: number) => {
    for (let k = from; k > downTo; k--) {
      const { order, events: timeline } = sim.run(keptI[k]!, keptAt[k]!, opts.now);
      const day = countyDayCode(order.openedAt);
      const n = (numbers.get(day) ?? 0) + 1;
      numbers.set(day, n);
      order.number = `G${day}${String(n).padStart(4, '0')}`;
      if (order.status !== 'closed') {
        if (order.status === 'answered') answered++;
        else owing++;
      }
      flushUntil(order.openedAt);
      const p = toParams(order);
      insertOrder.run(...cols.map((c) => p[c]));
      insertReport.run(order.reportIds[0], order.id, order.openedAt);
      for (const e of timeline) heap.push({ at: e[0], orderId: order.id, e });
    }
  });
  for (let k = kept - 1; k >= 0; k -= BATCH) write(k, Math.max(-1, k - BATCH));
  if (owing !== open) throw new Error('fill: pass 2 disagrees with pass 1');
  db.transaction(() => {
    flushUntil(Number.POSITIVE_INFINITY);
    const num = db.prepare('INSERT INTO order_numbers (day, n) VALUES (?, ?)');
    for (const [day, n] of numbers) num.run(day, n);
  })();
  db.close();
  return {
    closed,
    open,
    openOwingStep: owing,
    answeredAwaitingVisit: answered,
    events,
    firstOpenedAt: keptAt[kept - 1]!,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
