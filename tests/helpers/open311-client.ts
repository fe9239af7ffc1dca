import type { Open311PostResult, Open311ServiceRequest, Report } from '#contracts';
import { KEYS, type TestServer } from './server.js';

/** What a call answered: status, the body (JSON when it parses, else the text) and headers. */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A valid form-encoded service request of the resident app; override any field. */
export const validRequest = (overrides: Record<string, string> = {}): Record<string, string> => ({
  api_key: KEYS.app,
  service_code: 'infrastructure',
  description: '村口通组道路塌方，三轮车过不去',
  'attribute[region_code]': '611025101202001',
  ...overrides,
});

/** The resident app's side of a test server (`server()` is read at each call). */
export function open311Client(server: () => TestServer) {
  async function call<T>(path: string, init: RequestInit = {}): Promise<Answer<T>> {
    const res = await fetch(`${server().url}${path}`, init);
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }

  /** POST a service request the standard way: form-encoded. */
  function postForm<T = Open311PostResult>(fields: Record<string, string>) {
    return call<T>('/open311/v2/requests.json', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  function postJson<T = Open311PostResult>(body: unknown, path = '/open311/v2/requests.json') {
    return call<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function ledgerCount(): Promise<number> {
    const res = await call<Open311ServiceRequest[]>('/open311/v2/requests.json');
    return res.body.length;
  }

  async function storedApp(externalId: string): Promise<Report | undefined> {
    return (await server().store.recent(500)).find(
      (r) => r.source === 'app' && r.externalId === externalId,
    );
  }

  return { call, postForm, postJson, ledgerCount, storedApp };
}
