import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Open311PostResult } from '#contracts';
import { prepareConfig, ZAOYUAN } from '../helpers/cases.js';
import { KEYS, postTo, startServer, type TestServer } from '../helpers/server.js';

/** 枣园村's grid worker (config/grid-workers.json) and a group of the village. */
const WORKER = 'W611025101202';
const GROUP = '611025101202001';
/** Where 枣园村 lies in this test; the county's gazetteer knows no village at all. */
const POINT = { lat: 33.29, lng: 109.07 };

let server: TestServer;

beforeAll(async () => {
  const configDir = prepareConfig();
  writeFileSync(
    join(configDir, 'gazetteer.json'),
    JSON.stringify({ maxDistanceKm: 5, learn: true, villages: {} }),
  );
  server = await startServer({ configDir });
});
afterAll(async () => {
  await server?.close();
});

describe('Open311 placement learns villages from grid workers', () => {
  it('a coordinates-only request lands on the village where the grid worker filed located problems', async () => {
    // Three problems filed on the spot in 枣园村, a few hundred metres apart.
    const items = [0, 1, 2].map((i) => ({
      clientId: `located-${process.pid}-${i}`,
      kind: 'problem',
      occurredAt: new Date().toISOString(),
      regionCode: GROUP,
      category: 'infrastructure',
      text: `三组便道第${i + 1}处塌方，拍了照片`,
      location: { lat: POINT.lat + i * 0.001, lng: POINT.lng - i * 0.001 },
    }));
    const filed = await postTo(
      server.url,
      '/api/v1/collectors/grid/batches',
      { workerId: WORKER, deviceId: 'phone-1', items },
      { key: KEYS.grid },
    );
    expect(filed.status).toBe(202);

    // A resident's phone app sends only where it stands, about 300 m away.
    const res = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: KEYS.app,
        service_code: 'infrastructure',
        description: '村道边的护坡裂了一道大口子，怕下雨垮下来',
        lat: String(POINT.lat + 0.002),
        long: String(POINT.lng + 0.002),
      }).toString(),
    });
    expect(res.status).toBe(200);
    const [posted] = (await res.json()) as Open311PostResult;
    const stored = (await server.store.recent(50)).find(
      (r) => r.source === 'app' && r.externalId === posted?.service_request_id,
    );
    // Without the grid workers' points it would be kept at the county for the dispatcher.
    expect(stored?.regionCode).toBe(ZAOYUAN);
  });
});
