import type { Executor } from '../../platform/db/database.ts';

/** The names of the operator's staff with these ids, by id (unknown ids are left out). */
export async function staffNames(db: Executor, operatorId: string, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff')
    .select(['id', 'name'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
