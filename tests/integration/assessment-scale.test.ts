import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderStatus } from '#contracts';
import { OrderTallies } from '../../backend/orders/assessment-tallies.js';
import { openOrdersDb } from '../../backend/orders/db.js';
import { ORDER_MIGRATIONS } from '../../backend/orders/migrations.js';
import { OrderRepository, type QueueScope } from '../../backend/orders/order-repo.js';
import { toParams, UNWORKED_ORDER, type StoredOrder } from '../../backend/orders/rows.js';
import { runMigrations } from '../../backend/platform/durable-db.js';

/**
 * What 考核 and the queue at scale added to orders.db (migrations.ts, the two steps after the
 * shipped ones): the lateness kept from the timeline, and words looked up by trigram. Real
 * SQLite files, the repository's own queries.
 */

const ZAOYUAN = '611025101202';
const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 10, 1);
const county: QueueScope = { within: null, unit: 'county' };
/** The steps that had shipped before 考核. */
const SHIPPED = 2;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

let n = 0;
function order(text: string, over: Partial<StoredOrder> = {}): StoredOrder {
  n += 1;
  return {
    id: `wo-${n}`,
    number: `G261110${String(n).padStart(4, '0')}`,
    status: 'dispatched',
    level: 'blue',
    category: 'infrastructure',
    source: 'hotline',
    regionCode: ZAOYUAN,
    place: '',
    unit: 'village',
    unitCode: ZAOYUAN,
    unitPlace: '',
    reportIds: [`r-${n}`],
    reportCount: 1,
    text,
    reason: null,
    caseId: null,
    openedAt: T0,
    updatedAt: T0,
    signDueAt: T0 + 24 * HOUR,
    ...UNWORKED_ORDER,
    answerDueAt: T0 + 72 * HOUR,
    externalId: null,
    ...over,
  };
}

const SYSTEM = { id: null, name: '系统' };
function step(
  repo: OrderRepository,
  o: StoredOrder,
  action: 'sign' | 'answer' | 'overdue',
  at: number,
  from: OrderStatus,
  data: Record<string, unknown>,
) {
  repo.appendEvent({ orderId: o.id, at, actor: SYSTEM, action, from, to: from, data });
}

