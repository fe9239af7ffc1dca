/**
 * A property-based fuzz of every HTTP endpoint (issue 15): each operation of the OpenAPI document
 * (GET /api/v1/openapi.json), the Open311 POST as a form too, and the village QR page, with
 * requests fast-check generates from a seed: arbitrary JSON, mutations of a valid body (wrong
 * types, missing and unknown fields, huge strings, unicode, nesting, arrays), malformed and
 * oversized bodies, wrong content types and encodings, with and without valid keys, sessions and
 * cookies, odd path parameters and query strings. The property: never a 5xx, never a hang (each
 * request has a timeout), and the server still answers /healthz after.
 *
 * `fuzzEveryEndpoint({ runs, seed })` starts its own backend (SQLite in a temp dir, trusting a
 * loopback proxy so that each case comes from its own address and per-address limits do not hide
 * the parsers behind 429s), fuzzes, replays each failure alone to capture the server's stack, and
 * returns the figures. tests/integration/fuzz.test.ts runs a short version in `npm test`; the
 * proof suite calls it with ≥ 2,000 cases per endpoint. Works outside vitest.
 */
import fc from 'fast-check';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Source } from '#contracts';
import { createApp } from '../../backend/app.js';
import type { IngestKeys } from '../../backend/auth/ingest-keys.js';
import { SESSION_COOKIE } from '../../backend/auth/session.js';
import type { Logger } from '../../backend/platform/logger.js';
import { RulesSource } from '../../backend/sentiment/rules/rules-source.js';
import { SqliteReportStore } from '../../backend/store/sqlite/sqlite-store.js';
import { KEYS, REPO, loadRegions } from './server.js';
import { openTestStore } from './stores.js';

/** Every seed user has this password (config/users.json, demo: true). */
const DEMO_PASSWORD = 'minqing-demo';
const VILLAGE = '611025101202'; // 回龙镇·枣园村
const GROUP = `${VILLAGE}001`;

// ---------------------------------------------------------------------------------------------
// The endpoints, from the OpenAPI document

type Schema = Record<string, unknown>;

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, unknown>>;
}

interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** What a valid request of an endpoint carries to be let in. */
type Auth =
  | { kind: 'none' }
  | { kind: 'session' }
  | { kind: 'key'; source: Source }
  /** Open311: the app key as `api_key` in the body (or query). */
  | { kind: 'apiKey' };

export interface Endpoint {
  /** `POST /api/v1/reports`, `POST /open311/v2/requests.json (form)`. */
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** With `{param}` placeholders. */
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: Schema; required: boolean }>;
  body: 'json' | 'form' | null;
  bodySchema: Schema | null;
  auth: Auth;
}

const KEY_SOURCE: Record<string, Source> = {
  '/api/v1/collectors/hotline/orders': 'hotline',
  '/api/v1/collectors/grid/batches': 'grid',
};

