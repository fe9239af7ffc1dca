import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, Level, ReportDetail } from '#contracts';
import { COUNTY_OFFSET_MS } from '#contracts/county-time';
import { HUILONG, TIECHANG_VILLAGE, ZAOYUAN, api } from '../helpers/cases.js';
import {
  MINUTE,
  ZAOYUAN_G1,
  ids,
  reportSearchSeed,
  type Sent,
} from '../helpers/report-search-seed.js';
import type { TestServer } from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

/**
 * GET /api/v1/reports (issue 14, item 5): each filter (region, time, category, source, colour,
 * words) alone and together, hostile words, and the 400 a bad query gets.
 */

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

  describe('filters', () => {
    it('regionCode: the whole subtree of a town, a village or a group', async () => {
      for (const code of [HUILONG, ZAOYUAN, ZAOYUAN_G1, TIECHANG_VILLAGE, '611025']) {
        const got = await all(county, { regionCode: code });
        expect(ids(got), code).toEqual(expected((s) => s.regionCode.startsWith(code)));
      }
    });

    it('from and to: [from, to) on occurredAt, as ISO with offset or epoch ms', async () => {
      const from = T0 + 20 * MINUTE;
      const to = T0 + 60 * MINUTE;
      const inRange = expected((s) => s.occurredAt >= from && s.occurredAt < to);
      expect(inRange.length).toBe(4);
      expect(ids(await all(county, { from, to }))).toEqual(inRange);
      // The same instants written in county time.
      const iso = (t: number) =>
        new Date(t + COUNTY_OFFSET_MS).toISOString().replace('Z', '+08:00');
      const zoned = await all(county, { from: iso(from), to: iso(to) });
      expect(ids(zoned)).toEqual(inRange);
      // The two reports of T0+60 are both at `to`'s millisecond: from includes them, to does not.
      expect(ids(await all(county, { from: to }))).toEqual(expected((s) => s.occurredAt >= to));
      expect(ids(await all(county, { to: T0 + 1 }))).toEqual(expected((s) => s.occurredAt === T0));
      // Before 1970 and far ahead are instants too.
      const wide = { from: '1900-01-01T00:00:00+08:00', to: '2999-12-31T00:00:00Z' };
      expect(ids(await all(county, wide))).toEqual(expected(() => true));
    });

    it('category and source: one or a comma list', async () => {
      expect(ids(await all(county, { category: 'livelihood' }))).toEqual(
        expected((s) => s.category === 'livelihood'),
      );
      expect(ids(await all(county, { category: 'dispute,leftBehind' }))).toEqual(
        expected((s) => s.category === 'dispute' || s.category === 'leftBehind'),
      );
      for (const source of ['hotline', 'app', 'grid'] as const) {
        expect(ids(await all(county, { source }))).toEqual(expected((s) => s.source === source));
      }
      expect(ids(await all(county, { source: 'app,grid' }))).toEqual(
        expected((s) => s.source !== 'hotline'),
      );
    });

    it('colour: the colour each report shows, one or a comma list', async () => {
      const levelOf = (s: Sent) => detail.get(s.id)?.level as Level;
      expect(new Set(sent.map(levelOf)).size).toBeGreaterThan(1);
      for (const colours of [['none'], ['blue'], ['orange', 'red'], ['red'], ['none', 'blue']]) {
        const got = await all(county, { colour: colours.join(',') });
        expect(ids(got), colours.join()).toEqual(expected((s) => colours.includes(levelOf(s))));
      }
    });

    it('q: every word must appear, as a substring (Chinese has no spaces)', async () => {
      expect(ids(await all(county, { q: '自来水' }))).toEqual(
        expected((s) => s.text.includes('自来水')),
      );
      // Both words; the full-width space separates words too.
      const two = expected((s) => s.text.includes('自来水') && s.text.includes('老人'));
      expect(two).toHaveLength(1);
      expect(ids(await all(county, { q: '自来水 老人' }))).toEqual(two);
      expect(ids(await all(county, { q: '老人\u3000自来水' }))).toEqual(two);
      expect(await all(county, { q: '自来水 猕猴桃' })).toEqual([]);
      // ASCII letters in either case.
      const wifi = expected((s) => s.text.includes('WiFi'));
      expect(wifi).toHaveLength(1);
      expect(ids(await all(county, { q: 'wifi' }))).toEqual(wifi);
      expect(ids(await all(county, { q: 'WIFI 路灯' }))).toEqual(wifi);
    });

    it('all filters at once', async () => {
      const got = await all(county, {
        regionCode: ZAOYUAN,
        source: 'hotline',
        category: 'livelihood',
        from: T0,
        to: T0 + 61 * MINUTE,
        q: '自来水',
      });
      expect(ids(got)).toEqual(
        expected(
          (s) =>
            s.regionCode.startsWith(ZAOYUAN) &&
            s.source === 'hotline' &&
            s.category === 'livelihood' &&
            s.text.includes('自来水'),
        ),
      );
      expect(got).toHaveLength(2);
    });

    it('hostile words are only data (bound in SQLite, matched in process on InfluxDB)', async () => {
      const hostile = [`' OR 1=1 --`, `" OR ""="`, `\\`, `/.*/`, `$p0`, `%`, `_`, `*`, `) OR (1=1`];
      for (const q of hostile) {
        const res = await search(county, { q });
        expect(res.status, q).toBe(200);
        expect(res.body.items, q).toEqual([]);
      }
      const res = await search(county, { regionCode: `611025' OR '1'='1` });
      expect(res.status).toBe(400);
    });
  });

  describe('bad queries', () => {
    it('answer 400 naming each bad field', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{ limit: '0' }, 'limit'],
        [{ limit: '201' }, 'limit'],
        [{ limit: 'ten' }, 'limit'],
        [{ colour: 'purple' }, 'colour'],
        [{ colour: '' }, 'colour'],
        [{ source: 'fax' }, 'source'],
        [{ category: 'weather' }, 'category'],
        [{ from: 'yesterday' }, 'from'],
        [{ from: '2026-11-22T09:30:00' }, 'from'],
        [{ to: '-5' }, 'to'],
        [{ from: String(T0 + 1000), to: String(T0) }, 'to'],
        [{ regionCode: '12345' }, 'regionCode'],
        [{ regionCode: '611025999999' }, 'regionCode'],
        [{ cursor: 'not-a-cursor' }, 'cursor'],
        [{ region: ZAOYUAN }, 'region'],
        [{ q: 'x'.repeat(201) }, 'q'],
        [{ q: Array.from({ length: 17 }, (_, i) => `w${i}`).join(' ') }, 'q'],
      ];
      for (const [query, field] of cases) {
        const res = await search(county, query);
        expect(res.status, JSON.stringify(query)).toBe(400);
        expect(res.body.error).toBe('invalid_query');
        const paths = (res.body.fields ?? []).map((f) => f.path);
        expect(
          paths.some((p) => p === field || p.startsWith(`${field}.`) || p.startsWith(`${field}[`)),
          `${JSON.stringify(query)} → ${paths.join()}`,
        ).toBe(true);
      }
      // A repeated parameter is not a string.
      const twice = await api<ErrorBody>(
        server.url,
        county,
        'GET',
        '/api/v1/reports?source=app&source=grid',
      );
      expect(twice.status).toBe(400);
      expect(twice.body.fields?.[0]?.path).toBe('source');
    });
  });
});
