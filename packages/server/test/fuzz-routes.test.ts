import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDay, plan } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';

/**
 * Property-based fuzzing of every route in the OpenAPI document: bad input derived from each
 * route's schemas (params, query, body, headers) is never a 5xx, and a rejected (4xx) request
 * changes no row. Reproducible: one fixed seed (FUZZ_SEED explores others); failing routes and inputs are listed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
/**
 * Generated cases per route: a base plus three per place to put bad input (a parameter, a body
 * field), at most the maximum; sized to keep a run well under a minute per database.
 */
const CASES_PER_ROUTE = 40;
const MAX_CASES_PER_ROUTE = 150;
/**
 * Tables that change on requests by design, also on rejected ones: `rate_limits` counts requests
 * (refused ones too). Every other table must stay as it was.
 */
const LOG_TABLES = new Set(['rate_limits']);

type Schema = {
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
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Route {
  method: string;
  path: string;
  params: Parameter[];
  body: Schema | undefined;
}
interface Case {
  what: string;
  params: Record<string, string>;
  query: Array<[string, string]>;
  headers: Record<string, string>;
  payload?: string;
}

let t: TestApp;
let tokens: Record<'resident' | 'leader' | 'staff' | 'driver' | 'supplier', string>;
/** Ids that exist, by prefix (`cmp`, `ord`, …), so generated requests reach the database. */
const ids = new Map<string, string[]>();
/** Ids of the logged-in principals: never a path parameter, so a valid case cannot suspend them. */
const principalIds = new Set<string>();

beforeAll(async () => {
  t = await startTestApp();
  const day = await buildDay(t);
  await plan(t, day);
  tokens = {
    resident: await t.login('resident', day.w.residents[0]!.phone),
    leader: await t.login('leader', day.w.leaders[0]!.phone),
    staff: day.staff,
    driver: day.drivers[0]!.token,
    supplier: await t.login('supplier', day.w.supplierPhone),
  };
  for (const id of [day.w.residents[0]!.id, day.w.leaders[0]!.id, day.w.leaders[0]!.pickupPointId, day.drivers[0]!.id, day.w.supplierId]) {
    principalIds.add(id);
  }
  for (const table of await tablesWith('id')) {
    const rows = await sql<{ id: string }>`select id::text as id from ${sql.table(table)} order by id limit 3`.execute(t.ctx.db);
    for (const { id } of rows.rows) {
      const prefix = id.split('_')[0]!;
      ids.set(prefix, [...(ids.get(prefix) ?? []), id]);
    }
  }
});
afterAll(() => t?.close());

async function tablesWith(column?: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select t.table_name as name from information_schema.tables t
    where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and (${column ?? null}::text is null or exists (
        select 1 from information_schema.columns c
        where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = ${column ?? null}::text))
    order by t.table_name`.execute(t.ctx.db);
  return rows.rows.map((r) => r.name);
}

/** Count and hash of every table but the logs: equal fingerprints, no row changed. */
async function fingerprint(): Promise<Map<string, string>> {
  const tables = (await tablesWith()).filter((name) => !LOG_TABLES.has(name));
  const query = tables
    .map(
      (name) =>
        `select '${name}' as name, count(*) || ':' || coalesce(md5(string_agg(x::text, '' order by x::text)), '') as print from "${name}" x`,
    )
    .join(' union all ');
  const rows = await sql<{ name: string; print: string }>`${sql.raw(query)}`.execute(t.ctx.db);
  return new Map(rows.rows.map((r) => [r.name, r.print]));
}

/**
 * The fingerprint once accepted requests' work after commit (event delivery, a refund sent to the
 * provider) has landed: delivered and unchanged twice in a row.
 */
async function quiet(): Promise<Map<string, string>> {
  let last = await fingerprint();
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await t.ctx.events.drain();
    const now = await fingerprint();
    if (changedTables(last, now).length === 0) return now;
    last = now;
  }
  return last;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

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
function casesFor(route: Route): number {
  const places = route.params.length + (route.body ? pathsOf(validValue(route.body)).length + 2 : 0);
  return Math.min(MAX_CASES_PER_ROUTE, CASES_PER_ROUTE + 3 * places);
}

function caseArbitrary(route: Route): fc.Arbitrary<Case> {
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

function tokenFor(path: string): string | undefined {
  const area = path.split('/')[3];
  if (area === 'shop' || area === 'uploads' || area === 'leader-applications' || area === 'me') return tokens.resident;
  if (area === 'leader') return tokens.leader;
  if (area === 'driver') return tokens.driver;
  if (area === 'supplier') return tokens.supplier;
  if (area === 'admin') return tokens.staff;
  return undefined;
}

function urlOf(route: Route, c: Case): string {
  let url = route.path.replaceAll(/\{(\w+)\}/g, (_m, name: string) => c.params[name] ?? 'x');
  if (c.query.length > 0)
    url += `?${c.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v.replaceAll(/[\ud800-\udfff]/g, '\ufffd'))}`).join('&')}`;
  return url;
}

