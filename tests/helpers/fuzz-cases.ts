import fc from 'fast-check';

import { SESSION_COOKIE } from '../../backend/auth/session.js';
import { KEYS } from './server.js';
import { type Endpoint, type OpenApi, type Schema } from './fuzz-endpoints.js';
import { keyArb, mutatedArb, valueArb } from './fuzz-mutations.js';

import { type Known, sampleSchema, validBody } from './fuzz-valid.js';

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
export function edgeCases(endpoint: Endpoint, doc: OpenApi, known: Known): FuzzCase[] {
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
