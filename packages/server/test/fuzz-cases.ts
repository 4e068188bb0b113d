import fc from 'fast-check';

/**
 * The cases of the route fuzz test (fuzz-routes.test.ts): for a route of the OpenAPI document, a
 * valid request built from its JSON schemas, then made wrong in one place (a parameter, a query
 * value, a body field, the body as a whole or a header) with fast-check. Ids that exist are used
 * where a schema asks for one, so generated requests reach the database.
 */
/**
 * Generated cases per route: a base plus three per place to put bad input (a parameter, a body
 * field), at most the maximum; sized to keep a run well under a minute per database.
 */
const CASES_PER_ROUTE = 40;
const MAX_CASES_PER_ROUTE = 150;

export type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
};
export interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
export interface Route {
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | undefined;
}
export interface Case {
  what: string;
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  payload?: string;
}

/** Ids that exist, by prefix (`cmp`, `ord`, …), so generated requests reach the database. */
export const ids = new Map<string, string[]>();
/** Ids of the logged-in principals: never a path parameter, so a valid case cannot suspend them. */
export const principalIds = new Set<string>();

// ---- valid values from a JSON schema, so a case is wrong in one place only --------------------

const PREFIX_OF: Record<string, string> = {
  campaign: 'cmp',
  campaigns: 'cmp',
  campaignline: 'cml',
  line: 'cml',
  lines: 'cml',
  order: 'ord',
  orders: 'ord',
  orderline: 'orl',
  sku: 'sku',
  skus: 'sku',
  product: 'prd',
  products: 'prd',
  category: 'cat',
  categories: 'cat',
  leader: 'ldr',
  leaders: 'ldr',
  pickuppoint: 'pp',
  'pickup-points': 'pp',
  resident: 'res',
  residents: 'res',
  supplier: 'sup',
  suppliers: 'sup',
  purchaseorder: 'po',
  'purchase-orders': 'po',
  warehouse: 'whs',
  warehouses: 'whs',
  carrier: 'car',
  carriers: 'car',
  vehicletype: 'vht',
  'vehicle-types': 'vht',
  driver: 'drv',
  drivers: 'drv',
  route: 'rte',
  routes: 'rte',
  stop: 'stp',
  stops: 'stp',
  payment: 'pay',
  staff: 'stf',
  withdrawal: 'wdr',
  withdrawals: 'wdr',
  claim: 'asc',
  claims: 'asc',
  aftersales: 'asc',
  application: 'lap',
  'leader-applications': 'lap',
  lot: 'lot',
  lots: 'lot',
  handover: 'hdo',
  handovers: 'hdo',
  shortage: 'sha',
  shortages: 'sha',
  upload: 'upl',
  uploads: 'upl',
};

function existingId(hint: string): string {
  const prefix = PREFIX_OF[hint.toLowerCase().replace(/ids?$/, '')] ?? PREFIX_OF[hint.toLowerCase()];
  const pool = (prefix ? ids.get(prefix) : undefined)?.filter((id) => !principalIds.has(id)) ?? [];
  return pool[0] ?? `${prefix ?? 'xyz'}_01jfuzz000000000000000000`;
}

function validString(schema: Schema, name: string): string {
  const pattern = schema.pattern ?? '';
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-11-21';
  if (pattern.includes('02-29') || schema.format === 'date-time') return '2026-11-21T08:00:00+08:00';
  if (pattern.startsWith('^1[3-9]')) return '13900000001';
  if (pattern === '^[0-9]{6}$') return '123456';
  if (pattern === '^[0-9a-f]{64}$') return 'a'.repeat(64);
  if (pattern.includes('[0-5]\\d$')) return '08:00';
  if (pattern.includes('uploads')) return '/api/v1/uploads/upl_00000000000000000000000000';
  if (pattern === '^[A-Za-z0-9_.:-]+$') return 'fuzz-key-0001';
  if (schema.format === 'uri') return 'https://example.com/a.png';
  if (/ids?$/i.test(name)) return existingId(name);
  return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
}

function validValue(schema: Schema, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  // null where allowed: a filter left out, a parent not named.
  if (schema.nullable || alternatives?.some((s) => s.type === 'null')) return null;
  if (alternatives) return validValue(alternatives[0]!, name);
  if (schema.allOf) return validValue(schema.allOf[0]!, name);
  if (Array.isArray(schema.type) && schema.type.includes('null')) return null;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Optional fields too, so a bad value can land in each of them.
      for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = validValue(property, key);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => validValue(schema.items ?? {}, name));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'string':
      return validString(schema, name);
    default:
      return 'x';
  }
}

