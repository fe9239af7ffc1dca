import fc from 'fast-check';

// Values and mutations: odd values and keys, and a valid body changed in one to three places

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

export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_VALUES) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.nat({ max: 5_000 }).map((n) => 'y'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('z'.repeat(70_000)) },
);

export const keyArb = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 16 }));

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
export function mutatedArb(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
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
