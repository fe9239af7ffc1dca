import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../backend/platform/logger.js';
import { InfluxConnection } from '../../backend/store/influx/connection.js';
import { InfluxReportStore } from '../../backend/store/influx/influx-store.js';
import { rowsOf } from '../../backend/store/influx/influxql.js';
import { toPoint } from '../../backend/store/influx/schema.js';
import { ensureSchema } from '../../backend/store/influx/setup.js';
import { storedReport } from '../helpers/stored-report.js';
import { startInfluxd, type Influxd } from '../helpers/influxd.js';
import {
  launchBackend,
  spawnBackend,
  waitForExit,
  type BackendProcess,
} from '../helpers/process.js';
import {
  KEYS,
  connectWall,
  post,
  postTo,
  report,
  startServer,
  waitForEvent,
} from '../helpers/server.js';
import { influxDatabase, influxTestConfig } from '../helpers/stores.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INGEST_KEYS = `hotline:${KEYS.hotline},app:${KEYS.app},grid:${KEYS.grid}`;

/** This file's own influxd: down when the backend starts, started again later (same port, data). */
let influxd: Influxd;
const dirs: string[] = [];
beforeAll(async () => {
  influxd = await startInfluxd();
  await influxd.kill();
});
afterAll(async () => {
  await influxd.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Readyz {
  status: string;
  checks: { store: Record<string, unknown> };
}

async function readyz(url: string): Promise<{ http: number; body: Readyz }> {
  const res = await fetch(`${url}/readyz`);
  return { http: res.status, body: (await res.json()) as Readyz };
}

/** Start this file's influxd unless it already answers (a test may leave it up). */
async function influxUp(): Promise<void> {
  const up = await fetch(`${influxd.url}/ping`).then(
    (res) => res.status === 204,
    () => false,
  );
  if (!up) await influxd.start();
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Every report id in the database, straight from InfluxDB. */
async function storedIds(conn: InfluxConnection): Promise<string[]> {
  const [result] = await conn.query(`SELECT "id" FROM "${conn.database}"."raw"."reports"`);
  return rowsOf(result).map((row) => String(row.id));
}

/** Post `n` reports in batches of 10; every batch must be acknowledged (202) at once. */
async function postReports(url: string, n: number, text?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, () =>
      report(text ? { text, category: 'dispute', regionCode: '611025101202' } : {}),
    );
    const res = await post(url, batch);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    ids.push(...(res.body.ids as string[]));
  }
  return ids;
}

async function stopBackend(backend: BackendProcess, signal: NodeJS.Signals): Promise<void> {
  backend.child.kill(signal);
  await waitForExit(backend.child);
}

describe('InfluxDB hung when the backend starts', () => {
  it('comes up within one request timeout when InfluxDB takes connections and never answers', async () => {
    // A frozen InfluxDB (a stopped process, a black-holed network): connections are accepted, no
    // answer ever comes. The warm-ups read a week an hour at a time; each must not wait it out.
    const held: Socket[] = [];
    const hung = createServer((socket) => void held.push(socket));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const port = (hung.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'minqing-hung-'));
    dirs.push(dataDir);
    const started = Date.now();
    let backend: BackendProcess | undefined;
    try {
      backend = await spawnBackend({
        DATA_DIR: dataDir,
        INGEST_KEYS,
        STORE: 'influx',
        INFLUX_URL: `http://127.0.0.1:${port}`,
        INFLUX_DB: 'minqing_hung',
      });
      expect(Date.now() - started).toBeLessThan(30_000);
      const res = await post(backend.url, report());
      expect(res.status).toBe(202);
    } finally {
      backend?.child.kill('SIGKILL');
      if (backend) await waitForExit(backend.child);
      for (const socket of held) socket.destroy();
      hung.close();
    }
  }, 60_000);
});

describe('a signal while the backend starts', () => {
  it('a SIGTERM during a slow start (InfluxDB hung) is logged and the process ends within 5 s', async () => {
    const held: Socket[] = [];
    const hung = createServer((socket) => void held.push(socket));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const port = (hung.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'minqing-hung-term-'));
    dirs.push(dataDir);
    const backend = launchBackend({
      DATA_DIR: dataDir,
      INGEST_KEYS,
      STORE: 'influx',
      INFLUX_URL: `http://127.0.0.1:${port}`,
      INFLUX_DB: 'minqing_hung_term',
    });
    try {
      // It has reached the store (the hung InfluxDB has a connection) and is far from up.
      await until(async () => held.length > 0, 20_000, 'a connection to the hung InfluxDB');
      expect(backend.output()).not.toMatch(/listening on/);
      const signalled = Date.now();
      backend.child.kill('SIGTERM');
      await waitForExit(backend.child);
      // Ended by itself, not killed by the signal (Node's default), and it said why.
      expect(backend.child.signalCode).toBeNull();
      expect(Date.now() - signalled).toBeLessThan(8_000);
      expect(backend.output()).toContain('SIGTERM while starting');
      expect(backend.output()).not.toMatch(/listening on/);
    } finally {
      backend.child.kill('SIGKILL');
      await waitForExit(backend.child);
      for (const socket of held) socket.destroy();
      hung.close();
    }
  }, 60_000);
});

