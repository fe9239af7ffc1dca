import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridQuietReport, Open311ServiceRequest, Report, ReportView } from '#contracts';
import { hashPhone } from '../../backend/platform/privacy.js';
import { WALL_READS } from '../../backend/realtime/wall-access.js';
import { login } from '../helpers/cases.js';
import { storedReport } from '../helpers/stored-report.js';
import {
  KEYS,
  connectWall,
  post,
  postTo,
  report,
  startServer,
  waitForEvent,
  waitForReport,
  type TestServer,
} from '../helpers/server.js';

/** Personal data leaks (issue 15, finding 6) and the wall's REST reads behind WALL_TOKEN (7). */

const VILLAGE = '611025101202'; // 回龙镇·枣园村
/** One resident's numbers, each written a way people write them. */
const WRITTEN = [
  '138 1234 5678',
  '138-1234-5678',
  '+8613812345678',
  '8613812345678',
  '１３８１２３４５６７８',
  '0914-5321234',
  '610424199001011234',
  '61042419900101123X',
];
const TEXT = `村道塌方，联系：${WRITTEN.join('、')}`;
/** What would make any of those numbers readable: more of it than the first 3 and last 2. */
const LEAKS = [/138\D?1234/, /1234\D?5678/, /5321234/, /4241990/, /19900101/, /１２３４/];

function expectNoNumbers(value: unknown): void {
  const json = JSON.stringify(value);
  for (const leak of LEAKS) expect(json).not.toMatch(leak);
}

/** The view as JSON without its id, times and hash, whose digits could match by chance. */
function personal(value: object | undefined): string {
  return JSON.stringify({ ...value, id: '', occurredAt: 0, receivedAt: 0, phoneHash: '' });
}

/** No field of the report view (or of anything it nests) names the person or their door. */
const PERSONAL_FIELDS = ['reporterName', 'phoneMasked', 'phoneHash', 'lat', 'lng', 'address'];
function expectNoPersonalFields(view: object): void {
  for (const field of PERSONAL_FIELDS) expect(view).not.toHaveProperty(field);
  expect(view).not.toHaveProperty('externalId');
}

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

async function stored(id: string): Promise<Report> {
  const found = await server.store.get(id);
  if (!found) throw new Error(`report ${id} not stored`);
  return found;
}

describe('personal data is masked before it is stored', () => {
  it('masks every way of writing a phone or ID number in a report, and keeps the caller only as a mask and a hash', async () => {
    const res = await post(
      server.url,
      report({
        regionCode: VILLAGE,
        text: TEXT,
        reporter: { name: '王秀英', phone: '+86 139-8765-4321' },
        location: { lat: 33.423171, lng: 109.151234, address: '枣园村三组王秀英家门口' },
      }),
    );
    expect(res.status).toBe(202);
    const kept = await stored((res.body.ids as string[])[0] ?? '');
    expectNoNumbers(kept.text);
    expect(kept.text).toContain('138 **** **78');
    expect(kept.text).toContain('610*************34');
    expect(kept.phoneMasked).toBe('139******21');
    expect(kept.phoneHash).toBe(hashPhone('13987654321', 'test-salt'));
    expect(personal(kept)).not.toMatch(/8765|4321/);
  });

  it('masks the hotline caller number and the order text the same way', async () => {
    const res = await postTo(
      server.url,
      '/api/v1/collectors/hotline/orders',
      {
        orderNo: `GD-privacy-${Date.now()}`,
        callTime: new Date().toISOString(),
        callerNumber: '0914-5321234',
        callerName: '李师傅',
        content: `回电１３８１２３４５６７８，身份证61042419900101123X`,
        regionCode: VILLAGE,
      },
      { key: KEYS.hotline },
    );
    expect(res.status).toBe(202);
    const kept = await stored((res.body.ids as string[])[0] ?? '');
    expect(kept.text).toBe('回电138******78，身份证610*************3X');
    expect(kept.phoneMasked).toBe('0914-*****34');
  });
});

describe('the wall carries no personal data', () => {
  it('pushes reports without name, phone, coordinates or address', async () => {
    const wall = connectWall(server.url);
    const snapshot = await waitForEvent(wall, 'snapshot');
    for (const view of snapshot.recentReports) expectNoPersonalFields(view);
    const seen = waitForReport(wall, (r) => r.text.includes('墙上'));
    await post(
      server.url,
      report({
        regionCode: VILLAGE,
        text: `墙上不该有的：${TEXT}`,
        reporter: { name: '赵大妈', phone: '13512345678' },
        location: { lat: 33.4231, lng: 109.1512, address: '赵大妈家' },
      }),
    );
    const pushed: ReportView = await seen;
    expectNoPersonalFields(pushed);
    expectNoNumbers(pushed);
    expect(personal(pushed)).not.toMatch(/赵大妈|33\.42|109\.15|1351/);
    wall.close();
  });

  it('masks on the way out what an older version stored in clear', async () => {
    const legacy = storedReport({
      id: `legacy-${Date.now()}`,
      receivedAt: Date.now(),
      occurredAt: Date.now(),
      text: `旧数据：${TEXT}`,
      reporterName: '钱老汉',
      phoneMasked: '138****5678',
      lat: 33.4231,
      lng: 109.1512,
      address: '钱老汉家',
    });
    await server.store.append([legacy]);
    const wall = connectWall(server.url);
    await waitForEvent(wall, 'snapshot');
    const seen = waitForReport(wall, (r) => r.id === legacy.id);
    // Published as ingest would have published it then: the wall's one way out is toView.
    server.app.bus.emit('report.accepted', legacy);
    const pushed = await seen;
    wall.close();
    expect(pushed.text).toMatch(/^旧数据：/);
    expectNoPersonalFields(pushed);
    expectNoNumbers(pushed);
    expect(personal(pushed)).not.toMatch(/钱老汉|5678/);
  });
});

