import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type {
  Case,
  CaseDetail,
  LeaderClientToServerEvents,
  LeaderServerToClientEvents,
} from '#contracts';
import { LEADER_NAMESPACE } from '#contracts';
import { REPO, post, report, type TestServer } from './server.js';

/** Every seed user in config/users.json has this password (demo: true). */
export const DEMO_PASSWORD = 'minqing-demo';

export const HUILONG = '611025101'; // 回龙镇
export const ZAOYUAN = '611025101202'; // 回龙镇·枣园村
export const HONGFENG = '611025101210'; // 回龙镇·宏丰村
export const TIECHANG_VILLAGE = '611025102201'; // 铁厂镇·西沟口村

export async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

export async function caseDetail(s: TestServer, token: string, id: string): Promise<CaseDetail> {
  const res = await api<CaseDetail>(s.url, token, 'GET', `/api/v1/cases/${id}`);
  if (res.status !== 200) throw new Error(`GET case ${id}: ${res.status}`);
  return res.body;
}

/** Post reports stamped at the injected clock's `now`. */
export async function postAt(s: TestServer, now: number, items: Record<string, unknown>[]) {
  const res = await post(
    s.url,
    items.map((item) => report({ occurredAt: new Date(now).toISOString(), ...item })),
  );
  if (res.status !== 202) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
}

/** One report a red rule matches (群体性聚集): a red alert on its region at once. */
export function redReport(regionCode: string): Record<string, unknown> {
  return { regionCode, category: 'dispute', text: '三十多名村民聚集在村委会门口讨要工程款' };
}

/** n same-category reports in one village: 5 → blue, 10 → orange (village-category-surge). */
export function surge(regionCode: string, n: number, category = 'infrastructure') {
  return Array.from({ length: n }, (_, i) => ({
    regionCode,
    category,
    text: `通组道路损坏第${i + 1}次反映，车辆无法通行`,
  }));
}

/** The only case of a region (fails loudly if there is not exactly one). */
export function onlyCase(s: TestServer, regionCode: string): Case {
  const found = s.app.cases.repo.list({ within: [regionCode], limit: 10 });
  if (found.length !== 1)
    throw new Error(`expected 1 case in ${regionCode}, found ${found.length}`);
  return found[0] as Case;
}

export type LeaderSocket = Socket<LeaderServerToClientEvents, LeaderClientToServerEvents>;

export function connectLeader(url: string, token: string | null): LeaderSocket {
  return io(`${url}${LEADER_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    auth: token ? { token } : {},
  });
}

export function connected(socket: LeaderSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    // It may have connected already (while the test awaited something else).
    if (socket.connected) {
      resolve();
      return;
    }
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

export interface Received {
  headers: IncomingHttpHeaders;
  url: string;
  body: Record<string, unknown>;
  answered: number;
}

/** A real local HTTP receiver that answers 500 to the first `failFirst` requests. */
export async function startReceiver(failFirst = 0): Promise<{
  url: string;
  received: Received[];
  delivered: () => Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const status = received.length < failFirst ? 500 : 200;
      received.push({
        headers: req.headers,
        url: req.url ?? '',
        body: JSON.parse(raw) as Record<string, unknown>,
        answered: status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"error":"boom"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    delivered: () => received.filter((r) => r.answered === 200),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Write config/notify.json into a test's config dir (before the server starts). */
export function writeNotifyConfig(configDir: string, channels: unknown[], retry?: unknown): void {
  writeFileSync(
    join(configDir, 'notify.json'),
    JSON.stringify({ channels, ...(retry ? { retry } : {}) }, null, 2),
  );
}

/** A copy of config/ in a temp dir, with a notify.json when channels are given. */
export function prepareConfig(channels?: unknown[], retry?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-config-'));
  cpSync(join(REPO, 'config'), dir, { recursive: true });
  if (channels) writeNotifyConfig(dir, channels, retry);
  return dir;
}
