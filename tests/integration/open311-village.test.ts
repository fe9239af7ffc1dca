import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Open311PostResult,
  Open311ServiceRequest,
  VillageInfo,
  VillageReportResult,
} from '#contracts';
import { villagePageRouter } from '../../collectors/open311/page.js';
import { ZAOYUAN } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { open311Client, validRequest, type Answer } from '../helpers/open311-client.js';

/**
 * The resident's other ways in: the village QR page's API (no key, limited per address), the
 * /r/{villageCode} page itself, and the requests' ledger across a restart.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const { call, postJson, storedApp } = open311Client(() => server);

describe('the village QR page API', () => {
  it('describes a village and its groups', async () => {
    const res = await call<VillageInfo>(`/api/v1/collectors/app/villages/${ZAOYUAN}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: ZAOYUAN, name: '枣园村', place: '回龙镇·枣园村' });
    expect(res.body.groups[0]).toEqual({ code: `${ZAOYUAN}001`, name: '第一组' });
    expect((await call('/api/v1/collectors/app/villages/611025101')).status).toBe(404);
  });

  it('takes a report without a key and answers with the request number', async () => {
    const res = await postJson<VillageReportResult>(
      {
        villageCode: ZAOYUAN,
        groupCode: `${ZAOYUAN}002`,
        category: 'leftBehind',
        text: '隔壁独居老人几天没出门了',
        phone: '13912345678',
      },
      '/api/v1/collectors/app/village-report',
    );
    expect(res.status).toBe(201);
    expect(res.body.serviceRequestId).toMatch(/^\d{10}$/);
    const report = await storedApp(res.body.serviceRequestId);
    expect(report).toMatchObject({
      source: 'app',
      regionCode: `${ZAOYUAN}002`,
      category: 'leftBehind',
      phoneMasked: '139******78',
    });
    const read = await call<Open311ServiceRequest[]>(
      `/open311/v2/requests/${res.body.serviceRequestId}.json`,
    );
    expect(read.body[0]).toMatchObject({ service_name: '留守人员代管', status: 'open' });
  });

  it('refuses bad fields by name and stores nothing', async () => {
    const base = { villageCode: ZAOYUAN, category: 'dispute', text: '邻里为宅基地吵架' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, villageCode: '611025101999' }, 'villageCode'],
      [{ ...base, villageCode: '611025101' }, 'villageCode'],
      [{ ...base, groupCode: '611025101210001' }, 'groupCode'],
      [{ ...base, category: 'pothole' }, 'category'],
      [{ ...base, text: '  ' }, 'text'],
      [{ ...base, text: 'x'.repeat(2001) }, 'text'],
      [{ ...base, phone: '12345' }, 'phone'],
      [{ ...base, apiKey: 'x' }, 'apiKey'],
    ];
    for (const [body, field] of cases) {
      const before = await server.store.total();
      const res = await postJson<{ fields: Array<{ path: string }> }>(
        body,
        '/api/v1/collectors/app/village-report',
      );
      expect(res.status, field).toBe(400);
      expect(
        res.body.fields.map((f) => f.path),
        field,
      ).toContain(field);
      expect(await server.store.total()).toBe(before);
    }
  });

  it('limits each address: a burst, then 429 with Retry-After', async () => {
    let limited: Answer | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await postJson({ villageCode: ZAOYUAN }, '/api/v1/collectors/app/village-report');
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the /r/{villageCode} page', () => {
  it('answers an unknown village with a Chinese 404 page', async () => {
    const res = await call<string>('/r/611025101999');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('未找到该村（社区）');
    expect((await call<string>('/r/%3Cscript%3E')).body).not.toContain('<script>');
  });

  it('answers 503 while the page is not built', async () => {
    const app = express();
    app.use(villagePageRouter({ wallDir: '/nonexistent', regions: server.regions }));
    const http = app.listen(0, '127.0.0.1');
    await new Promise((r) => http.once('listening', r));
    const { port } = http.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/r/${ZAOYUAN}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:wall');
    await new Promise((r) => http.close(r));
  });
});

describe('across a restart', () => {
  it('keeps the requests and goes on numbering', async () => {
    const s = await startServer();
    try {
      const post = () =>
        fetch(`${s.url}/open311/v2/requests.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(validRequest()).toString(),
        }).then((r) => r.json() as Promise<Open311PostResult>);
      const first = (await post())[0]?.service_request_id ?? '';
      await s.stop();
      const again = await startServer({ dataDir: s.dataDir, configDir: s.configDir });
      try {
        const read = await fetch(`${again.url}/open311/v2/requests/${first}.json`);
        expect(read.status).toBe(200);
        const next = await fetch(`${again.url}/open311/v2/requests.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(validRequest()).toString(),
        }).then((r) => r.json() as Promise<Open311PostResult>);
        const second = next[0]?.service_request_id ?? '';
        // The next number of the same day (or the first of the next, across midnight).
        expect(second).toBe(
          second.slice(0, 6) === first.slice(0, 6)
            ? String(Number(first) + 1)
            : `${second.slice(0, 6)}0001`,
        );
      } finally {
        await again.close();
      }
    } finally {
      await s.close();
    }
  });
});