/** Every GET, POST and DELETE of the document, the Open311 form POST, and the QR page. */
export function endpointsOf(doc: OpenApi): Endpoint[] {
  const out: Endpoint[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(operations)) {
      const method = verb.toUpperCase();
      if (method !== 'GET' && method !== 'POST' && method !== 'DELETE') continue;
      const params = op.parameters ?? [];
      const security = (op.security ?? []).flatMap((s) => Object.keys(s));
      const auth: Auth = security.includes('ingestKey')
        ? { kind: 'key', source: KEY_SOURCE[path] ?? 'hotline' }
        : security.includes('bearer') || security.includes('cookie')
          ? { kind: 'session' }
          : path.startsWith('/open311/') && method === 'POST'
            ? { kind: 'apiKey' }
            : { kind: 'none' };
      const content = op.requestBody?.content ?? {};
      const base = {
        method,
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true })),
        auth,
      } as const;
      const json = content['application/json']?.schema ?? null;
      const form = content['application/x-www-form-urlencoded']?.schema ?? null;
      if (json || !form) {
        out.push({
          ...base,
          name: `${method} ${path}`,
          body: json ? 'json' : null,
          bodySchema: json,
        });
      }
      if (form) {
        out.push({
          ...base,
          name: `${method} ${path}${json ? ' (form)' : ''}`,
          body: 'form',
          bodySchema: form,
        });
      }
    }
  }
  if (!out.some((e) => e.path === '/r/{villageCode}')) {
    out.push({
      name: 'GET /r/{villageCode}',
      method: 'GET',
      path: '/r/{villageCode}',
      pathParams: ['villageCode'],
      query: [],
      body: null,
      bodySchema: null,
      auth: { kind: 'none' },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Valid requests: hand-made bodies where the contract needs real places and people, otherwise
// sampled from the endpoint's JSON Schema

/** What exists on the server under test: ids for path parameters, a session. */
export interface Known {
  ids: Record<string, string[]>;
  /** A county user's session token (every session endpoint in scope). */
  session: string | null;
  /** A second session, for POST /api/v1/auth/logout to end. */
  spareSession: string | null;
  gridWorker: { id: string; group: string };
}

const PATTERN_VALUES: Array<[RegExp, string]> = [
  [/\\d\{\d\}/, VILLAGE],
  [/\\d\+\\-\\s\(\)/, '13812345678'],
  [/A-Za-z0-9\._:-/, 'client-1'],
  [/A-Za-z0-9_-/, 'W611025101202'],
];

function resolveRef(schema: Schema, doc: OpenApi): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').at(-1) ?? '';
  return doc.components?.schemas?.[name] ?? {};
}

/** A plausible value of a JSON Schema (every property, the first choice of each union). */
export function sampleSchema(input: Schema, doc: OpenApi, depth = 0): unknown {
  const schema = resolveRef(input, doc);
  if (depth > 6) return null;
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(union) && union[0]) return sampleSchema(union[0], doc, depth + 1);
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...(schema.allOf as Schema[]).map((s) => sampleSchema(s, doc, depth + 1) as object),
    );
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, sampleSchema(s, doc, depth + 1)]),
      );
    }
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      const n = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: n }, () => sampleSchema(items, doc, depth + 1));
    }
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString();
      const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
      const known = PATTERN_VALUES.find(([re]) => re.test(pattern));
      if (known) return known[1];
      const min = Number(schema.minLength ?? 1);
      return '模糊测试 fuzz'
        .padEnd(Math.max(min, 10), '字')
        .slice(0, Number(schema.maxLength ?? 64));
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.minimum === 'number' ? schema.minimum : 1;
      const max = typeof schema.maximum === 'number' ? schema.maximum : min + 10;
      return Math.min(max, Math.max(min, 1));
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'x';
  }
}