describe('orders.db for 考核 and the queue at scale', () => {
  it('words of three characters or more go by the trigram index and find what the scan finds', () => {
    const db = openOrdersDb(undefined);
    const repo = new OrderRepository(db, (c) => c);
    const texts = [
      '三组的化粪池满了，往路上冒',
      '化粪池旁边的路灯坏了',
      '路灯坏了好几天',
      '100%_的人都说 "水费" 太贵',
      'LED路灯闪个不停',
      '养老金没有到账',
    ];
    repo.transaction(() => {
      texts.forEach((t) => repo.insert(order(t)));
      // Common enough that the index gives way to the scan (more holders than it reads).
      for (let i = 0; i < 2100; i++) repo.insert(order(`第${i}户的养老金没有到账`));
    });
    const scan = (words: string[]) =>
      (db.prepare('SELECT text FROM orders ORDER BY seq DESC').pluck().all() as string[]).filter(
        (t) => words.every((w) => t.toLowerCase().includes(w.toLowerCase())),
      );
    for (const words of [
      ['化粪池'],
      ['化粪池', '路灯'],
      ['路灯'],
      ['led路灯'],
      ['100%_'],
      ['"水费"'],
      ['王富贵'],
      ['粪池满了往'],
      ['养老金'],
      ['养老金', '第2099户'],
    ]) {
      const found: string[] = [];
      let cursor: string | undefined;
      do {
        const page = repo.list(county, { words, limit: 200, cursor });
        found.push(...page.items.map((o) => o.text));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(found, words.join(' ')).toEqual(scan(words));
    }
    // Within a tab too.
    expect(
      repo.list(
        { within: [ZAOYUAN], unit: 'village' },
        { tab: 'todo', words: ['化粪池'], limit: 50 },
      ).items.length,
    ).toBe(2);
    // The text index follows an order's text, and only when it changes.
    const first = repo.list(county, { words: ['往路上冒'], limit: 5 }).items[0] as StoredOrder;
    repo.update({ ...first, text: '三组的化粪池已经清掉了' });
    expect(repo.list(county, { words: ['往路上冒'], limit: 5 }).items).toEqual([]);
    expect(repo.list(county, { words: ['已经清掉'], limit: 5 }).items).toHaveLength(1);
    db.close();
  });

  it('a late 签收 or 答复 is kept from the timeline as it is written; the dispatcher’s is not a unit’s', () => {
    const db = openOrdersDb(undefined);
    const repo = new OrderRepository(db, (c) => c);
    const late = order('晚签收的');
    const swept = order('答复超时的');
    const dispatcher = order('待分拨超时的', { status: 'registered', unit: 'county' });
    const onTime = order('按时的');
    repo.transaction(() => {
      for (const o of [late, swept, dispatcher, onTime]) repo.insert(o);
      step(repo, late, 'sign', T0 + 25 * HOUR, 'dispatched', { signDueAt: T0 + 24 * HOUR });
      step(repo, swept, 'sign', T0 + HOUR, 'dispatched', { signDueAt: T0 + 24 * HOUR });
      step(repo, swept, 'overdue', T0 + 72 * HOUR, 'signed', { kind: 'answer' });
      step(repo, swept, 'answer', T0 + 80 * HOUR, 'signed', { answerDueAt: T0 + 100 * HOUR });
      step(repo, dispatcher, 'overdue', T0 + HOUR, 'registered', { kind: 'sign' });
      step(repo, onTime, 'sign', T0 + HOUR, 'dispatched', { signDueAt: T0 + 24 * HOUR });
      step(repo, onTime, 'answer', T0 + 2 * HOUR, 'signed', { answerDueAt: T0 + 72 * HOUR });
    });
    expect(
      db.prepare('SELECT order_id, sign, answer FROM order_lateness ORDER BY order_id').all(),
    ).toEqual([
      { order_id: late.id, sign: 1, answer: 0 },
      { order_id: swept.id, sign: 0, answer: 1 },
    ]);
    db.close();
  });

  it('an orders.db from before 考核 is upgraded: lateness from its 超时 records, its texts indexed', () => {
    dir = mkdtempSync(join(tmpdir(), 'minqing-orders-upgrade-'));
    const file = join(dir, 'orders.db');
    const old = new Database(file);
    runMigrations(old, ORDER_MIGRATIONS.slice(0, SHIPPED));
    const repo = new OrderRepository(old, (c) => c);
    const swept = order('二组的水井抽不上水了', { status: 'closed', closedAt: T0 + 90 * HOUR });
    const signed = order('村口的路灯不亮', { status: 'signed' });
    repo.transaction(() => {
      insertAsShipped(old, swept);
      insertAsShipped(old, signed);
      step(repo, swept, 'overdue', T0 + 24 * HOUR, 'dispatched', { kind: 'sign' });
      // Signed before this change: no deadline in its record, so only 超时 can tell.
      step(repo, signed, 'sign', T0 + 30 * HOUR, 'dispatched', {});
    });
    old.close();

    const db = openOrdersDb(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(ORDER_MIGRATIONS.length);
    const tallies = new OrderTallies(db).opened(T0, T0 + HOUR, '611025');
    expect(tallies).toEqual([
      expect.objectContaining({ code: ZAOYUAN, orders: 2, closed: 1, signDue: 2, signLate: 1 }),
    ]);
    const upgraded = new OrderRepository(db, (c) => c);
    expect(upgraded.list(county, { words: ['抽不上水'], limit: 5 }).items.map((o) => o.id)).toEqual(
      [swept.id],
    );
    db.close();
  });
});

/** An order as the schema of step SHIPPED stored it (before `report_count`). */
function insertAsShipped(db: Database.Database, o: StoredOrder): void {
  const { report_count: _count, ...p } = toParams(o);
  const cols = Object.keys(p);
  db.prepare(
    `INSERT INTO orders (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`,
  ).run(p);
  db.prepare('INSERT INTO order_reports (report_id, order_id, at) VALUES (?, ?, ?)').run(
    o.reportIds[0],
    o.id,
    o.openedAt,
  );
}