describe('every route, fuzzed from its OpenAPI schema', () => {
  it('never answers 5xx, and a rejected request changes no row', async () => {
    const doc = (await t.request('GET', '/api/docs/json')).body as { paths: Record<string, Record<string, any>> };
    const routes: Route[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        // Logging out would end the session the rest of the run uses.
        if (method === 'delete' && path === '/api/v1/auth/sessions') continue;
        routes.push({
          method: method.toUpperCase(),
          path,
          params: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema,
        });
      }
    }
    expect(routes.length).toBeGreaterThan(100);

    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    let sent = 0;
    let checked = 0;
    const send = async (route: Route, c: Case): Promise<number> => {
      const headers: Record<string, string> = { ...c.headers };
      const token = tokenFor(route.path);
      if (token) headers.authorization = `Bearer ${token}`;
      if (c.payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const url = urlOf(route, c);
      const res = await t.app.server.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(c.payload !== undefined && route.method !== 'GET' ? { payload: c.payload } : {}),
      });
      sent++;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      // The error handler's backstop for a value the database refused: the contract lacks a bound.
      const refusedByDatabase = res.statusCode === 400 && res.body.includes('"sqlState"');
      if (res.statusCode >= 500 || refusedByDatabase)
        failures.push(`${res.statusCode} ${route.method} ${url} (${c.what}): ${res.body.slice(0, 200)}`);
      return res.statusCode;
    };
    // The fingerprint sees a changed row (else the check below proves nothing).
    const untouched = await fingerprint();
    await sql`update categories set name = name || '!'`.execute(t.ctx.db);
    expect(changedTables(untouched, await fingerprint())).toEqual(['categories']);
    await sql`update categories set name = left(name, -1)`.execute(t.ctx.db);
    expect(changedTables(untouched, await fingerprint())).toEqual([]);

    const started = performance.now();
    let before = await fingerprint();
    for (const [index, route] of routes.entries()) {
      const cases = fc.sample(caseArbitrary(route), { seed: SEED + index, numRuns: casesFor(route) });
      let rejected: Case[] = [];
      for (const c of cases) if ((await send(route, c)) >= 400) rejected.push(c);
      if (rejected.length < cases.length) {
        // Some were accepted and may have written: once that has settled, send the rejected ones again on their own.
        before = await quiet();
        const again: Case[] = [];
        for (const c of rejected) if ((await send(route, c)) >= 400) again.push(c);
        if (again.length < rejected.length) rejected = [];
      }
      const after = await fingerprint();
      if (rejected.length > 0) {
        checked++;
        const changed = changedTables(before, after);
        if (changed.length > 0) failures.push(`${route.method} ${route.path}: rejected requests changed ${changed.join(', ')}`);
        before = after;
      } else {
        before = await quiet();
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests to ${routes.length} routes in ${seconds} s (${t.ctx.dbKind}), ${checked} routes checked for unchanged rows, ${failures.length} failures; by status ${JSON.stringify(statuses)}`,
    );
    expect(failures).toEqual([]);
  });
});