/** A valid body of `endpoint` (nonce: distinct external ids). */
function validBody(endpoint: Endpoint, doc: OpenApi, known: Known, nonce: number): unknown {
  const now = new Date().toISOString();
  const text = '村道塌方，三轮车过不去，请尽快处理';
  switch (endpoint.path) {
    case '/api/v1/reports':
      return {
        source: 'hotline',
        externalId: `fuzz-${nonce}`,
        occurredAt: now,
        regionCode: VILLAGE,
        category: 'infrastructure',
        text,
        reporter: { name: '王先生', phone: '13812345678' },
        location: { lat: 33.42, lng: 109.15, address: '回龙镇枣园村二组' },
        urgent: false,
      };
    case '/api/v1/collectors/hotline/orders':
      return {
        orderNo: `GD-fuzz-${nonce}`,
        callTime: '2026-11-22 09:30:00',
        callerNumber: '13812345678',
        callerName: '王先生',
        content: text,
        category: '交通运输',
        address: '镇安县回龙镇和坪村三组',
        urgency: '紧急',
      };
    case '/api/v1/collectors/grid/batches':
      return {
        workerId: known.gridWorker.id,
        deviceId: 'phone-1',
        items: [
          {
            kind: 'problem',
            clientId: `p-${nonce}`,
            occurredAt: now,
            regionCode: known.gridWorker.group,
            text,
            category: 'infrastructure',
            location: { address: '二组' },
            urgent: true,
          },
          {
            kind: 'visit',
            clientId: `v-${nonce}`,
            occurredAt: now,
            regionCode: known.gridWorker.group,
            households: 12,
            quiet: false,
            note: '走访十二户',
            concerns: '低保金两个月没到账',
            category: 'livelihood',
          },
        ],
      };
    case '/api/v1/collectors/app/village-report':
      return {
        villageCode: VILLAGE,
        groupCode: GROUP,
        category: 'infrastructure',
        text,
        phone: '13812345678',
      };
    case '/open311/v2/requests.json': {
      const fields: Record<string, unknown> = {
        api_key: KEYS.app,
        jurisdiction_id: '611025',
        service_code: 'infrastructure',
        description: text,
        address_string: '回龙镇枣园村',
        lat: 33.42,
        long: 109.15,
        first_name: '小明',
        last_name: '王',
        phone: '13812345678',
        email: 'wang@example.cn',
        device_id: 'device-1',
        account_id: `acct-${nonce}`,
        media_url: 'https://example.org/a.jpg',
      };
      if (endpoint.body === 'form') {
        return Object.fromEntries(
          Object.entries({ ...fields, 'attribute[region_code]': VILLAGE }).map(([k, v]) => [
            k,
            String(v),
          ]),
        );
      }
      return { ...fields, attribute: { region_code: VILLAGE } };
    }
    case '/api/v1/auth/login':
      return { username: 'town-huilong', password: nonce % 2 ? DEMO_PASSWORD : 'not-the-password' };
    default:
      return endpoint.bodySchema ? sampleSchema(endpoint.bodySchema, doc) : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Generated requests

/** Percent-encoded; a lone surrogate (which cannot be) as U+FFFD. */
const encodeText = (text: string) =>
  encodeURIComponent(
    text.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    ),
  );

export interface FuzzCase {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const SPECIAL_VALUES: unknown[] = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '😀',
  '𠀀𠀁',
  'null',
  'true',
  '0',
  '-1',
  '1e309',
  'NaN',
  '2026-02-30T00:00:00+08:00',
  '2026-11-22T09:30:00',
  '9999-12-31T23:59:59+08:00',
  '0000-01-01T00:00:00Z',
  '2026-11-22 25:61:00',
  '611025',
  '611025999999',
  '611025101202001999',
  '../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  "'; DROP TABLE reports; --",
  '" OR 1=1 --',
  '${7*7}{{7*7}}',
  'x'.repeat(2001),
  '字'.repeat(2001),
  0,
  -1,
  1.5,
  -0.000001,
  1e308,
  -1e308,
  2 ** 53 + 2,
  true,
  false,
  null,
  [],
  {},
  [[]],
  [{}],
  { '': {} },
  // An own `__proto__` key, as a JSON body can carry it (a literal would set the prototype).
  JSON.parse('{"__proto__": {"admin": true}}') as unknown,
];

const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' '];

const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_VALUES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.nat({ max: 5_000 }).map((n) => 'y'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('z'.repeat(70_000)) },
);

const keyArb = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 16 }));

type Mutation =
  | { kind: 'delete' }
  | { kind: 'set'; value: unknown }
  | { kind: 'add'; key: string; value: unknown }
  | { kind: 'wrapArray' }
  | { kind: 'wrapObject' }
  | { kind: 'repeat'; n: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'delete' }) },
  { weight: 5, arbitrary: valueArb.map<Mutation>((value) => ({ kind: 'set', value })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(keyArb, valueArb)
      .map<Mutation>(([key, value]) => ({ kind: 'add', key, value })),
  },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'wrapArray' }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'wrapObject' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(2, 10, 1001).map<Mutation>((n) => ({ kind: 'repeat', n })),
  },
);

type Path = Array<string | number>;

/** Every place in a value a mutation can hit, the root first. */
function pathsOf(value: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  }
  return out;
}

