import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/platform/db/schema.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * Where the browser journeys' servers find the migrated cluster their run's global setup dumped
 * (e2e/global-setup.ts sets it, the test workers inherit it, e2e/server.ts reads it). Unset (the
 * web budget, a journey run by hand), a server migrates its database as `linli start` does.
 */
export const DB_TEMPLATE_ENV = 'LINLI_E2E_DB_TEMPLATE';

/**
 * Migrates an empty PGlite cluster, from the code under test, and dumps it to a file that
 * `openDatabase`'s `template` (createApp's `databaseTemplate`) starts a database from in about
 * 0.6 s, instead of about 3.4 s for an empty cluster migrated again. For a test run's global
 * setup: `remove` deletes the file at the end of the run.
 */
export async function dumpMigratedPglite(): Promise<{ file: string; remove: () => void }> {
  const lite = new PGlite('memory://');
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: lite }) });
  await migrateToLatest(db);
  const dump = await lite.dumpDataDir('none');
  await db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'linli-test-template-'));
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one statement on the PostgreSQL server's admin database `url` (create or drop a database), on a connection of its own. */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
