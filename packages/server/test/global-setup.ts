import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { TestProject } from 'vitest/node';
import type { DB } from '../src/platform/db/schema.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite cluster migrated once for this run, dumped to this file; '' on PostgreSQL. */
    pgliteTemplate: string;
  }
}

/**
 * On the embedded database, migrates one PGlite cluster for the whole run and dumps it: each test
 * database starts from it (test/harness.ts) instead of an empty cluster migrated again, which cost
 * about 3 s per test file (creating the cluster, then every migration). The migrations still run
 * for real, once per run, from the code under test; the migration tests migrate their own.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return () => {};
  }
  const lite = new PGlite('memory://');
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: lite }) });
  await migrateToLatest(db);
  const dump = await lite.dumpDataDir('none');
  await db.destroy();
  const dir = mkdtempSync(join(tmpdir(), 'linli-test-template-'));
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