describe('the public Open311 list carries no personal data', () => {
  it('answers with the place name, coordinates to about 1 km and the description masked', async () => {
    const posted = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: KEYS.app,
        service_code: 'infrastructure',
        description: `门口的路塌了 ${TEXT}`,
        address_string: '镇安县回龙镇枣园村三组孙二娘家门口',
        lat: '33.423171',
        long: '109.151234',
        first_name: '二娘',
        last_name: '孙',
        phone: '13812345678',
        email: 'sun@example.com',
      }).toString(),
    });
    expect(posted.status).toBe(200);
    const [{ service_request_id: id }] = (await posted.json()) as [{ service_request_id: string }];
    const list = (await (
      await fetch(`${server.url}/open311/v2/requests.json`)
    ).json()) as Open311ServiceRequest[];
    const one = (await (
      await fetch(`${server.url}/open311/v2/requests/${id}.json`)
    ).json()) as Open311ServiceRequest[];
    for (const read of [list.find((r) => r.service_request_id === id), one[0]]) {
      expect(read).toMatchObject({ address: '回龙镇·枣园村·第三组', lat: 33.42, long: 109.15 });
      expectNoNumbers(read);
      expect(JSON.stringify(read)).not.toMatch(/孙|二娘|sun@|3\.4231|1\.1512/);
    }
  });
});

describe('the grid answer carries no worker names', () => {
  it('lists workers by id only', async () => {
    const res = await fetch(`${server.url}/api/v1/collectors/grid/quiet?regionCode=${VILLAGE}`);
    const body = (await res.json()) as GridQuietReport;
    const workers = body.villages.flatMap((v) => v.workers);
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) expect(Object.keys(worker)).toEqual(['id']);
  });
});

describe('WALL_TOKEN covers every REST read the wall makes', () => {
  const TOKEN = 'wall-token-privacy-0123456789';
  let guarded: TestServer;
  let alertId = 'none';

  beforeAll(async () => {
    guarded = await startServer({ wallToken: TOKEN });
    await post(
      guarded.url,
      report({ regionCode: VILLAGE, text: '三十多名村民聚集在村委会门口讨要工程款' }),
    );
    alertId = guarded.app.sentiment.activeAlerts()[0]?.id ?? 'none';
  });
  afterAll(async () => {
    await guarded?.close();
  });

  const urls = () => [
    '/api/v1/alerts',
    `/api/v1/alerts/${alertId}`,
    `/api/v1/levels?regionCode=${VILLAGE}`,
    '/api/v1/stats/history?hours=24&bucketMinutes=60&by=source',
    `/api/v1/collectors/grid/quiet?regionCode=${VILLAGE}`,
    '/api/v1/wall/cases-summary',
    '/api/v1/wall/assessment',
  ];

  it('guards each path of the wall reads list', () => {
    expect(urls().map((u) => u.split('?')[0]?.replace(alertId, ':id'))).toEqual(WALL_READS);
  });

  it('answers 401 without the token or with a wrong one, 200 with it', async () => {
    expect(alertId).not.toBe('none');
    for (const url of urls()) {
      const none = await fetch(`${guarded.url}${url}`);
      expect([url, none.status]).toEqual([url, 401]);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await fetch(`${guarded.url}${url}`, {
        headers: { authorization: 'Bearer not-the-wall-token-000' },
      });
      expect([url, wrong.status]).toEqual([url, 401]);
      const right = await fetch(`${guarded.url}${url}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect([url, right.status]).toEqual([url, 200]);
    }
  });

  it('lets a staff login read them too, and leaves the region tree and health open', async () => {
    const session = await login(guarded.url, 'county-zhang');
    for (const url of urls()) {
      const res = await fetch(`${guarded.url}${url}`, {
        headers: { authorization: `Bearer ${session}` },
      });
      expect([url, res.status]).toEqual([url, 200]);
    }
    expect((await fetch(`${guarded.url}/api/v1/regions`)).status).toBe(200);
    expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
  });

  it('leaves every read open when no token is set (the default)', async () => {
    for (const url of urls()) {
      const res = await fetch(`${server.url}${url.replace(alertId, 'none')}`);
      expect([url, res.status === 401]).toEqual([url, false]);
    }
  });
});

describe('security headers on API answers', () => {
  it('sends the CSP, nosniff, no-referrer and no framing on JSON, errors and 401s', async () => {
    const guarded = await startServer({ wallToken: 'wall-token-headers-0123456789' });
    try {
      const answers = [
        await fetch(`${server.url}/api/v1/regions`),
        await fetch(`${server.url}/open311/v2/requests/x.json`),
        await fetch(`${guarded.url}/api/v1/alerts`),
        await fetch(`${guarded.url}/`),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 404, 401, 401]);
      for (const res of answers) {
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
      // Express's own 404 page narrows the policy further (default-src 'none'), headers stay.
      const missing = await fetch(`${server.url}/api/v1/nothing-here`);
      expect(missing.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
      expect(missing.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await guarded.close();
    }
  });
});
