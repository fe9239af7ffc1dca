import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311PostResult, Open311ServiceRequest, OrderPage, Report } from '#contracts';
import { api, login, prepareConfig, ZAOYUAN } from '../helpers/cases.js';
import { KEYS, startServer, type TestServer } from '../helpers/server.js';

/** 枣园村 in this test's gazetteer; the nearest other village is 4 km north. */
const ZAOYUAN_POINT = { lat: 33.29, lng: 109.07 };
const HONGFENG = '611025101210';

let server: TestServer;
let county: string;

beforeAll(async () => {
  const configDir = prepareConfig();
  writeFileSync(
    join(configDir, 'gazetteer.json'),
    JSON.stringify({
      maxDistanceKm: 5,
      learn: false,
      villages: { [ZAOYUAN]: ZAOYUAN_POINT, [HONGFENG]: { lat: 33.326, lng: 109.07 } },
    }),
  );
  server = await startServer({ configDir });
  county = await login(server.url, 'county-zhang');
});
afterAll(async () => {
  await server?.close();
});

let counter = 0;

/** A lat/long-only request as a phone app sends it: form-encoded, no address, no region. */
async function postAt(lat: number | string, long: number | string, json = false) {
  counter += 1;
  const description = `村道上有个大坑，下雨积水，骑车容易摔（${counter}号）`;
  const fields = {
    api_key: KEYS.app,
    service_code: 'infrastructure',
    description,
    lat: String(lat),
    long: String(long),
  };
  const res = await fetch(`${server.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: json
      ? JSON.stringify({ ...fields, lat: Number(lat), long: Number(long) })
      : new URLSearchParams(fields).toString(),
  });
  const body = (await res.json()) as Open311PostResult;
  return { status: res.status, id: body[0]?.service_request_id ?? '', description };
}

async function stored(id: string): Promise<Report> {
  const found = (await server.store.recent(500)).find(
    (r) => r.source === 'app' && r.externalId === id,
  );
  if (!found) throw new Error(`request ${id} not stored`);
  return found;
}

async function orderStatus(description: string): Promise<{ status: string; unitCode: string }> {
  for (let i = 0; i < 100; i++) {
    const page = await api<OrderPage>(
      server.url,
      county,
      'GET',
      `/api/v1/work-orders?source=app&q=${encodeURIComponent(description.slice(-6))}`,
    );
    const found = page.body.items?.find((o) => o.text === description);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no work order for ${description}`);
}

describe('Open311 with only lat/long', () => {
  it('near a known village: placed on it and sent to it', async () => {
    // About 300 m from 枣园村's point.
    const posted = await postAt(ZAOYUAN_POINT.lat + 0.002, ZAOYUAN_POINT.lng + 0.002);
    expect(posted.status).toBe(200);
    expect(await stored(posted.id)).toMatchObject({
      regionCode: ZAOYUAN,
      triage: null,
      lat: ZAOYUAN_POINT.lat + 0.002,
    });
    expect(await orderStatus(posted.description)).toMatchObject({
      status: 'dispatched',
      unitCode: ZAOYUAN,
    });
    const [read] = (await (
      await fetch(`${server.url}/open311/v2/requests/${posted.id}.json`)
    ).json()) as Open311ServiceRequest[];
    expect(read).toMatchObject({ address: '回龙镇·枣园村', agency_responsible: '回龙镇·枣园村' });
  });

  it('the nearest of two villages wins, from a JSON client too', async () => {
    const posted = await postAt(33.318, 109.071, true);
    expect(posted.status).toBe(200);
    expect((await stored(posted.id)).regionCode).toBe(HONGFENG);
  });

  it('far from every known village: accepted at the county and left to the dispatcher (待分拨)', async () => {
    // 西安 (Xi'an): 100 km from any village of the county.
    const posted = await postAt(34.26, 108.94);
    expect(posted.status).toBe(200);
    expect(await stored(posted.id)).toMatchObject({
      regionCode: '611025',
      triage: 'location-unplaced',
    });
    expect(await orderStatus(posted.description)).toMatchObject({
      status: 'registered',
      unitCode: '611025',
    });
    const [read] = (await (
      await fetch(`${server.url}/open311/v2/requests/${posted.id}.json`)
    ).json()) as Open311ServiceRequest[];
    expect(read).toMatchObject({
      status: 'open',
      status_notes: '待分拨',
      agency_responsible: null,
    });
  });

  it('is never refused for any valid coordinates', async () => {
    for (const [lat, long] of [
      [0, 0],
      [-90, -180],
      [90, 180],
      ['33.29', '109.07'],
      [33.2900001, 109.0700001],
      [-33.9, 151.2],
    ] as const) {
      const posted = await postAt(lat, long);
      expect(posted.status, `${lat},${long}`).toBe(200);
      expect(posted.id).toMatch(/^\d{10}$/);
    }
  });
});
