import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

// A database that ran an earlier version of an edited migration (0001, 0003-0006; see 0029) comes
// to the same schema as a fresh one: each fixture, migrated with today's files, dumps (pg_dump
// --schema-only) like a database migrated from nothing. On PostgreSQL (DATABASE_URL; each
// database is made and dropped here, named like the harness's) the comparison is pg_dump's. On
// the embedded database, which has no pg_dump, the same fixtures are loaded into PGlite and the
// schemas compared by a catalog description (columns, constraints, indexes, functions). Commit 1ce569a already had today's
// 0001-0010, so its database needs no repair; the other two fixtures are the versions 0029 repairs.
//
// The fixtures (test/fixtures/schema-*.sql) are the schema and schema_migrations rows of a
// database migrated with the migration files of old commits, named after them ("A-then-B":
// created at A, migrated again at B); like the migrations, they never change once committed.
// Made once, from this repository with node_modules installed, each old commit run by its own
// `npm run migrate` (here for schema-85168bb-then-0162ca4.sql; pg_dump 15 made them):
//   for c in 85168bb 0162ca4; do mkdir /tmp/linli-$c && git archive $c | tar -x -C /tmp/linli-$c &&
//     ln -s "$PWD/node_modules" /tmp/linli-$c/node_modules; done
//   H=postgres://postgres@127.0.0.1:5432; psql $H/test -c 'create database linli_hist'
//   for c in 85168bb 0162ca4; do (cd /tmp/linli-$c && DATABASE_URL=$H/linli_hist npm run migrate); done
//   { echo '-- <which commits>'; pg_dump --schema-only --no-owner --no-privileges $H/linli_hist;
//     pg_dump --data-only --inserts --no-owner --no-privileges -t schema_migrations -t schema_migrations_lock $H/linli_hist;
//   } > packages/server/test/fixtures/schema-85168bb-then-0162ca4.sql
//   psql $H/test -c 'drop database linli_hist'; rm -r /tmp/linli-85168bb /tmp/linli-0162ca4

const baseUrl = process.env.DATABASE_URL;

/** A database to test on: fresh, or loaded from a fixture; each one made here and dropped after. */
interface Engine {
  /** Migrates a database made from `fixture` (or empty) and describes its schema; `repair` runs first when given. */
  schemaAfter(
    fixture: string | undefined,
    repair?: (migrate: () => Promise<void>, run: (text: string) => Promise<void>) => Promise<void>,
  ): Promise<string>;
  close(): Promise<void>;
}

describe('a database migrated by an earlier version of the migrations', () => {
  let engine: Engine;
  let fresh: string;
  beforeAll(async () => {
    engine = baseUrl ? postgres(baseUrl) : embeddedEngine();
    fresh = await engine.schemaAfter(undefined);
  });
  afterAll(async () => engine?.close());

  it("at commit 1ce569a's schema (0001-0010 as they were then) migrates to today's schema", async () => {
    expect(await engine.schemaAfter('schema-1ce569a.sql')).toBe(fresh);
  });

  it('with 0001 before 498ab05 and 0003 of 4d12fc5 (made at 85168bb, migrated at 9a9fe9d) migrates to it', async () => {
    expect(await engine.schemaAfter('schema-85168bb-then-9a9fe9d.sql')).toBe(fresh);
  });

  it('that ran the empty placeholders 0003-0006 is refused whole, and migrates to it once it forgets them', async () => {
    const schema = await engine.schemaAfter('schema-85168bb-then-0162ca4.sql', async (migrate, run) => {
      // 0013 alters a table 0006 had not made yet; the run is one transaction, so nothing is applied.
      await expect(migrate()).rejects.toThrow(/relation "withdrawals" does not exist/);
      // The repair that 0029 describes.
      await run(
        "delete from schema_migrations where name in ('0003_procurement', '0004_logistics', '0005_pickup_aftersales', '0006_ledger')",
      );
    });
    expect(schema).toBe(fresh);
  });
});

/** PostgreSQL (DATABASE_URL): a database per case, compared by pg_dump. */
function postgres(server: string): Engine {
  const made: string[] = [];
  const admin = (text: string) => query(server, text);
  // Fails at once, not silently, when the PostgreSQL client tools are missing.
  try {
    execFileSync('pg_dump', ['--version'], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `pg_dump is needed to compare schemas and was not found on PATH (${(err as Error).message}); ` +
        "install the PostgreSQL client of the server's major version (e.g. apt-get install postgresql-client).",
    );
  }
  return {
    async schemaAfter(fixture, repair) {
      const name = `linli_test_${randomBytes(6).toString('hex')}`;
      await admin(`create database ${name}`);
      made.push(name);
      const url = new URL(server);
      url.pathname = `/${name}`;
      const db = url.toString();
      if (fixture) await query(db, readFixture(fixture));
      if (repair)
        await repair(
          () => migrate(db),
          async (text) => void (await query(db, text)),
        );
      await migrate(db);
      return schemaOf(db);
    },
    async close() {
      for (const name of made) await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The embedded database: an in-memory PGlite per case, compared by a catalog description (no pg_dump). */
function embeddedEngine(): Engine {
  return {
    async schemaAfter(fixture, repair) {
      const lite = new PGlite();
      try {
        if (fixture) {
          await lite.exec(readFixture(fixture));
          // The dump empties search_path for its session; PGlite has only this one.
          await lite.exec('reset all');
        }
        const db = new Kysely<any>({ dialect: new PGliteDialect({ pglite: lite }) });
        if (repair)
          await repair(
            async () => void (await migrateToLatest(db)),
            async (text) => void (await sql.raw(text).execute(db)),
          );
        await migrateToLatest(db);
        return await describeSchema(db);
      } finally {
        await lite.close();
      }
    },
    async close() {},
  };
}

/** A fixture dump, less psql's meta-commands (\restrict). */
function readFixture(fixture: string): string {
  return readFileSync(new URL(`fixtures/${fixture}`, import.meta.url), 'utf8').replace(/^\\.*$/gm, '');
}

async function query(url: string, text: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Without parameters pg sends a simple query, which may hold many statements.
    const result = await client.query(text);
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}

async function migrate(url: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

/**
 * The schema as pg_dump writes it, less what says nothing about it (comments, SET lines, blank
 * lines, the \restrict key that differs per dump): one paragraph per object, headed by pg_dump's
 * "-- Name:" line, sorted, so only a different object makes a difference.
 */
function schemaOf(url: string): string {
  const dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', '--dbname', url], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return dump
    .split(/\n--\n-- Name: /)
    .slice(1)
    .map((object) =>
      `-- Name: ${object}`
        .split('\n')
        .filter((line) => line !== '--' && !/^(-- Dumped|SET |SELECT pg_catalog\.set_config|\\|-- PostgreSQL database dump)/.test(line))
        .join('\n')
        .replace(/\n{2,}/g, '\n')
        .trim(),
    )
    .sort()
    .join('\n\n');
}

/** The schema as the catalog describes it, one sorted line per column, constraint, index and function. */
async function describeSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ line: string }>`
    select 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || case when a.attnotnull then ' not null' else '' end
           || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') as line
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attnum > 0 and not a.attisdropped
    union all
    select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select 'index ' || indexdef from pg_indexes where schemaname = 'public'
    union all
    select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(pg_get_functiondef(p.oid))
    from pg_proc p where p.pronamespace = 'public'::regnamespace
    union all
    select 'table ' || relname || coalesce(' ' || array_to_string(reloptions, ','), '')
    from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')
    order by 1`.execute(db);
  return rows.map((r) => r.line).join('\n');
}