/** Set an own property, even `__proto__` (plain assignment would change the prototype). */
function put(target: object, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function mutate(root: unknown, path: Path, m: Mutation): unknown {
  const change = (value: unknown): unknown => {
    switch (m.kind) {
      case 'set':
        return m.value;
      case 'wrapArray':
        return [value];
      case 'wrapObject':
        return { value };
      case 'repeat':
        return Array.from({ length: m.n }, () => value);
      case 'add':
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          const copy = { ...value };
          put(copy, m.key, m.value);
          return copy;
        }
        return Array.isArray(value) ? [...value, m.value] : value;
      case 'delete':
        return undefined;
    }
  };
  if (path.length === 0) return change(root);
  const copy: unknown = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const key = path.at(-1) as string | number;
  const next = change(parent[key]);
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else put(parent, key, next);
  return copy;
}

/** A valid body with one to three mutations. */
function mutatedArb(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((body) => {
    const paths = pathsOf(body);
    return fc
      .array(fc.tuple(fc.constantFrom(...paths), mutationArb), { minLength: 1, maxLength: 3 })
      .map((changes) => {
        let out = body;
        for (const [path, m] of changes) {
          try {
            out = mutate(out, path, m);
          } catch {
            // the path went away with an earlier mutation
          }
        }
        return out;
      });
  });
}

/** Printable ASCII only: header values must be byte strings without CR or LF. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

const JUNK_BODIES = [
  '',
  '{',
  '{"a":',
  '[1,2,',
  'null',
  'true',
  '"text"',
  '0',
  '{"a":1}{"b":2}',
  "{'single': 'quotes'}",
  '{"a":NaN}',
  '\u0000\u0001\u0002',
  '\ufeff{}',
  'a=1&b=2',
  '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
];

/** Text of a body: JSON, a form, or undefined for none (a deleted root). */
function encode(kind: 'json' | 'form', body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (kind === 'json') return JSON.stringify(body);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) {
      if (Array.isArray(v)) for (const item of v) form.append(k, String(item));
      else form.append(k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
    }
    return form.toString();
  }
  return String(body);
}

function bodyArb(
  endpoint: Endpoint,
  valid: fc.Arbitrary<unknown>,
): fc.Arbitrary<string | undefined> {
  const kind = endpoint.body ?? 'json';
  return fc.oneof(
    { weight: 2, arbitrary: valid.map((b) => encode(kind, b)) },
    { weight: 7, arbitrary: mutatedArb(valid).map((b) => encode(kind, b)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((b) => encode(kind, b)) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom(...JUNK_BODIES),
        fc.string({ unit: 'binary', maxLength: 200 }),
        valid.chain((b) => {
          const text = encode(kind, b) ?? '';
          return fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
        }),
      ),
    },
  );
}

function contentTypeArb(endpoint: Endpoint): fc.Arbitrary<string | undefined> {
  const right = endpoint.body === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(right) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<string | undefined>(
        undefined,
        'text/plain',
        'application/json; charset=utf-16',
        'application/json; charset=latin1',
        'application/json; charset=bogus',
        'application/x-www-form-urlencoded',
        'application/json',
        'multipart/form-data; boundary=x',
        'application/*',
        'application/json;;',
        'application/merge-patch+json',
        `${right}; charset=utf-8`,
      ),
    },
    { weight: 1, arbitrary: headerText },
  );
}

