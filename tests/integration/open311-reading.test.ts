import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311Errors, Open311ServiceRequest, OrderPage, WorkOrder } from '#contracts';
import { api, login, ZAOYUAN } from '../helpers/cases.js';
import { KEYS, startServer, type TestServer } from '../helpers/server.js';
import { open311Client, validRequest, type Answer } from '../helpers/open311-client.js';

/** Open311 reading: unknown requests and paths, filtering the list, and a request's status to closed. */

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const { call, postForm } = open311Client(() => server);

describe('Open311 GeoReport v2', () => {
  it('answers a request that does not exist, and an unknown path, with a 404 in Open311 form', async () => {
    const missing = await call<Open311Errors>('/open311/v2/requests/2001010001.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([
      { code: 404, description: 'service_request_id: no request "2001010001"' },
    ]);
    const path = await call<Open311Errors>('/open311/v2/tokens/1.json');
    expect(path.status).toBe(404);
    expect(path.body[0]?.description).toMatch(/^path: GET \/open311\/v2\/tokens\/1\.json/);
    expect((await call('/open311/v2/services.xml')).status).toBe(400);
  });

  it('filters requests by id, service code, dates and status, newest first', async () => {
    const a = (
      await postForm(validRequest({ service_code: 'agency', description: '请帮忙代办身份证' }))
    ).body[0]?.service_request_id;
    const b = (
      await postForm(validRequest({ service_code: 'ceremony', description: '红白理事会借桌椅' }))
    ).body[0]?.service_request_id;
    const ids = (res: Answer<Open311ServiceRequest[]>) => res.body.map((r) => r.service_request_id);

    const all = await call<Open311ServiceRequest[]>('/open311/v2/requests.json');
    expect(all.status).toBe(200);
    expect(ids(all).slice(0, 2)).toEqual([b, a]);

    const byId = await call<Open311ServiceRequest[]>(
      `/open311/v2/requests.json?service_request_id=${a},${b},2001010001`,
    );
    expect(ids(byId).sort()).toEqual([a, b].sort());
    const byCode = await call<Open311ServiceRequest[]>(
      '/open311/v2/requests.json?service_code=agency,ceremony',
    );
    expect(ids(byCode)).toEqual([b, a]);
    const open = await call<Open311ServiceRequest[]>('/open311/v2/requests.json?status=open');
    expect(ids(open)).toContain(a);
    const closed = await call<Open311ServiceRequest[]>('/open311/v2/requests.json?status=closed');
    expect(ids(closed)).not.toContain(a);

    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const inRange = await call<Open311ServiceRequest[]>(
      `/open311/v2/requests.json?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 60_000)}`,
    );
    expect(ids(inRange)).toContain(a);
    const before = await call<Open311ServiceRequest[]>(
      `/open311/v2/requests.json?start_date=${iso(now - 40 * 86_400_000)}&end_date=${iso(now - 30 * 86_400_000)}`,
    );
    expect(before.body).toEqual([]);

    const bad: Array<[string, RegExp]> = [
      ['status=pending', /^status: /],
      ['service_code=pothole', /^service_code: unknown service "pothole"/],
      ['start_date=yesterday', /^start_date: must be ISO 8601/],
      [
        `start_date=${iso(now - 100 * 86_400_000)}&end_date=${iso(now)}`,
        /^start_date: the range may not span more than 90 days/,
      ],
      [`start_date=${iso(now)}&end_date=${iso(now - 1000)}`, /^end_date: must not be before/],
    ];
    for (const [query, description] of bad) {
      const res = await call<Open311Errors>(`/open311/v2/requests.json?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body[0]?.description, query).toMatch(description);
    }
    const jurisdiction = await call<Open311Errors>('/open311/v2/requests.json?jurisdiction_id=x');
    expect(jurisdiction.status).toBe(404);
  });

  it('is closed once its work order is 办结, with the step in Chinese', async () => {
    const description = '村口到三组的路上有个大坑，下雨就积水，麻烦修一下';
    const posted = await postForm({
      api_key: KEYS.app,
      service_code: 'infrastructure',
      description,
      'attribute[region_code]': ZAOYUAN,
    });
    const id = posted.body[0]?.service_request_id ?? '';
    const read = async () =>
      (await call<Open311ServiceRequest[]>(`/open311/v2/requests/${id}.json`)).body[0];
    const village = await login(server.url, 'village-zaoyuan');
    let order: WorkOrder | undefined;
    for (let i = 0; i < 100 && !order; i++) {
      const page = await api<OrderPage>(
        server.url,
        village,
        'GET',
        '/api/v1/work-orders?source=app',
      );
      order = page.body.items.find((o) => o.text === description);
      if (!order) await new Promise((r) => setTimeout(r, 20));
    }
    if (!order) throw new Error('no work order for the request');
    expect(await read()).toMatchObject({
      status: 'open',
      status_notes: '待签收（回龙镇·枣园村）',
      agency_responsible: '回龙镇·枣园村',
    });
    expect((await read())?.expected_datetime).toMatch(/\+08:00$/);

    const step = (action: string, body: unknown = {}) =>
      api(server.url, village, 'POST', `/api/v1/work-orders/${order.id}/${action}`, body);
    expect((await step('sign')).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'open', status_notes: '已签收（回龙镇·枣园村）' });
    expect((await step('answer', { text: '已填平' })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'open', status_notes: '已答复：已填平' });
    const town = await login(server.url, 'town-huilong');
    const visit = { satisfaction: 'satisfied' };
    const path = `/api/v1/work-orders/${order.id}/visit`;
    expect((await api(server.url, town, 'POST', path, visit)).status).toBe(200);

    const done = await read();
    expect(done).toMatchObject({
      status: 'closed',
      status_notes: '已办结：已填平',
      expected_datetime: null,
      agency_responsible: '回龙镇·枣园村',
    });
    const closed = await call<Open311ServiceRequest[]>('/open311/v2/requests.json?status=closed');
    expect(closed.body.map((r) => r.service_request_id)).toContain(id);
  });
});