describe('InfluxDB down when the backend starts', () => {
  it('starts, takes reports at once, survives kill -9 and a restart inside the outage, and ships each acknowledged report once when InfluxDB is back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'minqing-start-down-'));
    dirs.push(dataDir);
    const env = {
      DATA_DIR: dataDir,
      INGEST_KEYS,
      STORE: 'influx',
      INFLUX_URL: influxd.url,
      INFLUX_DB: 'minqing_start_down',
    };

    // The real entry point comes up although nothing answers at INFLUX_URL.
    const first = await spawnBackend(env);
    const down = await readyz(first.url);
    expect(down.http).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.checks.store).toMatchObject({
      ok: true,
      kind: 'influx',
      state: 'degraded',
      schemaReady: false,
    });
    expect(String(down.body.checks.store.lastError)).toMatch(/ECONNREFUSED/);
    expect(first.output()).toMatch(/InfluxDB is not answering .*starting anyway/);

    const acked = await postReports(first.url, 50);
    const order = {
      orderNo: `GD-down-${Date.now()}`,
      callTime: new Date().toISOString(),
      content: '村道塌方，车辆无法通行',
      address: '镇安县回龙镇和坪村三组',
    };
    const hotline = await postTo(first.url, '/api/v1/collectors/hotline/orders', order);
    expect(hotline.status).toBe(202);
    acked.push(...(hotline.body.ids as string[]));
    // Reads of recent reports come from the spool meanwhile.
    const history = await fetch(`${first.url}/api/v1/stats/history?hours=24&bucketMinutes=60`);
    expect(history.status).toBe(200);

    // A crash inside the outage: the restart comes up again (no crash loop).
    await stopBackend(first, 'SIGKILL');
    const second = await spawnBackend(env);
    expect((await readyz(second.url)).body.checks.store).toMatchObject({ spooled: 51 });
    acked.push(...(await postReports(second.url, 30)));
    // The idempotency index lives in the spool: a resend is still a duplicate, same id.
    const again = await postTo(second.url, '/api/v1/collectors/hotline/orders', order);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1, ids: hotline.body.ids });

    // A clean restart inside the outage too.
    await stopBackend(second, 'SIGTERM');
    const third = await spawnBackend(env);
    acked.push(...(await postReports(third.url, 20)));
    expect((await readyz(third.url)).body.checks.store).toMatchObject({ spooled: 101 });

    // InfluxDB comes back: the database is set up and the spool drains into it.
    await influxd.start();
    await until(
      async () => (await readyz(third.url)).body.status === 'ready',
      30_000,
      '/readyz ready',
    );
    expect((await readyz(third.url)).body.checks.store).toMatchObject({
      state: 'ok',
      spooled: 0,
      lastError: null,
      schemaReady: true,
    });

    const conn = new InfluxConnection({ url: influxd.url, database: env.INFLUX_DB });
    const ids = await storedIds(conn);
    expect(ids).toHaveLength(acked.length);
    expect(new Set(ids).size).toBe(acked.length);
    expect(acked.filter((id) => !ids.includes(id))).toEqual([]);
    // Set up once InfluxDB answered: retention policies and continuous queries.
    const [policies] = await conn.query(`SHOW RETENTION POLICIES ON "${env.INFLUX_DB}"`);
    expect(rowsOf(policies).map((r) => r.name)).toEqual(
      expect.arrayContaining(['raw', 'rollup_1m', 'rollup_1h', 'rollup_1d']),
    );
    const [cqs] = await conn.query('SHOW CONTINUOUS QUERIES', {}, false);
    const names = (cqs?.series ?? [])
      .filter((s) => s.name === env.INFLUX_DB)
      .flatMap((s) => (s.values ?? []).map((v) => String(v[0])));
    expect(names).toHaveLength(5);
    conn.close();
    await stopBackend(third, 'SIGTERM');
  }, 120_000);

  it('a restart inside the outage rebuilds the levels from the spool; the wall is told degraded', async () => {
    await influxUp();
    await influxd.kill();
    const server = await startServer({ store: 'influx', influxUrl: influxd.url });
    const wall = connectWall(server.url);
    const snapshot = await waitForEvent(wall, 'snapshot');
    expect(snapshot.status?.store).toMatchObject({ kind: 'influx', state: 'degraded' });
    const gathered = await postReports(server.url, 3, '三十多名村民聚集在村委会门口讨要补偿款');
    const levels = async (url: string) =>
      (
        (await (await fetch(`${url}/api/v1/levels?regionCode=611025101`)).json()) as {
          levels: Array<{ regionCode: string; level: string }>;
        }
      ).levels.find((l) => l.regionCode === '611025101')?.level;
    await until(async () => (await levels(server.url)) === 'red', 5_000, '回龙镇 red');
    wall.close();

    await server.stop();
    const restarted = await startServer({
      store: 'influx',
      influxUrl: influxd.url,
      dataDir: server.dataDir,
      configDir: server.configDir,
    });
    expect(await levels(restarted.url)).toBe('red');
    expect((restarted.store as InfluxReportStore).status()).toMatchObject({
      state: 'degraded',
      spooled: gathered.length,
      partialRead: null,
    });
    const recent = await restarted.store.recent(3);
    expect(recent.map((r) => r.id).sort()).toEqual([...gathered].sort());

    await influxd.start();
    await (restarted.store as InfluxReportStore).drained(30_000);
    const conn = new InfluxConnection({
      url: influxd.url,
      database: influxDatabase(server.dataDir),
    });
    expect((await storedIds(conn)).sort()).toEqual([...gathered].sort());
    conn.close();
    await restarted.close();
  }, 60_000);

  it('a new data dir that took reports while InfluxDB was down numbers them after what the database holds; not after its own first batch', async () => {
    await influxUp();
    const database = 'minqing_start_down_adopt';
    const open = async (dir: string) =>
      InfluxReportStore.open({
        config: influxTestConfig(influxd.url, database),
        dataDir: dir,
        log: silentLogger,
      });
    const newDir = () => {
      const dir = mkdtempSync(join(tmpdir(), 'minqing-start-down-'));
      dirs.push(dir);
      return dir;
    };
    let n = 0;
    const reports = (k: number) =>
      Array.from({ length: k }, () => {
        n += 1;
        return storedReport({ id: `adopt-${n}`, occurredAt: Date.now() - n * 1000 });
      });

    // The old data dir shipped three reports, then its disk was lost.
    const old = await open(newDir());
    const before = reports(3);
    await old.append(before);
    await old.drained(10_000);
    await old.close();

    // A new data dir starts while InfluxDB is down and takes two.
    await influxd.kill();
    const dir = newDir();
    const fresh = await open(dir);
    const during = reports(2);
    await fresh.append(during);
    expect(fresh.status()).toMatchObject({ state: 'degraded', spooled: 2, schemaReady: false });
    await influxd.start();
    await fresh.drained(20_000);
    expect(await fresh.total()).toBe(5);
    expect((await fresh.since(0)).map((r) => r.id).sort()).toEqual(
      [...before, ...during].map((r) => r.id).sort(),
    );
    const conn = new InfluxConnection({ url: influxd.url, database });
    const [rows] = await conn.query(`SELECT "id", "seq" FROM "${database}"."raw"."reports"`);
    const seqs = new Map(rowsOf(rows).map((r) => [String(r.id), Number(r.seq)]));
    expect(during.map((r) => seqs.get(r.id))).toEqual([4, 5]);
    await fresh.close();

    // A spool whose first batch reached InfluxDB but whose 204 was lost: that is its own, not
    // a database to continue after; sending it again overwrites it.
    await conn.query(`DROP DATABASE "${database}"`, {}, false);
    await influxd.kill();
    const ownDir = newDir();
    const own = await open(ownDir);
    const mine = reports(2);
    await own.append(mine);
    await own.close();
    await influxd.start();
    await ensureSchema(conn, influxTestConfig(influxd.url, database).retention);
    const [first] = mine;
    if (!first) throw new Error('no report');
    await conn.write([toPoint(first, 1)]);
    const reopened = await open(ownDir);
    await reopened.drained(20_000);
    const [again] = await conn.query(`SELECT "id", "seq" FROM "${database}"."raw"."reports"`);
    expect(rowsOf(again).map((r) => [String(r.id), Number(r.seq)])).toEqual(
      expect.arrayContaining([
        [mine[0]?.id, 1],
        [mine[1]?.id, 2],
      ]),
    );
    expect(rowsOf(again)).toHaveLength(2);
    await reopened.close();
    conn.close();
  }, 60_000);
});
