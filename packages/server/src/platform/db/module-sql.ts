import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';

/**
 * Runs one SQL file a module owns (`modules/<module>/<file>`) if its text (line endings aside) has
 * this sha256, and does nothing otherwise, for migrations only. Why by hash: a migration must do
 * the same thing whenever it runs, yet the file goes on changing; whoever changes it adds a
 * migration that loads it again with the new hash (0030_checkout_function.ts tells the whole
 * story). The file is one `create or replace function` statement (PGlite runs one per call).
 */
export async function loadModuleSql(db: Kysely<unknown>, module: string, file: string, sha256: string): Promise<boolean> {
  // Read by path, not imported: the platform does not depend on modules.
  const text = readFileSync(new URL(`../../modules/${module}/${file}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
  if (createHash('sha256').update(text).digest('hex') !== sha256) return false;
  await sql.raw(text).execute(db);
  return true;
}
