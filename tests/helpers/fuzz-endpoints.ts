import type { Source } from '#contracts';

// The endpoints, from the OpenAPI document

export type Schema = Record<string, unknown>;

interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: Array<Record<string, unknown>>;
}

export interface OpenApi {
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
