import type { TestServer } from './server.js';
import { KEYS, postTo, type PostOptions } from './server.js';

/** The grid workers' batch endpoint (the app's one way in). */
export const BATCHES = '/api/v1/collectors/grid/batches';
/** 回龙镇 枣园村's grid worker (config/grid-workers.json) and a group of the village. */
export const WORKER = 'W611025101202';
export const GROUP = '611025101202001';

/** POST a batch with the grid key (`server()` is read at each call). */
export function gridPoster(server: () => TestServer) {
  return (
    body: unknown,
    options: PostOptions = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> =>
    postTo(server().url, BATCHES, body, { key: KEYS.grid, ...options });
}

let seq = 0;
export const clientId = () => `${process.pid}-${Date.now()}-${(seq += 1)}`;
export const now = () => new Date().toISOString();

export function problem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId: clientId(),
    kind: 'problem',
    occurredAt: now(),
    regionCode: GROUP,
    category: 'infrastructure',
    text: '三组到村委会的便道塌方，老人出行困难',
    ...overrides,
  };
}

export function visit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientId: clientId(),
    kind: 'visit',
    occurredAt: now(),
    regionCode: GROUP,
    households: 6,
    quiet: true,
    note: '走访六户，均平安',
    ...overrides,
  };
}

export const batch = (items: unknown[], overrides: Record<string, unknown> = {}) => ({
  workerId: WORKER,
  deviceId: 'phone-1',
  items,
  ...overrides,
});

export function fieldPaths(body: Record<string, unknown>): string[] {
  return ((body.fields as Array<{ path: string }> | undefined) ?? []).map((f) => f.path);
}

export function fieldMessage(body: Record<string, unknown>, path: string): string {
  const fields = (body.fields as Array<{ path: string; message: string }> | undefined) ?? [];
  return fields.find((f) => f.path === path)?.message ?? '';
}
