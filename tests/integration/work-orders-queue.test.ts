/** The work-order queue: cursor paging, filters, and the regions and tabs it refuses. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody, OrderPage } from '#contracts';
import { HONGFENG, ZAOYUAN, api, login, postAt } from '../helpers/cases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { orderOf } from '../helpers/work-orders.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('work orders: every report one, carried to 办结', () => {
  it('the queue pages with a cursor, filters by words, colour and region, and refuses a foreign region', async () => {
    server = await startServer();
    const s = server;
    const texts = Array.from(
      { length: 5 },
      (_, i) => `三组${i + 1}号路灯坏了，晚上看不见路，麻烦换个灯泡`,
    );
    await postAt(
      s,
      Date.now(),
      texts.map((text) => ({ regionCode: ZAOYUAN, text })),
    );
    const village = await login(s.url, 'village-zaoyuan');
    await orderOf(s, village, texts[4] as string);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/work-orders?q=${encodeURIComponent('路灯 灯泡')}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api<OrderPage>(s.url, village, 'GET', path);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const none = await api<OrderPage>(s.url, village, 'GET', '/api/v1/work-orders?level=red');
    expect(none.body.items).toEqual([]);
    const foreign = await api<ErrorBody>(
      s.url,
      village,
      'GET',
      `/api/v1/work-orders?regionCode=${HONGFENG}`,
    );
    expect(foreign.status).toBe(403);
    const bad = await api<ErrorBody>(s.url, village, 'GET', '/api/v1/work-orders?tab=mine');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('tab');
    expect((await api(s.url, null, 'GET', '/api/v1/work-orders')).status).toBe(401);
  });
});
