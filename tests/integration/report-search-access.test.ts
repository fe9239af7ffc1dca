import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDetail } from '#contracts';
import { ReportPage } from '#contracts';
import { HONGFENG, HUILONG, TIECHANG_VILLAGE, ZAOYUAN, api, login } from '../helpers/cases.js';
import {
  LEAD,
  ZAOYUAN_G1,
  ids,
  reportSearchSeed,
  type Sent,
} from '../helpers/report-search-seed.js';
import type { TestServer } from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

/**
 * GET /api/v1/reports (issue 14, item 5): who may search and what they see (session, village,
 * 包保, wall account, town, county), and that a page's items are the reports as
 * GET /api/v1/reports/{id} shows them. Filters: report-search-filters; pages: report-search-paging.
 */

describe.each(STORES)('GET /api/v1/reports on the %s store', (kind) => {
  const seed = reportSearchSeed(kind);
  const { search, all, expected } = seed;
  let server: TestServer;
  let sent: Sent[];
  let county: string;

  beforeAll(async () => {
    ({ server, sent, county } = await seed.start());
  });
  afterAll(async () => {
    await seed.close();
  });

  describe('who may search', () => {
    it('answers 401 without a session, or with a forged one', async () => {
      const none = await search(null);
      expect(none.status).toBe(401);
      expect(none.body.message).toMatch(/请先登录.*login required/);
      expect((await search('forged.token')).status).toBe(401);
    });

    it('takes the session cookie', async () => {
      const res = await fetch(`${server.url}/api/v1/reports?limit=1`, {
        headers: { cookie: `mq_session=${encodeURIComponent(county)}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(ReportPage.parse(await res.json()).items).toHaveLength(1);
    });

    it('shows a village user their village (with its groups), never another village', async () => {
      const me = await login(server.url, 'village-zaoyuan');
      const mine = await all(me);
      expect(ids(mine)).toEqual(expected((s) => s.regionCode.startsWith(ZAOYUAN)));
      expect(mine.map((r) => r.regionCode)).toContain(ZAOYUAN_G1);
      for (const foreign of [HONGFENG, HUILONG, TIECHANG_VILLAGE]) {
        const res = await search(me, { regionCode: foreign });
        expect(res.status).toBe(403);
        expect(res.body.error).toBe('out_of_scope');
        expect(res.body.message).toContain('不在您的管辖范围内');
        expect(res.body.message).toContain('outside your scope');
      }
      // Its own group is inside.
      const group = await search(me, { regionCode: ZAOYUAN_G1 });
      expect(ids(group.body.items)).toEqual(expected((s) => s.regionCode === ZAOYUAN_G1));
    });

    it('adds what a user 包保 (leads) to their scope', async () => {
      const lead = await login(server.url, LEAD);
      const scope = (s: Sent) =>
        s.regionCode.startsWith(ZAOYUAN) || s.regionCode.startsWith(TIECHANG_VILLAGE);
      expect(ids(await all(lead))).toEqual(expected(scope));
      const led = await search(lead, { regionCode: TIECHANG_VILLAGE });
      expect(ids(led.body.items)).toEqual(expected((s) => s.regionCode === TIECHANG_VILLAGE));
      expect((await search(lead, { regionCode: HONGFENG })).status).toBe(403);
    });

    it("refuses the wall account: it reads the wall, never a caller's name or number", async () => {
      const wall = await login(server.url, 'wall-county');
      const res = await search(wall);
      expect(res.status).toBe(403);
      const one = await fetch(
        `${server.url}/api/v1/reports/${encodeURIComponent(sent[0]?.id ?? 'x')}`,
        {
          headers: { authorization: `Bearer ${wall}` },
        },
      );
      expect(one.status).toBe(403);
    });

    it('shows a town its villages and the county everything', async () => {
      const town = await login(server.url, 'town-huilong');
      expect(ids(await all(town))).toEqual(expected((s) => s.regionCode.startsWith(HUILONG)));
      expect((await search(town, { regionCode: TIECHANG_VILLAGE })).status).toBe(403);
      expect(ids(await all(county))).toEqual(expected(() => true));
    });
  });

  describe('what a page holds', () => {
    it('each item is the report as GET /api/v1/reports/{id} shows it', async () => {
      const res = await search(county, { limit: 200 });
      const page = ReportPage.parse(res.body);
      expect(page.nextCursor).toBeNull();
      expect(ids(page.items)).toEqual(expected(() => true));
      for (const item of page.items.slice(0, 3)) {
        expect(item).not.toHaveProperty('phoneHash');
        expect(item).not.toHaveProperty('externalId');
        const one = await api<{ report: ReportDetail }>(
          server.url,
          county,
          'GET',
          `/api/v1/reports/${item.id}`,
        );
        expect(item).toEqual(one.body.report);
      }
    });
  });
});
