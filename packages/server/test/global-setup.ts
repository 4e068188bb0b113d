import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import type { DB } from '../src/platform/db/schema.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { adminQuery, dumpMigratedPglite } from './test-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite cluster migrated once for this run, dumped to this file; '' on PostgreSQL. */
    pgliteTemplate: string;
    /** On PostgreSQL, a database migrated once for this run that each test database is created from; '' on PGlite. */
    postgresTemplate: string;
  }
}

/**
 * Migrates one database for the whole run, from the code under test, and lets each test database
 * start from it (test/harness.ts) instead of migrating again, which cost about 3 s per test file
 * on PGlite (creating the cluster, then every migration) and about 2 s on PostgreSQL:
 * - on the embedded database, a PGlite cluster dumped to a file;
 * - on PostgreSQL (DATABASE_URL), a database on that server, used as `create database … template`
 *   and dropped at the end of the run.
 * The migration tests migrate their own databases.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    project.provide('pgliteTemplate', '');
    const name = `linli_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(baseUrl, `create database ${name}`);
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    // One connection, closed before any test runs: a database is a template only while nobody is connected to it.
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 1 }) }) });
    try {
      await migrateToLatest(db);
    } catch (err) {
      await db.destroy();
      await adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
      throw err;
    }
    await db.destroy();
    project.provide('postgresTemplate', name);
    return () => adminQuery(baseUrl, `drop database if exists ${name} with (force)`);
  }
  project.provide('postgresTemplate', '');
  const { file, remove } = await dumpMigratedPglite();
  project.provide('pgliteTemplate', file);
  return async () => remove();
}
