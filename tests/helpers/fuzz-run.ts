import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, REPO } from './server.js';
import { type FuzzCase, caseArb, edgeCases } from './fuzz-cases.js';
import { type Endpoint, type OpenApi, endpointsOf } from './fuzz-endpoints.js';
import { DEMO_PASSWORD, GROUP, type Known, VILLAGE } from './fuzz-valid.js';

// Sending

type Outcome = number | 'timeout' | 'error';

interface Answer {
  outcome: Outcome;
  answer: string;
  /** A 503 with Retry-After: the server shedding load by design (a full spool, a login flood). */
  shed: boolean;
}

export async function send(url: string, c: FuzzCase, timeoutMs: number): Promise<Answer> {
  try {
    const res = await fetch(`${url}${c.path}`, {
      method: c.method,
      headers: c.headers,
      body: c.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await res.text();
    const shed = res.status === 503 && res.headers.has('retry-after');
    return { outcome: res.status, answer: answer.slice(0, 500), shed };
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { outcome: 'timeout', answer: '', shed: false };
    }
    const cause = (err as { cause?: Error }).cause;
    const answer = `${String(err)}${cause ? ` (${String(cause)})` : ''}`;
    return { outcome: 'error', answer, shed: false };
  }
}

/** Run `work` over `items`, `concurrency` at a time. */
async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// The run

export interface FuzzFailure {
  endpoint: string;
  outcome: Outcome;
  method: string;
  /** The path and query sent, cut to 10,000 characters. */
  path: string;
  pathLength: number;
  headers: Record<string, string>;
  /** The body sent, cut to 2,000 characters. */
  body: string | null;
  bodyLength: number;
  answer: string;
  /** What the server logged when the case was sent again alone (its stack). */
  serverLog?: string;
}

export interface EndpointFigures {
  endpoint: string;
  cases: number;
  /** Answers by status. */
  statuses: Record<string, number>;
  /** 5xx answers, but for load shed by design (503 with Retry-After). */
  fiveXX: number;
  /** 503 with Retry-After: told to come back later (the login queue under a flood). */
  shed: number;
  hangs: number;
  errors: number;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  endpoints: number;
  cases: number;
  /** 5xx answers, but for load shed by design (503 with Retry-After, counted in `shed`). */
  fiveXX: number;
  shed: number;
  hangs: number;
  /** Requests that got no answer at all (connection reset). */
  errors: number;
  healthyAfter: boolean;
  seconds: number;
  ok: boolean;
  perEndpoint: EndpointFigures[];
  /** The smallest failing cases, a few per endpoint. */
  failures: FuzzFailure[];
  /**
   * Each distinct fault the server logged during the run (its message and the first frame of
   * ours), with how often: one cause behind many failing cases shows once here.
   */
  serverErrors: Array<{ error: string; count: number }>;
}

export interface FuzzOptions {
  /** Generated cases per endpoint (edge cases come on top). */
  runs: number;
  seed: number;
  /** Requests in flight (default 8). */
  concurrency?: number;
  /** A request with no complete answer by then is a hang (default 10 s). */
  timeoutMs?: number;
  /** Only these endpoints (by name). */
  only?: (endpoint: Endpoint) => boolean;
  /** One line per endpoint done. */
  progress?: (line: string) => void;
  /** Fuzz a backend on InfluxDB (this server, a database of its own) instead of SQLite. */
  influxUrl?: string;
}

/** A stable 32-bit hash of a name, so each endpoint has its own seed derived from the run's. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Log in, and make an alert, a case, a silence and an Open311 request to aim path ids at. */
export async function prepare(url: string): Promise<Known> {
  const login = async (username: string) => {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return res.status === 200 ? ((await res.json()) as { token: string }).token : null;
  };
  const session = await login('county-zhang');
  const spareSession = await login('county-li');
  const auth = { authorization: `Bearer ${session ?? ''}`, 'content-type': 'application/json' };
  const json = async (path: string, init?: RequestInit): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}${path}`, init);
    return res.ok ? ((await res.json()) as Record<string, unknown>) : {};
  };
  const ingest = await json('/api/v1/reports', {
    method: 'POST',
    headers: { authorization: `Bearer ${KEYS.hotline}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      source: 'hotline',
      externalId: `fuzz-prepare-${Date.now()}`,
      occurredAt: new Date().toISOString(),
      regionCode: VILLAGE,
      category: 'dispute',
      text: '三十多名村民聚集在村委会门口讨要工程款',
    }),
  });
  const alerts = (await json('/api/v1/alerts')).alerts as Array<{ id: string }> | undefined;
  const cases = (await json('/api/v1/cases', { headers: auth })).cases as
    Array<{ id: string }> | undefined;
  const silence = await json('/api/v1/silences', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      regionCode: VILLAGE,
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: '模糊测试',
    }),
  });
  const request = await fetch(`${url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: KEYS.app,
      service_code: 'infrastructure',
      description: '二组通组路被石头堵了',
      'attribute[region_code]': VILLAGE,
    }),
  });
  const requestId = request.ok
    ? ((await request.json()) as Array<{ service_request_id: string }>)[0]?.service_request_id
    : undefined;
  const workers = JSON.parse(readFileSync(join(REPO, 'config/grid-workers.json'), 'utf8')) as {
    workers: Array<{ id: string; groups: string[] }>;
  };
  const worker = workers.workers[0];
  const ids = (list: Array<string | undefined>) => list.filter((x): x is string => Boolean(x));
  return {
    session,
    spareSession,
    gridWorker: { id: worker?.id ?? 'W0', group: worker?.groups[0] ?? GROUP },
    ids: {
      '/api/v1/reports:id': ids((ingest.ids as string[] | undefined) ?? []),
      '/api/v1/alerts:id': ids((alerts ?? []).map((a) => a.id)),
      '/api/v1/cases:id': ids((cases ?? []).map((c) => c.id)),
      '/api/v1/silences:id': ids([
        (silence.silence as { id?: string } | undefined)?.id ?? (silence.id as string | undefined),
      ]),
      '/open311/v2/requests:id': ids([requestId]),
      villageCode: [VILLAGE, '611025101201'],
    },
  };
}

/** Fuzz every endpoint of the server at `url` (which must trust X-Forwarded-For from loopback). */
export async function fuzzServer(url: string, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const concurrency = options.concurrency ?? 8;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doc = (await (await fetch(`${url}/api/v1/openapi.json`)).json()) as OpenApi;
  const endpoints = endpointsOf(doc).filter(options.only ?? (() => true));
  const known = await prepare(url);
  const perEndpoint: EndpointFigures[] = [];
  const failures: FuzzFailure[] = [];
  for (const endpoint of endpoints) {
    const generated = fc.sample(caseArb(endpoint, doc, known), {
      numRuns: options.runs,
      seed: (options.seed ^ hash(endpoint.name)) | 0,
    });
    const cases = [...edgeCases(endpoint, doc, known), ...generated];
    const figures: EndpointFigures = {
      endpoint: endpoint.name,
      cases: cases.length,
      statuses: {},
      fiveXX: 0,
      shed: 0,
      hangs: 0,
      errors: 0,
    };
    const failed: FuzzFailure[] = [];
    await pool(cases, concurrency, async (c) => {
      const { outcome, answer, shed } = await send(url, c, timeoutMs);
      figures.statuses[String(outcome)] = (figures.statuses[String(outcome)] ?? 0) + 1;
      if (shed) figures.shed += 1;
      const bad = outcome === 'timeout' || outcome === 'error' || (outcome >= 500 && !shed);
      if (!bad) return;
      if (outcome === 'timeout') figures.hangs += 1;
      else if (outcome === 'error') figures.errors += 1;
      else figures.fiveXX += 1;
      failed.push({
        endpoint: endpoint.name,
        outcome,
        method: c.method,
        path: c.path.slice(0, 10_000),
        pathLength: c.path.length,
        headers: c.headers,
        body: c.body === undefined ? null : c.body.slice(0, 2000),
        bodyLength: c.body?.length ?? 0,
        answer,
      });
    });
    failures.push(...failed.sort((a, b) => a.bodyLength - b.bodyLength).slice(0, 5));
    perEndpoint.push(figures);
    options.progress?.(
      `${endpoint.name}: ${figures.cases} cases, ${figures.fiveXX} 5xx, ${figures.shed} shed, ${figures.hangs} hangs, ${figures.errors} errors`,
    );
  }
  const healthyAfter = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
    (res) => res.ok,
    () => false,
  );
  const sum = (f: (e: EndpointFigures) => number) => perEndpoint.reduce((s, e) => s + f(e), 0);
  const report: FuzzReport = {
    seed: options.seed,
    runs: options.runs,
    endpoints: perEndpoint.length,
    cases: sum((e) => e.cases),
    fiveXX: sum((e) => e.fiveXX),
    shed: sum((e) => e.shed),
    hangs: sum((e) => e.hangs),
    errors: sum((e) => e.errors),
    healthyAfter,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    ok: false,
    perEndpoint,
    failures,
    serverErrors: [],
  };
  report.ok = report.fiveXX === 0 && report.hangs === 0 && report.errors === 0 && healthyAfter;
  return report;
}