const bearer = (token: string | null | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/** The session an endpoint's valid requests carry (logout ends its own spare one). */
function sessionFor(endpoint: Endpoint, known: Known): string | null {
  return endpoint.name === 'POST /api/v1/auth/logout' ? known.spareSession : known.session;
}

/** What a valid request of `endpoint` sends to be let in. */
function validAuth(endpoint: Endpoint, known: Known): Record<string, string> {
  if (endpoint.auth.kind === 'key') return bearer(KEYS[endpoint.auth.source]);
  if (endpoint.auth.kind === 'session') return bearer(sessionFor(endpoint, known));
  return {};
}

/** Authorization and Cookie: mostly what the endpoint wants, sometimes wrong or odd. */
function authArb(endpoint: Endpoint, known: Known): fc.Arbitrary<Record<string, string>> {
  const session = sessionFor(endpoint, known);
  const valid = validAuth(endpoint, known);
  const otherKey =
    endpoint.auth.kind === 'key' && endpoint.auth.source === 'grid' ? KEYS.app : KEYS.grid;
  return fc.oneof(
    { weight: 10, arbitrary: fc.constant(valid) },
    {
      weight: 4,
      arbitrary: fc.constantFrom<Record<string, string>>(
        {},
        bearer(otherKey),
        bearer(session),
        { authorization: 'Bearer' },
        { authorization: 'Bearer a b' },
        { authorization: 'Basic dXNlcjpwYXNz' },
        { authorization: `bearer ${KEYS.hotline}` },
        { cookie: `${SESSION_COOKIE}=${session ?? 'x'}` },
        { cookie: `${SESSION_COOKIE}=%E0%A4%A` },
        { cookie: `${SESSION_COOKIE}=%` },
        { cookie: `${SESSION_COOKIE}` },
        { cookie: `;;=;${SESSION_COOKIE}==` },
      ),
    },
    { weight: 1, arbitrary: headerText.map((t) => ({ authorization: `Bearer ${t}` })) },
    { weight: 1, arbitrary: headerText.map((t) => ({ cookie: `${SESSION_COOKIE}=${t}` })) },
  );
}

/** A path parameter: a real one, any text (encoded), or something odd as it is. */
function paramArb(endpoint: Endpoint, name: string, known: Known): fc.Arbitrary<string> {
  const real = known.ids[`${endpoint.path.split('/{')[0]}:${name}`] ?? known.ids[name] ?? [];
  const odd = fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%zz',
    '%00',
    '%2e%2e%2f%2e%2e%2f',
    '%F0%9F%98%80',
    'a'.repeat(3000),
    '611025999999',
    '611025101',
    '-1',
    '0',
    'null',
    'undefined',
    '__proto__',
    'constructor',
  );
  const any = fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeText);
  return real.length > 0
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...real) },
        { weight: 2, arbitrary: any },
        { weight: 1, arbitrary: odd },
      )
    : fc.oneof({ weight: 2, arbitrary: any }, { weight: 1, arbitrary: odd });
}

/** ISO 8601 with the county's offset, as Open311 clients send dates. */
const countyIso = (at: number) =>
  new Date(at + 8 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+08:00');

/** Plausible values of query parameters whose schema says too little (comma lists, dates). */
const QUERY_VALUES: Record<string, () => string> = {
  status: () => 'open',
  level: () => 'red,orange',
  start_date: () => countyIso(Date.now() - 86_400_000),
  end_date: () => countyIso(Date.now()),
  service_code: () => 'infrastructure,other',
  jurisdiction_id: () => '611025',
  service_request_id: () => '2611220001',
  username: () => 'county-zhang',
  region: () => '611025101',
};

/** A plausible query value of a parameter. */
function queryValue(name: string, schema: Schema): string {
  const known = QUERY_VALUES[name];
  if (known) return known();
  const value = sampleSchema(schema, { paths: {} });
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type Pairs = Array<[string, string]>;

function queryArb(endpoint: Endpoint): fc.Arbitrary<string> {
  const pair = (name: string, schema: Schema, required: boolean): fc.Arbitrary<Pairs | null> => {
    const plausible: Pairs = [[name, queryValue(name, schema)]];
    const anything = valueArb.map<Pairs>((v) => [
      [name, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')],
    ]);
    // Repeated (express reads an array) or bracketed.
    const repeated: Pairs = [...plausible, [name, 'x']];
    const bracketed: Pairs = [[`${name}[a]`, '1']];
    return fc.option(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant(plausible) },
        { weight: 2, arbitrary: anything },
        { weight: 1, arbitrary: fc.constantFrom(repeated, bracketed) },
      ),
      // A required one is left out now and then, an optional one every other time.
      { freq: required ? 10 : 2 },
    );
  };
  const declared = endpoint.query.map((q) => pair(q.name, q.schema, q.required));
  const extra = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Pairs>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(keyArb, fc.string({ maxLength: 20 })), { maxLength: 2 }),
    },
  );
  return fc.tuple(fc.tuple(...declared), extra, fc.boolean()).map(([chosen, more, raw]) => {
    const pairs: Pairs = [...chosen.flatMap((c) => c ?? []), ...more];
    if (pairs.length === 0) return '';
    const text = pairs
      .map(([k, v]) => `${encodeText(k)}=${raw ? v.replace(/[#&\s]/g, '') : encodeText(v)}`)
      .join('&');
    return `?${text}`;
  });
}

