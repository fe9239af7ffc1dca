import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemStatus } from '#contracts';
import type { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { startInfluxd, type Influxd } from '../helpers/influxd.js';
import {
  KEYS,
  connectWall,
  post,
  report,
  startServer,
  waitForEvent,
  type TestServer,
} from '../helpers/server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This file's own influxd: it is frozen, killed and started again. */
let influxd: Influxd;
beforeAll(async () => {
  influxd = await startInfluxd();
});
afterAll(async () => {
  await influxd.stop();
});

async function readyz(
  server: TestServer,
): Promise<{ status: string; checks: { store: Record<string, unknown> } }> {
  return (await (await fetch(`${server.url}/readyz`)).json()) as {
    status: string;
    checks: { store: Record<string, unknown> };
  };
}

async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('InfluxDB outage', () => {
  it('under steady load through a 30 s outage, every acknowledged report reaches InfluxDB, in order, once', async () => {
    const server = await startServer({ store: 'influx', influxUrl: influxd.url });
    const store = server.store as InfluxReportStore;
    const wall = connectWall(server.url);
    await waitForEvent(wall, 'snapshot');
    const statuses: SystemStatus[] = [];
    wall.on('system:status', (s) => statuses.push(s));

    // Four senders, each keeping the order of what it got acknowledged.
    const acked: string[][] = [[], [], [], []];
    const refused: number[] = [];
    let sending = true;
    const senders = acked.map(async (mine) => {
      while (sending) {
        const res = await post(server.url, [report(), report(), report()]);
        if (res.status === 202) mine.push(...(res.body.ids as string[]));
        else refused.push(res.status);
        await sleep(40);
      }
    });

    await sleep(2_000);
    // First frozen (requests hang until they time out), then gone (connections refused).
    influxd.pause();
    await sleep(15_000);
    const during = await readyz(server);
    expect(during.status).toBe('degraded');
    expect(during.checks.store).toMatchObject({ ok: true, kind: 'influx', state: 'degraded' });
    expect(during.checks.store.spooled).toBeGreaterThan(0);
    await influxd.kill();
    await sleep(15_000);
    expect(store.status().spooled).toBeGreaterThan(0);
    await influxd.start();
    await sleep(2_000);
    sending = false;
    await Promise.all(senders);

    await store.drained(60_000);
    await until(async () => (await readyz(server)).status === 'ready', 30_000, 'ready again');
    const all = acked.flat();
    expect(refused).toEqual([]);
    expect(all.length).toBeGreaterThan(1_000);

    // Straight from InfluxDB: each acknowledged id once, nothing else.
    const [result] = await store.conn.query(
      `SELECT "id", "seq" FROM "${store.conn.database}"."raw"."reports"`,
    );
    const rows = (result?.series?.[0]?.values ?? []) as Array<[number, string, number]>;
    const seqOf = new Map(rows.map(([, id, seq]) => [id, seq]));
    expect(rows).toHaveLength(all.length);
    expect(seqOf.size).toBe(all.length);
    expect(all.filter((id) => !seqOf.has(id))).toEqual([]);
    // In order: each sender's reports carry rising spool sequences, as acknowledged.
    for (const mine of acked) {
      const seqs = mine.map((id) => seqOf.get(id) as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(await store.total()).toBe(all.length);

    // The wall was told: degraded with a backlog, then ok again.
    const degraded = statuses.filter((s) => s.store.state === 'degraded');
    expect(degraded.length).toBeGreaterThan(0);
    expect(Math.max(...degraded.map((s) => s.store.spooled))).toBeGreaterThan(0);
    // (Told when the lag fell under 5 s: the last of the backlog may still be on its way then.)
    await until(async () => statuses.at(-1)?.store.state === 'ok', 5_000, 'the wall told ok');
    wall.close();
    await server.close();
  }, 120_000);

  it('a full spool answers 503 with Retry-After, never drops, and takes reports again after', async () => {
    const server = await startServer({
      store: 'influx',
      influxUrl: influxd.url,
      influxSpoolMax: 100,
    });
    const store = server.store as InfluxReportStore;
    await influxd.kill();
    const accepted: string[] = [];
    let full: Response | null = null;
    for (let i = 0; i < 5 && !full; i++) {
      const body = Array.from({ length: 40 }, () => report());
      const res = await fetch(`${server.url}/api/v1/reports`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${KEYS.hotline}`,
        },
        body: JSON.stringify(body),
      });
      if (res.status === 202) accepted.push(...((await res.json()) as { ids: string[] }).ids);
      else full = res;
    }
    expect(accepted).toHaveLength(80);
    expect(full?.status).toBe(503);
    expect(Number(full?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await full?.json()).toMatchObject({ error: 'store_unavailable' });
    expect(store.status()).toMatchObject({ state: 'degraded', spooled: 80 });

    await influxd.start();
    await store.drained(30_000);
    expect((await post(server.url, report())).status).toBe(202);
    await store.drained(30_000);
    expect(await store.total()).toBe(81);
    await server.close();
  }, 60_000);
});