/** Paths to every leaf and container of a JSON value, the places a mutation can hit. */
function pathsOf(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...at, i]));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]));
  return out;
}

function withAt(value: unknown, path: Array<string | number>, replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value);
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  const next = withAt(copy[head], rest, replace);
  if (next === REMOVE) delete copy[head];
  else copy[head] = next;
  return copy;
}
const REMOVE = Symbol('remove');

// ---- bad input ------------------------------------------------------------------------------

const badStrings = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '\u0000',
      'a\u0000b',
      '',
      ' ',
      'x'.repeat(5000),
      '中文\r\n"\\;',
      '2026-02-30',
      '2026-13-45',
      '2026-02-29',
      '0000-00-00',
      '25:99',
      '\ud800',
      '🍊🍊',
      '-1',
      '1e20',
      "'; drop table orders; --",
      '../../etc/passwd',
      '%00',
      'null',
      'NaN',
      'upl_00000000000000000000000000',
    ),
    weight: 3,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
);
const badNumbers = fc.oneof(
  { arbitrary: fc.constantFrom(1e20, -1e20, -1, 0, 2_147_483_648, -2_147_483_649, 2 ** 53, 1.5, 1e308, -0.0001), weight: 2 },
  { arbitrary: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), weight: 2 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
);
const badJson: fc.Arbitrary<unknown> = fc.oneof(
  badStrings,
  badNumbers,
  fc.constantFrom(null, true, false, [], {}, [1, 2], { a: 1 }, ['\u0000'], [{}], { '\u0000': 1 }),
  fc.array(badStrings, { maxLength: 3 }),
);
const badQueryValues = fc.oneof(
  badStrings,
  fc.constantFrom(
    '1e20',
    '-1',
    '99999999999999999999',
    '0x10',
    'Infinity',
    '-Infinity',
    '1.5',
    '2147483648',
    '9223372036854775808',
    'true',
    '[]',
    '{}',
  ),
);
const badPathValues = fc.oneof(
  badStrings.map((s) => encodeURIComponent(s.replaceAll(/[\ud800-\udfff]/g, '\ufffd'))),
  fc.constantFrom('%ff', '%c0%af', '%e0%80%af', '..', '%2e%2e', '.', '%', '%zz', '%0d%0a', '%22', 'a'.repeat(300), '%E4%B8%AD%E6%96%87'),
);
const wrongBodies = fc.constantFrom<[string, string]>(
  ['application/json', '{"a":'],
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"\\u0000"'],
  ['application/json', '12345678901234567890'],
  ['application/json', '{"__proto__":{"x":1}}'],
  ['application/json', '{"constructor":{"prototype":{"x":1}}}'],
  ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['application/json', '\u00ef\u00bb\u00bf{}'],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=1&b=2'],
  ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ['application/json; charset=latin1', '{}'],
);

/** Mostly bad values of the leaf's own type (a number too big, a string with NUL), sometimes any bad JSON. */
function badFor(value: unknown): fc.Arbitrary<unknown> {
  const typed = typeof value === 'number' ? badNumbers : typeof value === 'string' ? badStrings : badJson;
  return fc.oneof({ arbitrary: typed, weight: 3 }, { arbitrary: badJson, weight: 1 });
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  return path.reduce<any>((v, key) => v?.[key], value);
}

/** How many cases a route gets: more for more places to put bad input. */
export function casesFor(route: Route): number {
  const places = route.params.length + (route.body ? pathsOf(validValue(route.body)).length + 2 : 0);
  return Math.min(MAX_CASES_PER_ROUTE, CASES_PER_ROUTE + 3 * places);
}

