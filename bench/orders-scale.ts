/**
 * orders-scale: orders.db holding a county year (1,000,000 closed work orders and 10,000 open,
 * plus those answered and waiting for 回访; bench/orders-fill.ts), upgraded by the orders
 * migrations as a running county's file would be, then timed in-process, the way the routes
 * call them:
 * - queue pages (OrderRepository.list, and the page's tab counts): a village's 待办, a town's,
 *   the county dispatcher's default tab (待办), and word searches over every order; ≤ 50 ms;
 * - 考核 of one month for the county (AssessmentService.assess, as GET /api/v1/assessment
 *   without HTTP); ≤ 200 ms. The workbook's build is timed too, without a target.
 * Limits are checked against p99 over the repetitions. Baselines from the same file in the same
 * run: a raw count of every order, a raw count of the month's orders (what any month figure
 * must at least read) and a raw page of 50 rows.
 * BENCH_ORDERS_CLOSED / BENCH_ORDERS_OPEN make the county smaller for a quick look.
 */
import { join } from 'node:path';
import type { User } from '#contracts';
import { RegionFile, UsersFile, countyFields, parseCountyLocal } from '#contracts';
import { AssessmentService } from '../backend/assessment/service.js';
import { assessmentWorkbook } from '../backend/assessment/workbook.js';
import { loadJsonFile } from '../backend/config/files.js';
import { OrderTallies } from '../backend/orders/assessment-tallies.js';
import { placeOf } from '../backend/orders/core.js';
import { openOrdersDb } from '../backend/orders/db.js';
import {
  OrderRepository,
  type OrderFilter,
  type QueueScope,
} from '../backend/orders/order-repo.js';
import { RegionTree } from '../backend/regions/tree.js';
import { publicUser } from '../backend/users/directory.js';
import { fillOrders } from './orders-fill.js';
import { machine, summarize, tempDir } from './lib.js';