/** One generated request for `endpoint`. */
export function caseArb(endpoint: Endpoint, doc: OpenApi, known: Known): fc.Arbitrary<FuzzCase> {
  const params = fc.tuple(...endpoint.pathParams.map((p) => paramArb(endpoint, p, known)));
  const valid = fc.nat().map((n) => validBody(endpoint, doc, known, n));
  const body =
    endpoint.body || endpoint.method === 'POST' ? bodyArb(endpoint, valid) : fc.constant(undefined);
  const encoding = fc.oneof(
    { weight: 20, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus') },
  );
  return fc
    .record({
      params,
      query:
        endpoint.query.length > 0 || endpoint.method === 'GET'
          ? queryArb(endpoint)
          : fc.constant(''),
      body,
      contentType: endpoint.method === 'POST' ? contentTypeArb(endpoint) : fc.constant(undefined),
      encoding,
      auth: authArb(endpoint, known),
      address: fc.oneof(
        { weight: 20, arbitrary: fc.ipV4() },
        {
          weight: 1,
          arbitrary: fc.constantFrom('unknown', '::1', '999.1.1.1', '1.2.3.4, 5.6.7.8', ''),
        },
      ),
    })
    .map(({ params, query, body: text, contentType, encoding: enc, auth, address }) => {
      let i = 0;
      const path = endpoint.path.replace(/\{\w+\}/g, () => params[i++] ?? '');
      const headers: Record<string, string> = { ...auth, 'x-forwarded-for': address };
      if (contentType !== undefined) headers['content-type'] = contentType;
      if (enc !== undefined && text !== undefined) headers['content-encoding'] = enc;
      return { method: endpoint.method, path: `${path}${query}`, headers, body: text };
    });
}

/** The same cases every run: over the size limit, deeply nested, empty, too many items. */
function edgeCases(endpoint: Endpoint, doc: OpenApi, known: Known): FuzzCase[] {
  if (endpoint.method !== 'POST') return [];
  const auth = validAuth(endpoint, known);
  const type = endpoint.body === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  const path = endpoint.path.replace(
    /\{\w+\}/g,
    () => known.ids[`${endpoint.path.split('/{')[0]}:id`]?.[0] ?? 'x',
  );
  const valid = validBody(endpoint, doc, known, 0);
  const send = (body: string, contentType = type): FuzzCase => ({
    method: 'POST',
    path,
    headers: { ...auth, 'content-type': contentType, 'x-forwarded-for': '10.9.9.9' },
    body,
  });
  const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
  return [
    send(`{"text":"${'x'.repeat(9 * 1024 * 1024)}"}`),
    send(deep),
    send(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`),
    send(''),
    send(JSON.stringify(Array.from({ length: 1001 }, () => valid))),
    send(JSON.stringify(valid), 'text/plain'),
    send(
      encode(endpoint.body === 'form' ? 'form' : 'json', valid) ?? '',
      `${type}; charset=utf-16`,
    ),
    // Says gzip, is not.
    {
      ...send(JSON.stringify(valid)),
      headers: { ...send('').headers, 'content-encoding': 'gzip' },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Sending

type Outcome = number | 'timeout' | 'error';

interface Answer {
  outcome: Outcome;
  answer: string;
  /** A 503 with Retry-After: the server shedding load by design (a full spool, a login flood). */
  shed: boolean;
}

async function send(url: string, c: FuzzCase, timeoutMs: number): Promise<Answer> {
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

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// A backend of its own

export interface FuzzBackend {
  url: string;
  /** Every line the server logged at warn or error. */
  logged: string[];
  close(): Promise<void>;
}

/**
 * The real backend on an ephemeral port (SQLite in a temp dir, the repo's config), trusting a
 * loopback proxy: each generated case names its own client address in X-Forwarded-For.
 */
export async function startFuzzBackend(options: { influxUrl?: string } = {}): Promise<FuzzBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minqing-fuzz-data-'));
  const configDir = mkdtempSync(join(tmpdir(), 'minqing-fuzz-config-'));
  cpSync(join(REPO, 'config'), configDir, { recursive: true });
  // The QR page is served from the built wall; a stand-in when it is not built yet.
  let wallDir = join(REPO, 'dashboard/dist');
  if (!existsSync(join(wallDir, 'report.html'))) {
    wallDir = join(dataDir, 'wall');
    mkdirSync(wallDir);
    for (const page of ['index.html', 'report.html', 'leader.html']) {
      writeFileSync(join(wallDir, page), '<!doctype html><title>fuzz</title>');
    }
  }
  const logged: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m) => void logged.push(`WARN ${m}`),
    error: (m) => void logged.push(`ERROR ${m}`),
  };
  const keys: IngestKeys = new Map(Object.entries(KEYS).map(([s, k]) => [k, s as Source]));
  const { store, drop } = options.influxUrl
    ? await openTestStore('influx', dataDir, { influxUrl: options.influxUrl })
    : { store: new SqliteReportStore(dataDir), drop: async () => {} };
  const app = await createApp({
    store,
    regions: loadRegions(),
    rules: new RulesSource(join(configDir, 'rules.json'), log),
    keys: () => keys,
    phoneSalt: 'fuzz-phone-hash-salt-0123456789',
    log,
    schedules: false,
    wallDir,
    dataDir,
    configDir,
    trustProxy: 'loopback',
  });
  const address = await app.listen(0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${address.port}`,
    logged,
    close: async () => {
      await app.close();
      await store.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

/** Logged errors by their message and first frame in our code, most frequent first. */
function faults(logged: readonly string[]): Array<{ error: string; count: number }> {
  const counts = new Map<string, number>();
  for (const line of logged) {
    if (!line.startsWith('ERROR ')) continue;
    const [message = '', ...frames] = line.split('\n');
    const ours = frames.find((f) => f.includes(REPO) && !f.includes('node_modules'));
    const key = `${message.replace(/^ERROR (unhandled error: )?/, '')}${ours ? ` ${ours.trim()}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([error, count]) => ({ error, count })).sort((a, b) => b.count - a.count);
}

/**
 * Start a backend, fuzz every endpoint with `runs` cases each from `seed`, send each failure
 * again alone to capture what the server logged (its stack), stop. What `npm test` and
 * `npm run proof` call.
 */
export async function fuzzEveryEndpoint(options: FuzzOptions): Promise<FuzzReport> {
  const backend = await startFuzzBackend({ influxUrl: options.influxUrl });
  try {
    const report = await fuzzServer(backend.url, options);
    report.serverErrors = faults(backend.logged);
    for (const failure of report.failures) {
      const cut = failure.bodyLength > (failure.body?.length ?? 0);
      if (cut || failure.pathLength > failure.path.length) continue;
      const before = backend.logged.length;
      await send(
        backend.url,
        {
          method: failure.method,
          path: failure.path,
          headers: failure.headers,
          body: failure.body ?? undefined,
        },
        options.timeoutMs ?? 10_000,
      );
      failure.serverLog = backend.logged.slice(before).join('\n').slice(0, 4000);
    }
    return report;
  } finally {
    await backend.close();
  }
}