export function caseArbitrary(route: Route): fc.Arbitrary<Case> {
  const path = route.params.filter((p) => p.in === 'path');
  const query = route.params.filter((p) => p.in === 'query');
  const headers = route.params.filter((p) => p.in === 'header');
  const baseParams = Object.fromEntries(path.map((p) => [p.name, encodeURIComponent(existingId(segmentBefore(route.path, p.name)))]));
  const baseQuery: Array<[string, string]> = query.filter((p) => p.required).map((p) => [p.name, String(validValue(p.schema, p.name))]);
  const baseBody = route.body ? validValue(route.body) : undefined;
  const base: Case = {
    what: 'valid',
    params: baseParams,
    query: baseQuery,
    headers: {},
    ...(baseBody !== undefined ? { payload: JSON.stringify(baseBody) } : {}),
  };
  // Weighted by the places each kind can hit, so every field gets its share of bad values.
  const mutations: Array<fc.WeightedArbitrary<Case>> = [];
  const add = (arbitrary: fc.Arbitrary<Case>, weight = 1) => mutations.push({ arbitrary, weight });
  if (path.length > 0) {
    add(
      fc
        .record({ p: fc.constantFrom(...path), v: badPathValues })
        .map(({ p, v }) => ({ ...base, what: `path ${p.name}=${v}`, params: { ...baseParams, [p.name]: v } })),
      2 * path.length,
    );
  }
  if (query.length > 0) {
    add(
      fc.record({ p: fc.constantFrom(...query), v: badQueryValues }).map(({ p, v }) => ({
        ...base,
        what: `query ${p.name}=${JSON.stringify(v)}`,
        query: [...baseQuery.filter(([k]) => k !== p.name), [p.name, v]],
      })),
      2 * query.length,
    );
    add(
      fc.record({ p: fc.constantFrom(...query), v: fc.array(badQueryValues, { minLength: 2, maxLength: 3 }) }).map(({ p, v }) => ({
        ...base,
        what: `query ${p.name} repeated ${JSON.stringify(v)}`,
        query: [...baseQuery, ...v.map((x): [string, string] => [p.name, x])],
      })),
    );
  }
  add(
    fc.record({ k: fc.constantFrom('extra', '__proto__', 'constructor', '\u0000'), v: badQueryValues }).map(({ k, v }) => ({
      ...base,
      what: `extra query ${JSON.stringify(k)}`,
      query: [...baseQuery, [k, v]],
    })),
  );
  if (baseQuery.length > 0)
    add(fc.constantFrom(...baseQuery.map(([k]) => ({ ...base, what: `missing query ${k}`, query: baseQuery.filter(([x]) => x !== k) }))));
  if (headers.length > 0) {
    add(
      fc
        .record({
          p: fc.constantFrom(...headers),
          v: fc.oneof(fc.constantFrom('', 'x', 'a'.repeat(200), '中文', 'key with space', 'k\u0000ey12345'), fc.string({ maxLength: 20 })),
        })
        .map(({ p, v }) => ({ ...base, what: `header ${p.name}=${JSON.stringify(v)}`, headers: { [p.name]: headerSafe(v) } })),
    );
  }
  if (route.body) {
    const places = pathsOf(baseBody);
    if (places.length > 0) {
      add(
        fc
          .constantFrom(...places)
          .chain((at) => fc.record({ at: fc.constant(at), v: badFor(valueAt(baseBody, at)) }))
          .map(({ at, v }) => ({
            ...base,
            what: `body ${at.join('.')}=${JSON.stringify(v)?.slice(0, 80)}`,
            payload: JSON.stringify(withAt(baseBody, at, () => v)),
          })),
        3 * places.length,
      );
      add(
        fc
          .constantFrom(...places)
          .map((at) => ({ ...base, what: `body without ${at.join('.')}`, payload: JSON.stringify(withAt(baseBody, at, () => REMOVE)) })),
      );
    }
    add(
      fc.record({ k: fc.constantFrom('extra', 'id', 'operatorId', 'status'), v: badJson }).map(({ k, v }) => ({
        ...base,
        what: `body extra ${k}`,
        payload: JSON.stringify({ ...(baseBody as object), [k]: v }),
      })),
    );
    add(badJson.map((v) => ({ ...base, what: `body is ${JSON.stringify(v)?.slice(0, 80)}`, payload: JSON.stringify(v) ?? 'null' })));
    add(
      wrongBodies.map(([type, payload]) => ({
        ...base,
        what: `body ${type} ${payload.slice(0, 40)}`,
        payload,
        headers: { 'content-type': type },
      })),
    );
  }
  return fc.oneof(...mutations);
}

function segmentBefore(path: string, param: string): string {
  const parts = path.split('/');
  const at = parts.indexOf(`{${param}}`);
  return param === 'id' ? (parts[at - 1] ?? '') : param;
}

function headerSafe(value: string): string {
  return [...value].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f).join('') || 'x';
}

export function urlOf(route: Route, c: Case): string {
  let url = route.path.replaceAll(/\{(\w+)\}/g, (_m, name: string) => c.params[name] ?? 'x');
  if (c.query.length > 0)
    url += `?${c.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replaceAll(/[\ud800-\udfff]/g, '\ufffd'))}`).join('&')}`;
  return url;
}
