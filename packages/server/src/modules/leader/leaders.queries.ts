import type { Executor } from '../../platform/db/database.ts';
import { type Expression, type RawBuilder, sql } from 'kysely';

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

/**
 * A leader's level (`level`), the leader given as a column of the caller's statement: a fragment
 * for `join lateral (…) on true` in a statement that must stay one, such as the ledger's posting
 * of every paid order (its commission is rated by the leader's level).
 */
export function leaderLevelOf(leaderId: Expression<string>): RawBuilder<{ level: number }> {
  return sql`select level from leaders where id = ${leaderId}`;
}
