import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';

/**
 * Checkout's atomic write becomes a source file of ordering, `modules/ordering/place-order.sql`:
 * `linli_place_order(p_order jsonb)` takes one document of named fields instead of 24 positional
 * parameters, and raises its failures with SQLSTATEs of class LN (the line id in DETAIL) that the
 * service maps by code. Same writes, same lock order. The 24-parameter function (0007, 0011) goes.
 *
 * How a later change of place-order.sql reaches databases. A migration must do the same thing
 * whenever it runs, but the file goes on changing after this one is committed; so this migration
 * holds the sha256 of the text it was written for and loads the file only while it is that text.
 * - Whoever changes place-order.sql adds a migration that loads it again:
 *   `loadOrderingSql(db, 'place-order.sql', '<sha256 of the new text>')`. Databases already past
 *   0030 get the new function from it.
 * - A fresh database runs 0030 against the newer file, sees another hash and loads nothing; the
 *   newer migration installs it later in the same run. So no migration installs a text that may
 *   rely on tables or types of a migration after it.
 * - Forgetting that migration fails loudly: nothing loads the current file, a fresh database has
 *   no checkout function, and checkout-failures.test.ts checks that the installed body is the file's.
 * The file stays one `create or replace function` statement (PGlite runs one per call), so loading
 * it again is harmless; a new signature drops the old one in the migration that loads it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`drop function linli_place_order(
  text, text, text, text, text, date, bigint, timestamptz, timestamptz, text, text, text, text, text[],
  text[], text[], text[], text[], text[], bigint[], int[], bigint[], int[], jsonb)`)
    .execute(db);
  await loadOrderingSql(db, 'place-order.sql', '156816bc784fa1bd8819d44a9b912b7349205bb7aaa7769c24d1b42b92ab068e');
}

/**
 * Runs one SQL file of the ordering module if its text (line endings aside) has this sha256, and
 * does nothing otherwise: the migration that holds the current hash installs it. For migrations only.
 */
export async function loadOrderingSql(db: Kysely<unknown>, file: string, sha256: string): Promise<boolean> {
  // Read by path, not imported: the platform does not depend on modules.
  const text = readFileSync(new URL(`../../../modules/ordering/${file}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
  if (createHash('sha256').update(text).digest('hex') !== sha256) return false;
  await sql.raw(text).execute(db);
  return true;
}
