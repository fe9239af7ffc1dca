import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311Errors, Open311Service, Open311ServiceRequest } from '#contracts';
import { KEYS, startServer, type TestServer } from '../helpers/server.js';
import { open311Client, validRequest, type Answer } from '../helpers/open311-client.js';

/** Open311 posting: discovery, a request taken in form or JSON, where it is placed, and refusals. */

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const { call, postForm, postJson, ledgerCount, storedApp } = open311Client(() => server);

describe('Open311 GeoReport v2', () => {
  it('a client discovers the services, posts a request and reads its status', async () => {
    const discovery = await call<{ endpoints: Array<{ url: string; formats: string[] }> }>(
      '/open311/discovery.json',
    );
    expect(discovery.status).toBe(200);
    expect(discovery.body.endpoints[0]).toMatchObject({
      url: `${server.url}/open311/v2`,
      formats: ['application/json'],
    });

    const services = await call<Open311Service[]>('/open311/v2/services.json');
    expect(services.status).toBe(200);
    expect(services.body).toHaveLength(9);
    const road = services.body.find((s) => s.service_name === '设施建设');
    expect(road).toMatchObject({
      service_code: 'infrastructure',
      metadata: false,
      type: 'realtime',
      group: '设施',
    });
    expect(road?.keywords).toContain('道路');

    const posted = await postForm(validRequest({ service_code: road?.service_code ?? '' }));
    expect(posted.status).toBe(200);
    const [created] = posted.body;
    expect(created?.service_request_id).toMatch(/^\d{10}$/);
    expect(created?.service_notice).toContain('受理编号');
    expect(created?.account_id).toBeNull();
    const id = created?.service_request_id ?? '';

    // 已受理 until its work order is opened (a moment later), then the order's step.
    let read = await call<Open311ServiceRequest[]>(`/open311/v2/requests/${id}.json`);
    for (let i = 0; i < 100 && read.body[0]?.status_notes === '已受理'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      read = await call<Open311ServiceRequest[]>(`/open311/v2/requests/${id}.json`);
    }
    expect(read.status).toBe(200);
    expect(read.body).toHaveLength(1);
    expect(read.body[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '待签收（回龙镇·枣园村）',
      service_code: 'infrastructure',
      service_name: '设施建设',
      description: '村口通组道路塌方，三轮车过不去',
      address: '回龙镇·枣园村·第一组',
      agency_responsible: '回龙镇·枣园村',
      lat: null,
      long: null,
    });
    expect(read.body[0]?.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);

    const report = await storedApp(id);
    expect(report).toMatchObject({
      source: 'app',
      regionCode: '611025101202001',
      category: 'infrastructure',
      triage: null,
    });
  });

  it('takes JSON too, with the reporter, a place from address_string, coordinates and media', async () => {
    const posted = await postJson({
      api_key: KEYS.app,
      service_code: 'livelihood',
      description: '家里老人低保停发了，电话13812345678',
      address_string: '陕西省商洛市镇安县回龙镇枣园村三组',
      lat: 33.42,
      long: '109.15',
      first_name: '小明',
      last_name: '王',
      phone: '13812345678',
      email: 'wang@example.com',
      device_id: 'phone-1',
      account_id: 'acct-7',
      media_url: 'https://example.com/p/1.jpg',
      jurisdiction_id: '611025',
    });
    expect(posted.status).toBe(200);
    const id = posted.body[0]?.service_request_id ?? '';
    expect(posted.body[0]?.account_id).toBe('acct-7');

    const report = await storedApp(id);
    expect(report).toMatchObject({
      regionCode: '611025101202003',
      category: 'livelihood',
      reporterName: '王小明',
      phoneMasked: '138******78',
      lat: 33.42,
      lng: 109.15,
      address: '陕西省商洛市镇安县回龙镇枣园村三组',
    });
    expect(report?.text).not.toContain('13812345678');

    const [read] = (await call<Open311ServiceRequest[]>(`/open311/v2/requests/${id}.json`)).body;
    expect(read).toMatchObject({
      // Public: the place the address resolved to, not the address as written.
      address: '回龙镇·枣园村·第三组',
      lat: 33.42,
      long: 109.15,
      media_url: 'https://example.com/p/1.jpg',
    });
    expect(read?.description).toBe('家里老人低保停发了，电话138******78');
  });

  it('keeps an address understood only part way, at the deepest place, marked for a person', async () => {
    const posted = await postForm({
      api_key: KEYS.app,
      service_code: 'security',
      description: '河边有人偷挖沙子',
      address_string: '回龙镇不知名村河边',
    });
    expect(posted.status).toBe(200);
    const report = await storedApp(posted.body[0]?.service_request_id ?? '');
    expect(report).toMatchObject({ regionCode: '611025101', triage: 'address-partial' });
  });

  const longText = 'x'.repeat(2001);
  const refusals: Array<[string, () => Promise<Answer<Open311Errors>>, number, RegExp]> = [
    ['no api_key', () => postForm(validRequest({ api_key: '' })), 403, /^api_key: missing/],
    [
      'an unknown api_key',
      () => postForm(validRequest({ api_key: 'nope-0123456789abcdef' })),
      403,
      /^api_key: unknown key/,
    ],
    [
      'the key of another source',
      () => postForm(validRequest({ api_key: KEYS.hotline })),
      403,
      /^api_key: this key belongs to source "hotline"/,
    ],
    [
      'no service_code',
      () => postForm(validRequest({ service_code: '' })),
      400,
      /^service_code: required/,
    ],
    [
      'no description',
      () => postForm(validRequest({ description: '' })),
      400,
      /^description: required/,
    ],
    [
      'a description that is not text',
      () => postJson({ ...validRequest(), description: 42 }),
      400,
      /^description: must be a string/,
    ],
    [
      'an oversize description',
      () => postForm(validRequest({ description: longText })),
      400,
      /^description: too long \(at most 2000/,
    ],
    [
      'a lat that is not a number',
      () => postForm(validRequest({ lat: 'north', long: '109' })),
      400,
      /^lat: must be a number/,
    ],
    [
      'an unknown field',
      () => postForm(validRequest({ colour: 'red' })),
      400,
      /^colour: unknown field/,
    ],
    [
      'an unknown attribute',
      () => postForm(validRequest({ 'attribute[WHISPAWN]': '1' })),
      400,
      /^attribute\[WHISPAWN\]: unknown attribute/,
    ],
    [
      'a bad email',
      () => postForm(validRequest({ email: 'not-an-email' })),
      400,
      /^email: must be an email/,
    ],
    [
      'an unknown service code',
      () => postForm(validRequest({ service_code: 'pothole' })),
      404,
      /^service_code: unknown service "pothole"/,
    ],
    [
      'another jurisdiction',
      () => postForm(validRequest({ jurisdiction_id: 'city.gov' })),
      404,
      /^jurisdiction_id: unknown jurisdiction "city.gov"/,
    ],
    [
      'an unknown region',
      () => postForm(validRequest({ 'attribute[region_code]': '611025999999' })),
      400,
      /^attribute\[region_code\]: unknown region code 611025999999/,
    ],
    [
      'a malformed region code',
      () => postForm(validRequest({ 'attribute[region_code]': 'abc' })),
      400,
      /^attribute\[region_code\]: must be a 6, 9, 12 or 15 digit/,
    ],
    [
      'the county as region',
      () => postForm(validRequest({ 'attribute[region_code]': '611025' })),
      400,
      /^attribute\[region_code\]: must be a town, village or group/,
    ],
    [
      'an address that names nothing here',
      () =>
        postForm({
          ...validRequest(),
          'attribute[region_code]': '',
          address_string: 'Main Street 1',
        }),
      400,
      /^address_string: names no town or village of 镇安县/,
    ],
    [
      'half a coordinate',
      () => postForm({ ...validRequest(), 'attribute[region_code]': '', lat: '33.4' }),
      400,
      /^long: required when lat is given/,
    ],
    [
      'no place at all',
      () => postForm({ ...validRequest(), 'attribute[region_code]': '' }),
      400,
      /^address_string: required/,
    ],
    ['broken JSON', () => postJson('{"api_key": '), 400, /^body: not valid JSON/],
    [
      'a body that is not a form or JSON',
      () =>
        call<Open311Errors>('/open311/v2/requests.json', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'hello',
        }),
      400,
      /^Content-Type: must be application\/x-www-form-urlencoded or application\/json/,
    ],
    [
      'a body over 64 kB',
      () => postForm(validRequest({ description: '路'.repeat(30_000) })),
      413,
      /^body: too large/,
    ],
    [
      'the XML format',
      () => call<Open311Errors>('/open311/v2/requests.xml', { method: 'POST' }),
      400,
      /^format: "\.xml" is not served here/,
    ],
  ];

  it.each(refusals)(
    'refuses %s with a clear 4xx naming the field, and stores nothing',
    async (_name, send, status, description) => {
      const before = { reports: await server.store.total(), requests: await ledgerCount() };
      const res = await send();
      expect(res.status).toBe(status);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body[0]?.code).toBe(status);
      expect(res.body[0]?.description).toMatch(description);
      expect(await server.store.total()).toBe(before.reports);
      expect(await ledgerCount()).toBe(before.requests);
    },
  );
});
