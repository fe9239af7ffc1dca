import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category, ErrorBody, Level, ReportDetail, Source, UsersFile } from '#contracts';
import { ReportPage } from '#contracts';
import { COUNTY_OFFSET_MS } from '#contracts/county-time';
import type { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { storedReport } from '#test-helpers/stored-report';
import {
  HONGFENG,
  HUILONG,
  TIECHANG_VILLAGE,
  ZAOYUAN,
  api,
  login,
  prepareConfig,
} from '../helpers/cases.js';
import { KEYS, post, report, startServer, type TestServer } from '../helpers/server.js';
import { STORES } from '../helpers/stores.js';

/** GET /api/v1/reports (issue 14, item 5): filters, words, pages, scope, bad queries. */

const ZAOYUAN_G1 = `${ZAOYUAN}001`; // 枣园村·第一组
const YONGLE_VILLAGE = '611025001001'; // 永乐街道, another town
const DAPING_VILLAGE = '611025103201'; // 大坪镇: only the paging test writes here
const MINUTE = 60_000;
/** A village user who also 包保 西沟口村 in another town. */
const LEAD = 'village-lead';

interface Sent {
  id: string;
  source: Source;
  regionCode: string;
  category: Category;
  text: string;
  occurredAt: number;
}

/** [minutes after T0, source, region, category, text]; two share one millisecond. */
const ROWS: Array<[number, Source, string, Category, string]> = [
  [0, 'hotline', ZAOYUAN, 'livelihood', '自来水停了两天，村民生活用水困难'],
  [10, 'app', ZAOYUAN_G1, 'infrastructure', '村道塌方，车辆无法通行'],
  [20, 'grid', HONGFENG, 'dispute', '两户因宅基地边界发生争吵'],
  [30, 'hotline', TIECHANG_VILLAGE, 'livelihood', '停水三天，自来水管爆裂无人维修'],
  [40, 'app', YONGLE_VILLAGE, 'industry', '猕猴桃销路不畅，果农着急'],
  [50, 'hotline', HONGFENG, 'infrastructure', '路灯不亮，村委会的 WiFi 信号也差'],
  [60, 'grid', ZAOYUAN, 'security', '夜间有陌生车辆在村里转悠'],
  [60, 'hotline', ZAOYUAN, 'livelihood', '自来水水质浑浊有异味，老人不敢喝'],
  [70, 'app', HONGFENG, 'other', '感谢网格员帮忙代办医保'],
  [80, 'hotline', ZAOYUAN_G1, 'dispute', '三十多名村民聚集在村委会门口讨要工程款'],
  [90, 'grid', TIECHANG_VILLAGE, 'leftBehind', '独居老人卧床三天没人送饭'],
  [100, 'hotline', YONGLE_VILLAGE, 'livelihood', '低保金两个月没到账'],
];

const newest = (a: { occurredAt: number; id: string }, b: { occurredAt: number; id: string }) =>
  b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const ids = (xs: ReadonlyArray<{ id: string }>) => xs.map((x) => x.id);

/** A copy of config/ whose users add a village user with a 包保 region in another town. */
function configWithLead(): string {
  const dir = prepareConfig();
  const file = join(dir, 'users.json');
  const users = JSON.parse(readFileSync(file, 'utf8')) as UsersFile;
  const village = users.users.find((u) => u.id === 'village-zaoyuan');
  if (!village) throw new Error('no village-zaoyuan in config/users.json');
  users.users.push({
    ...village,
    id: LEAD,
    username: LEAD,
    name: '包保干部',
    leads: [TIECHANG_VILLAGE],
  });
  writeFileSync(file, JSON.stringify(users, null, 2));
  return dir;
}

/** Post drafts, one request per source (a key posts for its source only); ids in input order. */
async function ingest(server: TestServer, rows: ReadonlyArray<Omit<Sent, 'id'>>): Promise<Sent[]> {
  const out: Sent[] = [];
  for (const row of rows) {
    const res = await post(
      server.url,
      report({
        source: row.source,
        regionCode: row.regionCode,
        category: row.category,
        text: row.text,
        occurredAt: new Date(row.occurredAt).toISOString(),
      }),
      { key: KEYS[row.source] },
    );
    if (res.status !== 202) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
    out.push({ ...row, id: (res.body.ids as string[])[0] as string });
  }
  return out;
}

describe.each(STORES)('GET /api/v1/reports on the %s store', (kind) => {
  let server: TestServer;
  let sent: Sent[];
  let county: string;
  /** Every report as the county sees it, by id. */
  let detail: Map<string, ReportDetail>;
  const T0 = Math.floor((Date.now() - 3 * 24 * 3_600_000) / 1000) * 1000 + 123;

  async function search(token: string | null, query: Record<string, string | number> = {}) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return api<ReportPage & ErrorBody>(server.url, token, 'GET', `/api/v1/reports?${qs}`);
  }

  /** Every page of a search with the county's token; the items in order. */
  async function all(token: string, query: Record<string, string | number> = {}) {
    const items: ReportDetail[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const res = await search(token, { ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = ReportPage.parse(res.body);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('more than 100 pages');
  }

  /** The fixture's ids that satisfy `keep`, newest first. */
  const expected = (keep: (s: Sent) => boolean) => ids(sent.filter(keep).sort(newest));

  beforeAll(async () => {
    server = await startServer({ store: kind, configDir: configWithLead() });
    sent = await ingest(
      server,
      ROWS.map(([minutes, source, regionCode, category, text]) => ({
        source,
        regionCode,
        category,
        text,
        occurredAt: T0 + minutes * MINUTE,
      })),
    );
    // InfluxDB answers for what it holds and the spool for what waits: some of each.
    if (kind === 'influx') await (server.store as InfluxReportStore).drained();
    county = await login(server.url, 'county-zhang');
    const everything = await search(county, { limit: 200 });
    detail = new Map(ReportPage.parse(everything.body).items.map((r) => [r.id, r]));
  });
  afterAll(async () => {
    await server?.close();
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

  // The tests below add reports and corrections: they run last.
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
