import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

// A database that ran an earlier version of an edited migration (0001, 0003-0006; see 0029) comes
// to the same schema as a fresh one: each fixture, migrated with today's files, dumps (pg_dump
// --schema-only) like a database migrated from nothing. PostgreSQL only (DATABASE_URL; each
// database is made and dropped here, named like the harness's): it needs pg_dump, and the
// fixtures are PostgreSQL dumps. On PGlite the suite does not run (describe.runIf: the harness
// has no pattern of its own for PostgreSQL-only tests). Commit 1ce569a already had today's
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

describe.runIf(baseUrl)('a database migrated by an earlier version of the migrations', () => {
  let fresh: string;
  const made: string[] = [];

  /** A new empty database on the server of DATABASE_URL, dropped after the suite. */
  async function createDatabase(): Promise<string> {
    const name = `linli_test_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    made.push(name);
    const url = new URL(baseUrl as string);
    url.pathname = `/${name}`;
    return url.toString();
  }

  beforeAll(async () => {
    // Fails here, not silently, when the PostgreSQL client tools are missing.
    try {
      execFileSync('pg_dump', ['--version'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(
        `pg_dump is needed to compare schemas and was not found on PATH (${(err as Error).message}); ` +
          "install the PostgreSQL client of the server's major version (e.g. apt-get install postgresql-client).",
      );
    }
    const url = await createDatabase();
    await migrate(url);
    fresh = schemaOf(url);
  });
  afterAll(async () => {
    for (const name of made) await admin(`drop database if exists ${name} with (force)`);
  });

  it("at commit 1ce569a's schema (0001-0010 as they were then) migrates to today's schema", async () => {
    const url = await createDatabase();
    await load(url, 'schema-1ce569a.sql');
    await migrate(url);
    expect(schemaOf(url)).toBe(fresh);
  });

  it('with 0001 before 498ab05 and 0003 of 4d12fc5 (made at 85168bb, migrated at 9a9fe9d) migrates to it', async () => {
    const url = await createDatabase();
    await load(url, 'schema-85168bb-then-9a9fe9d.sql');
    await migrate(url);
    expect(schemaOf(url)).toBe(fresh);
  });

  it('that ran the empty placeholders 0003-0006 is refused whole, and migrates to it once it forgets them', async () => {
    const url = await createDatabase();
    await load(url, 'schema-85168bb-then-0162ca4.sql');
    // 0013 alters a table 0006 had not made yet; the run is one transaction, so nothing is applied.
    await expect(migrate(url)).rejects.toThrow(/relation "withdrawals" does not exist/);
    expect(await applied(url)).toEqual([
      '0001_initial',
      '0002_refund_lines',
      '0003_procurement',
      '0004_logistics',
      '0005_pickup_aftersales',
      '0006_ledger',
    ]);
    // The repair that 0029 describes.
    await query(
      url,
      "delete from schema_migrations where name in ('0003_procurement', '0004_logistics', '0005_pickup_aftersales', '0006_ledger')",
    );
    await migrate(url);
    expect(schemaOf(url)).toBe(fresh);
  });
});

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

const admin = (text: string) => query(baseUrl as string, text);

/** Runs a fixture dump, less psql's meta-commands (\restrict). */
async function load(url: string, fixture: string): Promise<void> {
  const dump = readFileSync(new URL(`fixtures/${fixture}`, import.meta.url), 'utf8');
  await query(url, dump.replace(/^\\.*$/gm, ''));
}

async function migrate(url: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: url, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

async function applied(url: string): Promise<string[]> {
  const [result] = await query(url, 'select name from schema_migrations order by name');
  return (result?.rows ?? []).map((r) => r.name as string);
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
