import type { Executor } from '../../platform/db/database.ts';

/** A leader as other modules see them. */
export interface LeaderView {
  id: string;
  name: string;
  phone: string;
  status: 'active' | 'suspended';
  level: number;
}

/** The operator's leaders with these ids, by id (unknown ids are left out). */
export async function leadersByIds(db: Executor, operatorId: string, ids: Iterable<string>): Promise<Map<string, LeaderView>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('leaders')
    .select(['id', 'name', 'phone', 'status', 'level'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}
