import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, ReportDetail, Source } from '#contracts';
import { ReportPage } from '#contracts';
import { storedReport } from '#test-helpers/stored-report';
import { HUILONG, ZAOYUAN, api } from '../helpers/cases.js';
import {
  MINUTE,
  ids,
  ingest,
  newest,
  reportSearchSeed,
  type Sent,
} from '../helpers/report-search-seed.js';
import type { TestServer } from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

/**
 * GET /api/v1/reports (issue 14, item 5): the cursor's pages while reports arrive, and search as
 * staff see it (corrected colour and category, masked numbers). These tests add reports and
 * corrections, so they run on their own seed, in this order.
 */

const DAPING_VILLAGE = '611025103201'; // 大坪镇: only the paging test writes here

describe.each(STORES)('GET /api/v1/reports on the %s store', (kind) => {
  const seed = reportSearchSeed(kind);
  const { T0, search, all, expected } = seed;
  let server: TestServer;
  let sent: Sent[];
  let county: string;
  /** Every report as the county sees it, by id. */
  let detail: Map<string, ReportDetail>;

  beforeAll(async () => {
    ({ server, sent, county, detail } = await seed.start());
  });
  afterAll(async () => {
    await seed.close();
  });

  // The tests below add reports and corrections to this seed; none reads it after them.
  describe('pages', () => {
    it('walks every report once, newest first, while reports arrive between pages', async () => {
      const base = T0 + 10 * MINUTE;
      const rows = Array.from({ length: 9 }, (_, i) => ({
        source: (['hotline', 'app', 'grid'] as const)[i % 3] as Source,
        regionCode: DAPING_VILLAGE,
        category: 'infrastructure' as Category,
        text: `第${i}号：村道边沟堵塞`,
        // Pairs share a millisecond, so a page may end inside one.
        occurredAt: base + Math.floor(i / 2) * MINUTE,
      }));
      const first = await ingest(server, rows);
      const query = { regionCode: DAPING_VILLAGE, limit: 3 };
      const seen: ReportDetail[] = [];
      const arrived: Sent[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await search(county, { ...query, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        const body = ReportPage.parse(res.body);
        seen.push(...body.items);
        cursor = body.nextCursor;
        if (!cursor) break;
        const last = body.items.at(-1) as ReportDetail;
        // Meanwhile: one newer than everything, one in the page's last millisecond (so newer in
        // the order than the cursor), one older than the cursor (a backfill).
        arrived.push(
          ...(await ingest(server, [
            { ...rows[0]!, text: `新到：比全部都新 ${page}`, occurredAt: Date.now() - MINUTE },
            { ...rows[1]!, text: `新到：同一毫秒 ${page}`, occurredAt: last.occurredAt },
            { ...rows[2]!, text: `新到：补录旧件 ${page}`, occurredAt: base - (page + 1) * MINUTE },
          ])),
        );
      }
      expect(cursor).toBeNull();
      // No report twice, in order.
      expect(new Set(ids(seen)).size).toBe(seen.length);
      expect([...seen].sort(newest)).toEqual(seen);
      // Every report there was at the start, and every backfill older than where it landed.
      const seenIds = new Set(ids(seen));
      for (const r of first) expect(seenIds.has(r.id), r.text).toBe(true);
      const backfills = arrived.filter((r) => r.text.startsWith('新到：补录'));
      for (const r of backfills) expect(seenIds.has(r.id), r.text).toBe(true);
      // Those placed before the cursor were not shown: the pages did not shift.
      for (const r of arrived.filter((x) => !x.text.startsWith('新到：补录'))) {
        expect(seenIds.has(r.id), r.text).toBe(false);
      }
      // A fresh walk sees everything.
      const again = await all(county, { regionCode: DAPING_VILLAGE });
      expect(ids(again)).toEqual(ids([...first, ...arrived].sort(newest)));
    });

    it('says null on the last page, also when it is exactly full', async () => {
      const n = expected((s) => s.regionCode.startsWith(HUILONG)).length;
      const exact = await search(county, { limit: n, regionCode: HUILONG });
      const body = ReportPage.parse(exact.body);
      expect(body.items).toHaveLength(n);
      expect(body.nextCursor).toBeNull();
      const short = ReportPage.parse(
        (await search(county, { limit: n - 1, regionCode: HUILONG })).body,
      );
      expect(short.items).toHaveLength(n - 1);
      expect(short.nextCursor).not.toBeNull();
    });
  });

  describe('as staff see it', () => {
    it('filters by the corrected colour and category', async () => {
      const target = sent.find((s) => s.text.startsWith('感谢网格员')) as Sent;
      const before = detail.get(target.id) as ReportDetail;
      expect(before.level).not.toBe('red');
      const corrected = await api(
        server.url,
        county,
        'POST',
        `/api/v1/reports/${target.id}/correction`,
        {
          colour: 'red',
          category: 'security',
          reason: '回访核实：有人持械滋事',
        },
      );
      expect(corrected.status).toBe(201);
      const red = await all(county, { colour: 'red', category: 'security' });
      expect(ids(red)).toContain(target.id);
      expect(red.find((r) => r.id === target.id)?.correction?.reason).toBe(
        '回访核实：有人持械滋事',
      );
      expect(ids(await all(county, { colour: before.level }))).not.toContain(target.id);
      expect(ids(await all(county, { category: 'other' }))).not.toContain(target.id);
    });

    it('never finds a word only in a number the view masks', async () => {
      // A report stored before a way of writing a number was recognised: its text unmasked.
      const legacy = storedReport({
        id: '00000000-0000-7000-8000-00000000beef',
        regionCode: ZAOYUAN,
        occurredAt: T0 + 5 * MINUTE,
        text: '联系电话13912345678，存档件',
      });
      await server.store.append([legacy]);
      const found = await all(county, { q: '存档件' });
      expect(ids(found)).toEqual([legacy.id]);
      expect(found[0]?.text).not.toContain('13912345678');
      expect(await all(county, { q: '13912345678' })).toEqual([]);
      expect(await all(county, { q: '12345' })).toEqual([]);
    });
  });
});
