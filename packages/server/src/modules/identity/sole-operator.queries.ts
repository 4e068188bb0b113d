import type { Executor } from '../../platform/db/database.ts';

/** The slug of the installation's only operator; null when there is none or there are several. */
export async function soleOperatorSlug(db: Executor): Promise<string | null> {
  const rows = await db.selectFrom('operators').select('slug').orderBy('slug').limit(2).execute();
  return rows.length === 1 ? (rows[0]?.slug ?? null) : null;
}
