import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ReportView, ServerToClientEvents, Source } from '#contracts';
import { RegionFile, WALL_NAMESPACE } from '#contracts';
import { createApp, type App } from '../../backend/app.js';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { loadJsonFile } from '../../backend/config/files.js';
import { silentLogger } from '../../backend/platform/logger.js';
import { RegionTree } from '../../backend/regions/tree.js';
import { RulesSource } from '../../backend/sentiment/rules/rules-source.js';
import type { ReportStore } from '../../backend/store/store.js';
import { openTestStore, type StoreKind } from './stores.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const KEYS: Record<Source, string> = {
  hotline: 'test-hotline-key-0123456789',
  app: 'test-app-key-0123456789abcd',
  grid: 'test-grid-key-0123456789abc',
};
const keyMap: IngestKeys = new Map(Object.entries(KEYS).map(([s, k]) => [k, s as Source]));

export function loadRegions(): RegionTree {
  const file = join(REPO, 'config/regions.json');
  return RegionTree.fromFile(loadJsonFile(file, RegionFile), file);
}

export interface TestServer {
  url: string;
  app: App;
  store: ReportStore;
  regions: RegionTree;
  dataDir: string;
  configDir: string;
  /** Stop the server; keeps the data dir so a restart can reuse it. */
  stop(): Promise<void>;
  /** Stop and remove the temp dirs. */
  close(): Promise<void>;
}

export interface ServerOptions {
  dataDir?: string;
  configDir?: string;
  clock?: () => number;
  wall?: boolean;
  /** Fixed port (a restart on the same address); default ephemeral. */
  port?: number;
  /** WALL_TOKEN for the wall page, its socket and its case summary. */
  wallToken?: string;
  /** The report store: embedded SQLite (default) or InfluxDB behind its spool. */
  store?: StoreKind;
  /** InfluxDB to use instead of the integration run's own influxd. */
  influxUrl?: string;
  /** How many reports the InfluxDB spool may hold. */
  influxSpoolMax?: number;
}

/** The real backend on an ephemeral port: real SQLite in a temp dir, real rules file, real HTTP. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'minqing-data-'));
  const configDir = options.configDir ?? mkdtempSync(join(tmpdir(), 'minqing-config-'));
  if (!options.configDir) cpSync(join(REPO, 'config'), configDir, { recursive: true });
  const regions = loadRegions();
  const { store, drop } = await openTestStore(options.store ?? 'sqlite', dataDir, {
    influxUrl: options.influxUrl,
    spoolMax: options.influxSpoolMax,
  });
  const app = await createApp({
    store,
    regions,
    rules: new RulesSource(join(configDir, 'rules.json'), silentLogger),
    keys: () => keyMap,
    phoneSalt: 'test-salt',
    log: silentLogger,
    clock: options.clock,
    schedules: false,
    wallDir: options.wall ? join(REPO, 'dashboard/dist') : undefined,
    dataDir,
    configDir,
    wallToken: options.wallToken,
  });
  const address = await app.listen(options.port ?? 0, '127.0.0.1');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
    await store.close();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    store,
    regions,
    dataDir,
    configDir,
    stop,
    close: async () => {
      await stop();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectWall(url: string): WallSocket {
  return io(`${url}${WALL_NAMESPACE}`, { transports: ['websocket'], reconnection: false });
}

type EventArgs<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Resolve with the first `event` whose payload satisfies `match`, or reject after `timeoutMs`. */
export function waitForEvent<E extends keyof ServerToClientEvents>(
  socket: WallSocket,
  event: E,
  match: (payload: EventArgs<E>) => boolean = () => true,
  timeoutMs = 5000,
): Promise<EventArgs<E>> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: EventArgs<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler as never);
      resolvePromise(payload);
    };
    socket.on(event, handler as never);
  });
}

/**
 * The first report a wall hears (in `reports:new` packets, gathered over 100 ms) that matches.
 */
export async function waitForReport(
  socket: WallSocket,
  match: (report: ReportView) => boolean = () => true,
  timeoutMs = 5000,
): Promise<ReportView> {
  const packet = await waitForEvent(
    socket,
    'reports:new',
    (reports) => reports.some(match),
    timeoutMs,
  );
  return packet.find(match) as ReportView;
}

let counter = 0;

/** A valid report body; override any field. */
export function report(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    source: 'hotline',
    externalId: `t-${process.pid}-${Date.now()}-${counter}`,
    occurredAt: new Date().toISOString(),
    regionCode: '611025101001',
    category: 'livelihood',
    // An ordinary problem someone must fix within days: the judgement reads it blue.
    text: '村口路灯坏了一个礼拜，晚上走路看不清',
    ...overrides,
  };
}

export interface PostOptions {
  /** The ingest key (default: the hotline key); null sends none. */
  key?: string | null;
  contentType?: string;
  /** Send this body as is instead of `body` as JSON. */
  raw?: string;
}

/** POST to any ingest endpoint with a Bearer key; a body that is not JSON comes back as `raw`. */
export async function postTo(
  url: string,
  path: string,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
  };
  const key = options.key === undefined ? KEYS.hotline : options.key;
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed };
}

/** POST /api/v1/reports. */
export function post(
  url: string,
  body: unknown,
  options: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return postTo(url, '/api/v1/reports', body, options);
}
