import type { Executor } from '../../platform/db/database.ts';

/** The names of the operator's carriers with these ids, by id (other operators' or unknown ids are absent). */
export async function carrierNames(db: Executor, operatorId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('carriers')
    .select(['id', 'name'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
