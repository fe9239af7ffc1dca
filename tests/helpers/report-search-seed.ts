import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Category, ErrorBody, ReportDetail, Source, UsersFile } from '#contracts';
import { ReportPage } from '#contracts';
import type { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { HONGFENG, TIECHANG_VILLAGE, ZAOYUAN, api, login, prepareConfig } from './cases.js';
import { KEYS, post, report, startServer, type TestServer } from './server.js';
import type { StoreKind } from './stores.js';

/**
 * The seeded server behind the GET /api/v1/reports suites (tests/integration/report-search-*):
 * twelve reports over three towns, a county token, and the search, page-walk and expectation
 * helpers those suites share. Each suite seeds its own server with `reportSearchSeed(kind)`.
 */

export const ZAOYUAN_G1 = `${ZAOYUAN}001`; // 枣园村·第一组
const YONGLE_VILLAGE = '611025001001'; // 永乐街道, another town
export const MINUTE = 60_000;
/** A village user who also 包保 西沟口村 in another town. */
export const LEAD = 'village-lead';

export interface Sent {
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

export const newest = (
  a: { occurredAt: number; id: string },
  b: { occurredAt: number; id: string },
) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
export const ids = (xs: ReadonlyArray<{ id: string }>) => xs.map((x) => x.id);

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
export async function ingest(
  server: TestServer,
  rows: ReadonlyArray<Omit<Sent, 'id'>>,
): Promise<Sent[]> {
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

/** What `start()` built: the server, the seeded reports and the county's view of them. */
export interface SearchSeeded {
  server: TestServer;
  /** The seeded reports, in ROWS order. */
  sent: Sent[];
  /** The county's session token. */
  county: string;
  /** Every report as the county sees it, by id. */
  detail: Map<string, ReportDetail>;
}

/**
 * One suite's seed on one store. T0 and the helpers exist at once; call `start()` in beforeAll
 * (the helpers answer only after it) and `close()` in afterAll.
 */
export function reportSearchSeed(kind: StoreKind) {
  const T0 = Math.floor((Date.now() - 3 * 24 * 3_600_000) / 1000) * 1000 + 123;
  let server: TestServer | undefined;
  let sent: Sent[] | undefined;

  function url(): string {
    if (!server) throw new Error('reportSearchSeed: start() has not run');
    return server.url;
  }

  async function search(token: string | null, query: Record<string, string | number> = {}) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return api<ReportPage & ErrorBody>(url(), token, 'GET', `/api/v1/reports?${qs}`);
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
  const expected = (keep: (s: Sent) => boolean) => {
    if (!sent) throw new Error('reportSearchSeed: start() has not run');
    return ids(sent.filter(keep).sort(newest));
  };

  /** Start the server on `kind`, post ROWS at T0 onwards, log the county in. */
  async function start(): Promise<SearchSeeded> {
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
    const county = await login(server.url, 'county-zhang');
    const everything = await search(county, { limit: 200 });
    const detail = new Map(ReportPage.parse(everything.body).items.map((r) => [r.id, r]));
    return { server, sent, county, detail };
  }

  async function close() {
    await server?.close();
  }

  return { T0, search, all, expected, start, close };
}
