import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WALL_NAMESPACE } from '#contracts';
import { createApp, type App } from '../../backend/app.js';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { silentLogger } from '../../backend/platform/logger.js';
import { REFUSED } from '../../backend/realtime/wall-admission.js';
import { RulesSource } from '../../backend/sentiment/rules/rules-source.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import type { ReportStore } from '../../backend/store/store.js';
import type { ChurnConfig, ChurnTally } from '../../proof/churn-clients.js';
import { loadChild, probeFigures, probeIngest } from '../../proof/lib.js';
import {
  KEYS,
  REPO,
  connectWall,
  loadRegions,
  post,
  report,
  waitForEvent,
  type WallSocket,
} from '../helpers/server.js';

/**
 * 300 walls from 30 addresses open, take their snapshot, hold it for 0.3–1.5 s and go, again
 * and again for 15 s (from their own process), while reports are posted at a steady rate.
 */
const CLIENTS = 300;
const CHURN_MS = 15_000;
const IDLE_MS = 4_000;
const PER_SECOND = 25;
const MAX_PER_ADDRESS = 20;
const TOWNS = ['611025101', '611025102', '611025103'];

const keyMap: IngestKeys = new Map(Object.entries(KEYS).map(([s, k]) => [k, s as never]));

/** The real store, with its `recent` reads counted by how many reports each asked for. */
function counting(store: ReportStore): { store: ReportStore; reads: Map<number, number> } {
  const reads = new Map<number, number>();
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === 'recent') {
        return (limit: number) => {
          reads.set(limit, (reads.get(limit) ?? 0) + 1);
          return target.recent(limit);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  return { store: proxy, reads };
}

interface Running {
  url: string;
  app: App;
  close(): Promise<void>;
}

async function start(
  store: ReportStore,
  options: Pick<Parameters<typeof createApp>[0], 'wallLimits' | 'trustProxy'>,
): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minqing-churn-data-'));
  const configDir = mkdtempSync(join(tmpdir(), 'minqing-churn-config-'));
  cpSync(join(REPO, 'config'), configDir, { recursive: true });
  const app = await createApp({
    store,
    regions: loadRegions(),
    rules: new RulesSource(join(configDir, 'rules.json'), silentLogger),
    keys: () => keyMap,
    phoneSalt: 'test-salt',
    log: silentLogger,
    schedules: false,
    dataDir,
    configDir,
    ...options,
  });
  const address = await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Open a wall socket and resolve with `connect` or the refusal's message. */
function attempt(url: string, options: Record<string, unknown> = {}) {
  const socket = io(`${url}${WALL_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  const outcome = new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connect'));
    socket.once('connect_error', (err) => resolve(err.message));
  });
  return { socket, outcome };
}

const storeDir = mkdtempSync(join(tmpdir(), 'minqing-churn-store-'));
const sqlite = new SqliteReportStore(storeDir);
const { store, reads } = counting(sqlite);
let server: Running;
const others: Running[] = [];

beforeAll(async () => {
  server = await start(store, { wallLimits: { maxPerAddress: MAX_PER_ADDRESS } });
});
afterEach(async () => {
  for (const other of others.splice(0)) await other.close();
});
afterAll(async () => {
  await server?.close();
  await sqlite.close();
  rmSync(storeDir, { recursive: true, force: true });
});

describe('wall admission under churn', () => {
  it('serves a churn of walls from one shared snapshot, refuses the greedy address and keeps ingest fast', async () => {
    const idle = probeFigures(
      await probeIngest(server.url, { durationMs: IDLE_MS, perSecond: PER_SECOND, tag: 'idle' }),
    );

    const churn = loadChild<ChurnTally>('proof/churn-clients.ts', {
      url: server.url,
      clients: CLIENTS,
      durationMs: CHURN_MS,
      addresses: Array.from({ length: 30 }, (_, i) => `127.0.3.${i + 1}`),
      holdMs: [300, 1_500],
      pauseMs: [0, 200],
      seed: 15,
      townShare: 0.2,
      towns: TOWNS,
      greedy: { address: '127.0.4.1', sockets: MAX_PER_ADDRESS + 10 },
    } satisfies ChurnConfig);
    await churn.ready;
    const before = new Map(reads);
    const started = performance.now();
    const during = probeFigures(
      await probeIngest(server.url, {
        durationMs: CHURN_MS - 3_000,
        perSecond: PER_SECOND,
        tag: 'churn',
      }),
    );
    const tally = await churn.done;
    const seconds = (performance.now() - started) / 1000;
    const readsDuring = [...reads].map(([limit, n]) => [limit, n - (before.get(limit) ?? 0)]);
    // Idle again once the walls are gone: the bar is the worse of before and after, so a machine
    // that got busier meanwhile (other work, not the walls) does not fail the test.
    const after = probeFigures(
      await probeIngest(server.url, { durationMs: IDLE_MS, perSecond: PER_SECOND, tag: 'after' }),
    );
    const idleP99 = Math.max(idle.p99, after.p99);

    console.log(
      JSON.stringify({
        idle,
        during,
        after,
        seconds,
        readsDuring,
        tally: { ...tally, snapshotMs: tally.snapshotMs },
      }),
    );
    // Every visit got its picture (within the send budget), and no churning wall was refused.
    expect(tally.snapshots).toBe(tally.attempts);
    expect(tally.snapshots).toBeGreaterThan(CLIENTS);
    expect(tally.failed).toEqual({});
    expect(tally.refused).toEqual({});
    // One address holds at most MAX_PER_ADDRESS, and is told why it got no more.
    expect(tally.greedy).toEqual({
      sockets: MAX_PER_ADDRESS + 10,
      admitted: MAX_PER_ADDRESS,
      refused: { [REFUSED.perAddress]: 10 },
    });
    // Over a thousand snapshots, and the store read about once a second for each shared copy
    // (the county's newest 50, the newest 1,000 the town walls pick from).
    for (const [, n] of readsDuring) expect(n).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    // Ingest never failed, and its p99 stayed near idle's.
    expect(idle.non2xx).toBe(0);
    expect(during.non2xx).toBe(0);
    // The same posts with no wall open, just before and just after, set the bar (14.9 s was the
    // p99 of 1,000 churning walls before admission control).
    expect(after.non2xx).toBe(0);
    expect(during.p99).toBeLessThanOrEqual(Math.max(250, 5 * idleP99));
  }, 60_000);

  it('gives a wall that connects just after a report that report in its snapshot', async () => {
    const first = connectWall(server.url);
    await waitForEvent(first, 'snapshot');
    const posted = await post(server.url, [report({ regionCode: '611025101202' })]);
    expect(posted.status).toBe(202);
    const id = (posted.body.ids as string[])[0];
    // Built from the shared copy of the newest reports, which takes published ones as they come.
    const county = connectWall(server.url);
    const town = io(`${server.url}${WALL_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      auth: { region: TOWNS[0] },
    }) as WallSocket;
    const [countySnapshot, townSnapshot] = await Promise.all([
      waitForEvent(county, 'snapshot'),
      waitForEvent(town, 'snapshot'),
    ]);
    expect(countySnapshot.recentReports[0]?.id).toBe(id);
    expect(townSnapshot.recentReports[0]?.id).toBe(id);
    for (const wall of [first, county, town]) wall.close();
  });

  it('has a global cap, and releases a slot when a wall goes', async () => {
    const small = await start(sqlite, { wallLimits: { maxConnections: 3 } });
    others.push(small);
    const walls = [1, 2, 3].map((i) => attempt(small.url, { localAddress: `127.0.5.${i}` }));
    expect(await Promise.all(walls.map((w) => w.outcome))).toEqual([
      'connect',
      'connect',
      'connect',
    ]);
    const fourth = attempt(small.url, { localAddress: '127.0.5.4' });
    expect(await fourth.outcome).toBe(REFUSED.full);
    fourth.socket.close();
    walls[0]!.socket.close();
    await expect.poll(() => small.app.io.of(WALL_NAMESPACE).sockets.size).toBe(2);
    const fifth = attempt(small.url, { localAddress: '127.0.5.5' });
    expect(await fifth.outcome).toBe('connect');
    for (const w of [...walls, fifth]) w.socket.close();
  });

  it('counts the forwarded client behind a trusted proxy, not the proxy', async () => {
    const proxied = await start(sqlite, {
      wallLimits: { maxPerAddress: 2 },
      trustProxy: 'loopback',
    });
    others.push(proxied);
    const from = (client: string) =>
      attempt(proxied.url, { extraHeaders: { 'x-forwarded-for': client } });
    const first = [from('203.0.113.5'), from('203.0.113.5')];
    expect(await Promise.all(first.map((w) => w.outcome))).toEqual(['connect', 'connect']);
    const third = from('203.0.113.5');
    expect(await third.outcome).toBe(REFUSED.perAddress);
    // Another resident behind the same proxy is not refused with them.
    const neighbour = from('203.0.113.6');
    expect(await neighbour.outcome).toBe('connect');
    for (const w of [...first, third, neighbour]) w.socket.close();
  });
});
