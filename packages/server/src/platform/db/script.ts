import { type Kysely, sql } from 'kysely';

/**
 * Runs a migration script statement by statement (PGlite's prepared-statement protocol takes one
 * statement at a time). Statements end with a semicolon at the end of a line.
 */
export async function runScript(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*\n/)) {
    const text = statement.replace(/^\s*--.*$/gm, '').trim();
    if (text) await sql.raw(text).execute(db);
  }
}