const CLOSED = Number(process.env.BENCH_ORDERS_CLOSED ?? 1_000_000);
const OPEN = Number(process.env.BENCH_ORDERS_OPEN ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const QUEUE_LIMIT_MS = 50;
const ASSESSMENT_LIMIT_MS = 200;

const tree = RegionTree.fromFile(loadJsonFile('config/regions.json', RegionFile), 'regions');
const users = new Map(
  loadJsonFile('config/users.json', UsersFile).users.map((u) => [u.username, publicUser(u)]),
);
const user = (name: string): User => {
  const u = users.get(name);
  if (!u) throw new Error(`no user ${name} in config/users.json`);
  return u;
};

async function time(fn: () => unknown, runs = RUNS) {
  await fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const s = summarize(samples);
  return { p50: s.p50, p99: s.p99, max: s.max };
}

const now = Date.now();
const data = tempDir('minqing-orders-scale-');
try {
  const fill = fillOrders(join(data.path, 'orders.db'), tree, { closed: CLOSED, open: OPEN, now });
  const t0 = performance.now();
  const db = openOrdersDb(data.path);
  const migrateSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const repo = new OrderRepository(db, (code) => placeOf(tree, code));
  const assessment = new AssessmentService({
    tallies: new OrderTallies(db),
    regions: tree,
    clock: () => now,
  });

  // The last whole month before now, county time.
  const f = countyFields(now);
  const monthFrom = parseCountyLocal(f.year, f.month - 1, 1);
  const day = (ms: number) => {
    const d = countyFields(ms);
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  };
  const lastMonth = { from: day(monthFrom), to: day(parseCountyLocal(f.year, f.month, 1) - 1) };
  const yearAgo = {
    from: day(parseCountyLocal(f.year - 1, f.month, 1)),
    to: day(parseCountyLocal(f.year - 1, f.month + 1, 1) - 1),
  };

  const village: QueueScope = { within: ['611025101202'], unit: 'village' }; // 枣园村
  const town: QueueScope = { within: ['611025101'], unit: 'town' }; // 回龙镇
  const county: QueueScope = { within: null, unit: 'county' };
  const page = (scope: QueueScope, filter: Omit<OrderFilter, 'limit'>) => () =>
    repo.list(scope, { ...filter, limit: 50 });
  const withCounts = (scope: QueueScope, filter: Omit<OrderFilter, 'limit'>) => () => {
    repo.list(scope, { ...filter, limit: 50 });
    repo.counts(scope, now);
  };

  const baseline = {
    countAll: await time(() => db.prepare('SELECT COUNT(*) FROM orders').get()),
    countMonth: await time(() =>
      db
        .prepare('SELECT COUNT(*) FROM orders WHERE opened_at >= ? AND opened_at < ?')
        .get(monthFrom, parseCountyLocal(f.year, f.month, 1)),
    ),
    rawPage: await time(() => db.prepare('SELECT * FROM orders ORDER BY seq DESC LIMIT 50').all()),
  };

  const queue: Record<string, { p50: number; p99: number; max: number }> = {
    'village todo': await time(page(village, { tab: 'todo' })),
    'village todo + counts': await time(withCounts(village, { tab: 'todo' })),
    'town todo': await time(page(town, { tab: 'todo' })),
    'town todo + counts': await time(withCounts(town, { tab: 'todo' })),
    'county todo': await time(page(county, { tab: 'todo' })),
    'county todo + counts': await time(withCounts(county, { tab: 'todo' })),
    'county todo, words 路灯': await time(page(county, { tab: 'todo', words: ['路灯'] })),
    'county all, words 路灯 (common)': await time(page(county, { words: ['路灯'] })),
    'county all, words 化粪池 (rare)': await time(page(county, { words: ['化粪池'] })),
    'county all, words 王富贵 (none)': await time(page(county, { words: ['王富贵'] })),
    'county 已办结, words 核桃款 (common)': await time(
      page(county, { tab: 'closed', words: ['核桃款'] }),
    ),
    'town all, words 化粪池 (rare)': await time(page(town, { words: ['化粪池'] })),
  };
  const countyUser = user('county-zhang');
  const assess = {
    [`county ${lastMonth.from}…${lastMonth.to}`]: await time(() =>
      assessment.assess(countyUser, lastMonth),
    ),
    [`county ${yearAgo.from}…${yearAgo.to}`]: await time(() =>
      assessment.assess(countyUser, yearAgo),
    ),
    [`town 回龙镇 ${lastMonth.from}…${lastMonth.to}`]: await time(() =>
      assessment.assess(user('town-huilong'), lastMonth),
    ),
  };
  const figures = assessment.assess(countyUser, lastMonth);
  const workbook = await time(() => assessmentWorkbook(figures), 5);
  db.close();

  const judged = (
    group: Record<string, { p50: number; p99: number; max: number }>,
    limitMs: number,
  ) =>
    Object.fromEntries(
      Object.entries(group).map(([name, r]) => [name, { ...r, limitMs, met: r.p99 <= limitMs }]),
    );
  const results = {
    queue: judged(queue, QUEUE_LIMIT_MS),
    assessment: judged(assess, ASSESSMENT_LIMIT_MS),
  };
  const missed = Object.values(results).flatMap((g) =>
    Object.entries(g)
      .filter(([, r]) => !r.met)
      .map(([name]) => name),
  );
  console.log(
    JSON.stringify({
      bench: 'orders-scale',
      unit: `ms per call, p50/p99/max of ${RUNS}, in-process (no HTTP), SQLite file`,
      machine: machine(),
      fill,
      migrateSeconds,
      baseline,
      ...results,
      assessmentMonthOrders: figures.total.orders,
      workbookMs: workbook,
      target: { queueMs: QUEUE_LIMIT_MS, assessmentMs: ASSESSMENT_LIMIT_MS, on: 'p99' },
      met: missed.length === 0,
      missed,
    }),
  );
} finally {
  data.remove();
}
