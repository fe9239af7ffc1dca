import { KEYS } from './server.js';
import { type Endpoint, type OpenApi, type Schema } from './fuzz-endpoints.js';

/** Every seed user has this password (config/users.json, demo: true). */
export const DEMO_PASSWORD = 'minqing-demo';
export const VILLAGE = '611025101202'; // 回龙镇·枣园村
export const GROUP = `${VILLAGE}001`;

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
export function validBody(endpoint: Endpoint, doc: OpenApi, known: Known, nonce: number): unknown {
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
