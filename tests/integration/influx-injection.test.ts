import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '#contracts';
import { REPORT_DEFAULTS } from '#contracts';
import type { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { post, report, startServer, type TestServer } from '../helpers/server.js';

/** What line protocol and InfluxQL give meaning to, and what an attacker would try. */
const HOSTILE = [
  `a,b=c d"e`,
  `x\\`,
  `line1\nline2\r\n\tend`,
  `'; DROP DATABASE minqing; --`,
  `" OR 1=1 /* $p0 */ \\"`,
  `tag=1,other=2 field="v" 1700000000`,
  `名字 🙂 ,= "\\`,
];

let server: TestServer;
let store: InfluxReportStore;

beforeAll(async () => {
  server = await startServer({ store: 'influx' });
  store = server.store as InfluxReportStore;
});
afterAll(async () => {
  await server.close();
});

async function databaseIntact(): Promise<void> {
  const [dbs] = await store.conn.query('SHOW DATABASES', {}, false);
  expect(dbs?.series?.[0]?.values?.flat()).toContain(store.conn.database);
}

describe('hostile strings on InfluxDB', () => {
  it('round-trip unchanged in every text field of a report sent over HTTP', async () => {
    const sent = HOSTILE.map((s, i) =>
      report({
        externalId: `${s}-${i}`,
        text: `反映：${s}。`,
        reporter: { name: s.slice(0, 64), phone: '+86 (139) 8765-4321' },
        location: { lat: 33.4, lng: 109.1, address: s },
      }),
    );
    const res = await post(server.url, sent);
    expect(res.status).toBe(202);
    const ids = res.body.ids as string[];
    await store.drained();
    const stored = new Map((await store.since(0)).map((r) => [r.id, r]));
    sent.forEach((input, i) => {
      const r = stored.get(ids[i] as string);
      expect(r?.text).toBe(input.text);
      expect(r?.externalId).toBe(input.externalId);
      expect(r?.reporterName).toBe((input.reporter as { name: string }).name);
      expect(r?.address).toBe((input.location as { address: string }).address);
    });
    // Read straight from InfluxDB, by a bound id: the field holds the text as sent.
    const [row] = await store.conn.query(
      `SELECT "report" FROM "${store.conn.database}"."raw"."reports" WHERE "id" = $id`,
      { id: ids[3] as string },
    );
    const json = row?.series?.[0]?.values?.[0]?.[1];
    expect((JSON.parse(String(json)) as Report).text).toBe(sent[3]?.text);
    // Sent again, each is a duplicate by its hostile externalId.
    const again = await post(server.url, sent);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: HOSTILE.length, ids });
    await databaseIntact();
  });

  it('are refused with 400 in every tag field over HTTP, and nothing reaches InfluxDB', async () => {
    const before = await store.total();
    for (const s of HOSTILE) {
      for (const field of ['source', 'category', 'regionCode']) {
        const res = await post(server.url, report({ [field]: s }));
        expect(res.status).toBe(400);
      }
      const q = await fetch(
        `${server.url}/api/v1/stats/history?regionCode=${encodeURIComponent(s)}`,
      );
      expect(q.status).toBe(400);
    }
    await store.drained();
    expect(await store.total()).toBe(before);
    await databaseIntact();
  });

  it('round-trip in every tag field through the adapter, and bind safely in queries', async () => {
    const now = Date.now();
    const reports: Report[] = HOSTILE.map((s, i) => ({
      id: `hostile-${i}`,
      source: s as Report['source'],
      externalId: `hostile-${i}`,
      occurredAt: now - i,
      receivedAt: now,
      regionCode: `611025101202${s}`,
      category: s as Report['category'],
      text: s,
      reporterName: s,
      phoneMasked: s,
      phoneHash: s,
      lat: null,
      lng: null,
      address: s,
      level: s as Report['level'],
      ruleId: s,
      ...REPORT_DEFAULTS,
    }));
    await store.append(reports);
    await store.drained();
    expect(store.status()).toMatchObject({ state: 'ok', rejected: 0 });
    const back = await store.since(now - HOSTILE.length);
    expect(back).toEqual([...reports].reverse());
    const range = { from: now - HOSTILE.length, to: now + 1 };
    const byCategory = await store.counts({ ...range, by: 'category' });
    expect(byCategory.map((c) => c.key).sort()).toEqual([...HOSTILE].sort());
    for (const s of HOSTILE) {
      // A hostile region code is only ever a bound value: it matches its own report, nothing else.
      expect(
        await store.counts({ ...range, by: 'source', regionCode: `611025101202${s}` }),
      ).toEqual([{ key: s, count: 1 }]);
      const none = await store.history({ ...range, bucketMs: 60_000, by: 'source', regionCode: s });
      expect(none.series.flatMap((x) => x.counts).every((c) => c === 0)).toBe(true);
    }
    await databaseIntact();
  });
});
