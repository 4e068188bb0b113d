import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDay, plan } from './logistics-fixtures.ts';
import { startTestApp, type TestApp } from './harness.ts';
import { type Case, caseArbitrary, casesFor, ids, principalIds, type Route, urlOf } from './fuzz-cases.ts';

/**
 * Property-based fuzzing of every route in the OpenAPI document: bad input derived from each
 * route's schemas (params, query, body, headers) is never a 5xx, and a rejected (4xx) request
 * changes no row. Reproducible: one fixed seed (FUZZ_SEED explores others); failing routes and inputs are listed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_121);
/**
 * Tables that change on requests by design, also on rejected ones: `rate_limits` counts requests
 * (refused ones too). Every other table must stay as it was.
 */
const LOG_TABLES = new Set(['rate_limits']);

let t: TestApp;
let tokens: Record<'resident' | 'leader' | 'staff' | 'driver' | 'supplier', string>;
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

function tokenFor(path: string): string | undefined {
  const area = path.split('/')[3];
  if (area === 'shop' || area === 'uploads' || area === 'leader-applications' || area === 'me') return tokens.resident;
  if (area === 'leader') return tokens.leader;
  if (area === 'driver') return tokens.driver;
  if (area === 'supplier') return tokens.supplier;
  if (area === 'admin') return tokens.staff;
  return undefined;
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
